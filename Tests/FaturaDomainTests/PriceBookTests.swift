import FaturaDomain
import Testing

/// Contract resolution: the contract valid on the day performed decides the table and the values.
@Suite struct PriceBookTests {
    static let payer = 7, company = 1
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }
    static func at(_ text: String) -> LocalDateTime { LocalDateTime(iso: text)! }

    /// Version 1 until 30/06/2026 with UCO 24,24; version 2 from 01/07/2026 with UCO 25,00.
    static let book: PriceBook = {
        let v1 = Contract(id: 1, payerId: payer, companyId: company, name: "Contrato 2026", validFrom: day("2026-01-01"),
                          validTo: day("2026-06-30"), procedureTable: .cbhpm, procedureTableId: 10, valueSeries: "CBHPM 2022",
                          porteAdjustment: Percentage(percent: -20), ownTableId: 20)
        var v2 = v1
        v2.id = 2
        v2.version = 2
        v2.previousId = 1
        v2.validFrom = day("2026-07-01")
        v2.validTo = nil
        v2.ucoValue = Rate(tenThousandths: 250_000)
        let entries: [String: ProcedureEntry] = [
            "41001010": ProcedureEntry(code: "41001010", description: "TC crânio", porte: Porte("9A"), uco: Quantity(parsing: "33,8")!,
                                       film: Quantity(parsing: "0,5")!),
        ]
        let values = ValueTable(series: "CBHPM 2022", validFrom: day("2021-10-01"), porteValues: [Porte("9A")!: Money(cents: 313_211)],
                                ucoValue: Rate(tenThousandths: 242_400), filmValue: Rate(tenThousandths: 217_000))
        let package = PricedEntry(code: "PCT001", description: "Pacote parto", value: Money(cents: 450_000), validFrom: day("2026-03-01"))
        return PriceBook(contracts: [v1, v2], procedureEntries: [10: entries], pricedEntries: [20: ["PCT001": [package]]],
                         valueTables: ["CBHPM 2022": [values]])
    }()

    /// 30/06: 2.505,69 + 819,31 + 10,85 = 3.335,85 (v1). 01/07: UCO 33,8 × 25,00 = 845,00 → 3.361,54 (v2).
    @Test func theDayBeforeAndTheDayOfANewVersion() throws {
        let before = try Self.book.price(table: .cbhpm, code: "41001010", performedAt: Self.at("2026-06-30T10:00"), quantity: .one,
                                         payerId: Self.payer, companyId: Self.company).get()
        #expect(before.contractId == 1)
        #expect(before.unit.unitValue == Money(cents: 333_585))
        let after = try Self.book.price(table: .cbhpm, code: "41001010", performedAt: Self.at("2026-07-01T10:00"), quantity: Quantity(2),
                                        payerId: Self.payer, companyId: Self.company).get()
        #expect(after.contractId == 2)
        #expect(after.unit.operatingCostPart == Money(cents: 84_500))
        #expect(after.unit.unitValue == Money(cents: 336_154))
        #expect(after.total == Money(cents: 672_308))
        #expect(after.porte == Porte("9A"))
    }

    @Test func unpriceableItemsSayWhy() {
        let notInTable = Self.book.price(table: .cbhpm, code: "99999999", performedAt: Self.at("2026-05-05T10:00"), quantity: .one,
                                         payerId: Self.payer, companyId: Self.company)
        #expect(notInTable == .failure(.codeNotInTable(code: "99999999", table: .cbhpm)))
        let noContract = Self.book.price(table: .cbhpm, code: "41001010", performedAt: Self.at("2025-12-31T10:00"), quantity: .one,
                                         payerId: Self.payer, companyId: Self.company)
        #expect(noContract == .failure(.noContract))
        let otherCompany = Self.book.price(table: .cbhpm, code: "41001010", performedAt: Self.at("2026-05-05T10:00"), quantity: .one,
                                           payerId: Self.payer, companyId: 2)
        #expect(otherCompany == .failure(.noContract))
        let packageTooEarly = Self.book.price(table: .own, code: "PCT001", performedAt: Self.at("2026-02-28T10:00"), quantity: .one,
                                              payerId: Self.payer, companyId: Self.company)
        #expect(packageTooEarly == .failure(.noReferencePrice(code: "PCT001")))
        let noDrugList = Self.book.price(table: .drug, code: "123", performedAt: Self.at("2026-05-05T10:00"), quantity: .one,
                                         payerId: Self.payer, companyId: Self.company)
        #expect(noDrugList == .failure(.tableNotInContract(.drug)))
    }

    /// An item the HIS sent as AMB is priced with the contract's table (CBHPM here).
    @Test func theContractDecidesTheProcedureTable() throws {
        let outcome = try Self.book.price(table: .amb, code: "41001010", performedAt: Self.at("2026-05-05T10:00"), quantity: .one,
                                          payerId: Self.payer, companyId: Self.company).get()
        #expect(outcome.table == .cbhpm)
        let package = try Self.book.price(table: .own, code: "PCT001", performedAt: Self.at("2026-05-05T10:00"), quantity: .one,
                                          payerId: Self.payer, companyId: Self.company).get()
        #expect(package.total == Money(cents: 450_000))
    }

    @Test func contractValidation() {
        var contract = Contract(payerId: 1, companyId: 1, name: "", validFrom: Self.day("2026-02-01"), validTo: Self.day("2026-01-31"),
                                procedureTable: .cbhpm, bands: [ContractBand(band: 1, second: Percentage(percent: 120))])
        contract.normalize()
        #expect(contract.validate().map(\.field) == ["name", "validTo", "procedureTableId", "valueSeries", "bands"])
        let a = Contract(payerId: 1, companyId: 1, name: "A", validFrom: Self.day("2026-01-01"), validTo: Self.day("2026-06-30"))
        let b = Contract(payerId: 1, companyId: 1, name: "B", validFrom: Self.day("2026-06-30"))
        let c = Contract(payerId: 1, companyId: 1, name: "C", validFrom: Self.day("2026-07-01"))
        #expect(a.overlaps(b))
        #expect(!a.overlaps(c))
    }
}
