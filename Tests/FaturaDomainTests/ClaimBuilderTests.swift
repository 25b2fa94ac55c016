import FaturaDomain
import Testing

/// The claim a closed partial becomes (issue 12; DOMAIN.md §4): its type, its lines' TUSS tables and
/// totals by kind, and every problem at once — and a Particular bill that needs none of TISS's fields.
@Suite struct ClaimBuilderTests {
    static let day = CalendarDay(year: 2026, month: 11, day: 10)!
    static let paulo = Professional(name: "Paulo Mendes", council: "06", councilNumber: "123456", uf: "35", cbo: "225125", providerCode: "MED-1")

    static func item(_ code: String, _ kind: ChargeItemKind, _ table: PriceTableKind, quantity: Int = 1, base: Int64, percent: Int? = nil,
                     priced: Bool = true) -> ChargeItem {
        let unit = Money(cents: percent.map { base * Int64($0) / 100 } ?? base)
        var item = ChargeItem(externalId: "I-\(code)", partialId: ID(1), kind: kind, priceTable: table, code: code, description: "Item \(code)",
                              performedAt: LocalDateTime(day: day, hour: 9, minute: 30), quantity: Quantity(quantity),
                              executingProfessional: "Dr. Paulo Mendes (CRM-SP 123456)",
                              priced: priced ? PricedUnit(otherPart: Money(cents: base)) : nil,
                              total: priced ? Money(cents: unit.cents * Int64(quantity)) : .zero)
        item.baseUnitValue = priced ? Money(cents: base) : .zero
        item.unitValue = priced ? unit : .zero
        item.examPercentage = percent.map { Percentage(percent: $0) }
        return item
    }

    static func source(_ type: EncounterType, _ items: [ChargeItem], card: String? = "0012345678900011", ans: String? = "123455",
                       standard: BillingStandard = .convenio, cnes: String = "1234567") -> ClaimSource {
        ClaimSource(
            partial: PartialBill(id: ID(1), externalId: "P-ATD-1", accountId: 1, companyId: 1, payerId: 1, periodStart: day, periodEnd: day, status: .closed),
            encounter: Encounter(externalId: "ATD-1", companyId: 1, patientId: 1, payerId: 1, type: type, authorizationNumber: "AUT-1",
                                 authorizationPassword: "S-1", requestingProfessional: "CRM 123456", startedAt: LocalDateTime(day: day, hour: 7, minute: 0)),
            patient: Patient(name: "Maria", cardNumber: card),
            company: Company(id: 1, name: "Hospital Exemplo", cnpj: "11222333000181", cnes: cnes),
            payer: Payer(id: 1, name: "Vida Plena", ansRegistry: ans, billingStandard: standard),
            terms: nil, items: items, professionals: [paulo])
    }

