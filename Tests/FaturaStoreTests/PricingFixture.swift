import FaturaBilling
import FaturaDomain
import FaturaStore

/// A small priced world built through the store's own doors: one company, one payer, a CBHPM
/// edition with two codes, the 2022 values, a contract at −20%.
struct PricingFixture {
    let store: Store
    var companyId = 0
    var payerId = 0
    var contract: Contract!
    var cbhpm: PriceTable!

    static let cnpj = "11222333000181"

    static func make(_ store: Store) async throws -> PricingFixture {
        var f = PricingFixture(store: store)
        f.companyId = try await store.companies.create(Company(name: "Hospital", cnpj: cnpj, cnes: "2077485"), by: .system).id ?? 0
        f.payerId = try await store.payers.create(Payer(name: "Vida Plena", ansRegistry: "123455"), by: .system).id ?? 0
        _ = try await store.payers.create(Payer(name: "SUS", ansRegistry: nil, billingStandard: .sus), by: .system)
        f.cbhpm = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM teste", edition: "2022"), by: .system)
        _ = try await store.importer.importProcedures(into: f.cbhpm, from: TextLines("""
            codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico
            31309127;Procedimento porte 9A;9A;33,8;0,5;1;5
            41001010;TC – Crânio;1A;0;0;0;0
            """), by: .system)
        _ = try await store.valueTables.save(ValueTable(
            series: "CBHPM 2022", validFrom: CalendarDay(iso: "2021-10-01")!,
            porteValues: [Porte("1A")!: Money(cents: 2_700), Porte("9A")!: Money(cents: 313_211)],
            ucoValue: Rate(tenThousandths: 242_400), filmValue: Rate(tenThousandths: 217_000)), by: .system)
        f.contract = try await store.contracts.create(Contract(
            payerId: f.payerId, companyId: f.companyId, name: "Vida Plena 2026", validFrom: CalendarDay(iso: "2026-01-01")!,
            procedureTable: .cbhpm, procedureTableId: f.cbhpm.id, valueSeries: "CBHPM 2022", porteAdjustment: Percentage(percent: -20),
            urgencySurcharge: true), by: .system)
        return f
    }

    func document(encounter: String = "ATD-1", partial: String = "P-1", items: [HISItem], payerANS: String = "123455") -> HISDocument {
        HISDocument(encounters: [HISEncounter(
            externalId: encounter, companyCnpj: Self.cnpj, payerAnsRegistry: payerANS, type: "sadt", originSector: nil,
            startedAt: "2026-11-02T08:00", patient: HISPatient(externalId: "PAC-1", name: "Maria", cpf: "529.982.247-25"),
            partials: [HISPartial(externalId: partial, periodStart: "2026-11-01", periodEnd: "2026-11-30", items: items)])])
    }

    static func item(_ id: String, code: String = "31309127", at: String = "2026-11-03T10:00", quantity: Int = 1, table: String = "cbhpm") -> HISItem {
        HISItem(externalId: id, kind: "procedure", table: table, code: code, description: "Procedimento", performedAt: at, quantity: Quantity(quantity))
    }
}