    @Test func theEncounterAndItsLinesChooseTheClaimType() throws {
        #expect(ClaimBuilder.claimType(of: Self.source(.outpatient, [Self.item("10101012", .procedure, .cbhpm, base: 15_000)])) == .consultation)
        // Two consultations, or one with an exam, are not a Consulta guide.
        #expect(ClaimBuilder.claimType(of: Self.source(.outpatient, [Self.item("10101012", .procedure, .cbhpm, quantity: 2, base: 15_000)])) == .spsadt)
        #expect(ClaimBuilder.claimType(of: Self.source(.outpatient, [Self.item("10101012", .procedure, .cbhpm, base: 15_000),
                                                                     Self.item("40901114", .exam, .cbhpm, base: 8_000)])) == .spsadt)
        #expect(ClaimBuilder.claimType(of: Self.source(.inpatient, [Self.item("60000775", .dailyRate, .own, base: 35_000),
                                                                    Self.item("31009042", .procedure, .cbhpm, base: 120_000)])) == .inpatientSummary)
        #expect(ClaimBuilder.claimType(of: Self.source(.inpatient, [Self.item("31009042", .procedure, .cbhpm, base: 120_000)])) == .fees)
        #expect(ClaimBuilder.claimType(of: Self.source(.emergency, [Self.item("10101039", .procedure, .cbhpm, base: 9_000)])) == .spsadt)

        let consultation = try ClaimBuilder.build(Self.source(.outpatient, [Self.item("10101012", .procedure, .cbhpm, base: 15_000)]))
        #expect(consultation.executing?.councilNumber == "123456")
        #expect(consultation.serviceType == "04")
    }

    /// An exam at 70% of 100,00 (the exam rule), a drug of 12,34, a material of 5,66 ×2 and an own
    /// daily rate of 350,00: procedures 70,00, drugs 12,34, materials 11,32, daily rates 350,00;
    /// total 443,66. Tables 22, 20, 19, 00 (own code); the percentage travels as `reducaoAcrescimo`.
    @Test func linesMapToTheirTablesAndTheTotalsAddUpByKind() throws {
        let claim = try ClaimBuilder.build(Self.source(.sadt, [
            Self.item("40901114", .exam, .cbhpm, base: 10_000, percent: 70),
            Self.item("90000001", .drug, .drug, base: 1_234),
            Self.item("70000001", .material, .material, quantity: 2, base: 566),
            Self.item("60000775", .dailyRate, .own, base: 35_000),
        ]))
        #expect(claim.type == .spsadt)
        #expect(claim.lines.map(\.table) == ["22", "20", "19", "00"])
        #expect(claim.lines.map(\.expense) == [nil, .drugs, .materials, .dailyRates])
        #expect(claim.lines.map(\.reduction) == [Percentage(percent: 70), .hundred, .hundred, .hundred])
        #expect(claim.lines.map(\.sequence) == [1, 2, 3, 4])
        let totals = claim.totals
        #expect(totals.procedures == Money(cents: 7_000))
        #expect(totals.drugs == Money(cents: 1_234))
        #expect(totals.materials == Money(cents: 1_132))
        #expect(totals.dailyRates == Money(cents: 35_000))
        #expect(totals.total == Money(cents: 44_366))
        // Every procedure is an exam: tipoAtendimento 23.
        #expect(claim.serviceType == "23")
    }

    /// Every problem at once, in the order of the claim's fields, each naming its TISS element.
    @Test func everyProblemOfAClaimIsNamedAtOnce() {
        do {
            _ = try ClaimBuilder.build(Self.source(.sadt, [Self.item("40901114", .exam, .cbhpm, base: 10_000),
                                                           Self.item("40901122", .exam, .cbhpm, base: 9_000, priced: false)],
                                                   card: nil, ans: "12", cnes: "123"))
            Issue.record("a claim without card, ANS and CNES was built")
        } catch .invoiceClaimsInvalid(let problems) {
            #expect(problems.map(\.field) == ["registroANS", "numeroCarteira", "itens", "CNES"])
            #expect(problems.allSatisfy { $0.partial == "P-ATD-1" })
            #expect(problems[2].message == "1 lançamento(s) sem preço: precifique ou retire antes de faturar.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A Particular bill is printed, never sent as TISS: no card, ANS or CNES is asked for; an
    /// unpriced line still keeps it from the invoice.
    @Test func aParticularBillNeedsNoneOfTISSFieldsButEveryPrice() throws {
        let claim = try ClaimBuilder.build(Self.source(.outpatient, [Self.item("10101012", .procedure, .own, base: 25_000)],
                                                       card: nil, ans: nil, standard: .particular, cnes: ""))
        #expect(claim.totals.total == Money(cents: 25_000))
        do {
            _ = try ClaimBuilder.build(Self.source(.outpatient, [Self.item("10101012", .procedure, .own, base: 25_000, priced: false)],
                                                   card: nil, ans: nil, standard: .particular, cnes: ""))
            Issue.record("an unpriced Particular bill was built")
        } catch .invoiceClaimsInvalid(let problems) {
            #expect(problems.map(\.field) == ["itens", "itens"])
            #expect(problems.map(\.message) == ["A parcial não tem nenhum lançamento com preço.",
                                                "1 lançamento(s) sem preço: precifique ou retire antes de faturar."])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
