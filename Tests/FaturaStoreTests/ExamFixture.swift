@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import SQLKit

/// A payer whose contract prices three CT codes at 500,00 (41001109), 400,00 with 50,00 of film
/// (41001095) and 300,00 (41001010), under the AMB or the CBHPM flag; SUS and Particular payers too.
struct ExamFixture {
    let store: Store
    var companyId = 0
    var contract: Contract!

    static let cnpj = "11222333000181"

    static func make(_ store: Store, cbhpm: Bool, bands: [ContractBand] = []) async throws -> ExamFixture {
        var f = ExamFixture(store: store)
        try await store.examGroups.seedDefaults()
        f.companyId = try await store.companies.create(Company(name: "Hospital", cnpj: cnpj, cnes: "2077485"), by: .system).id ?? 0
        let payerId = try await store.payers.create(Payer(name: "Vida Plena", ansRegistry: "123455"), by: .system).id ?? 0
        let susId = try await store.payers.create(Payer(name: "SUS", ansRegistry: nil, billingStandard: .sus), by: .system).id ?? 0
        let particularId = try await store.payers.create(Payer(name: "Particular", ansRegistry: nil, billingStandard: .particular), by: .system).id ?? 0
        let table: PriceTable
        if cbhpm {
            table = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM"), by: .system)
            _ = try await store.importer.importProcedures(into: table, from: TextLines("""
                codigo;descricao;porte;uco;filme
                41001109;TC – Abdome superior;3C;0;0
                41001095;TC – Abdome total;3B;0;2,3041
                41001010;TC – Crânio;3A;0;0
                41101014;RM – Crânio;3A;0;0
                """), by: .system)
        } else {
            table = try await store.priceTables.create(PriceTable(kind: .amb, name: "AMB"), by: .system)
            _ = try await store.importer.importProcedures(into: table, from: TextLines("""
                codigo;descricao;ch;filme
                41001109;TC – Abdome superior;500;0
                41001095;TC – Abdome total;350;2,3041
                41001010;TC – Crânio;300;0
                41101014;RM – Crânio;300;0
                """), by: .system)
        }
        // 2,3041 m² × 21,70 = 49,998 → 50,00 of film.
        _ = try await store.valueTables.save(ValueTable(
            series: "Valores", validFrom: CalendarDay(iso: "2020-01-01")!,
            porteValues: [Porte("3A")!: Money(cents: 30_000), Porte("3B")!: Money(cents: 35_000), Porte("3C")!: Money(cents: 50_000)],
            chValue: Rate(tenThousandths: 10_000), filmValue: Rate(tenThousandths: 217_000)), by: .system)
        let start = CalendarDay(iso: "2025-01-01")!
        f.contract = try await store.contracts.create(Contract(
            payerId: payerId, companyId: f.companyId, name: "Vida Plena", validFrom: start, procedureTable: cbhpm ? .cbhpm : .amb,
            procedureTableId: table.id, valueSeries: "Valores", bands: bands), by: .system)
        for id in [susId, particularId] {
            _ = try await store.contracts.create(Contract(payerId: id, companyId: f.companyId, name: "Outro \(id)", validFrom: start,
                                                          procedureTable: cbhpm ? .cbhpm : .amb, procedureTableId: table.id, valueSeries: "Valores"), by: .system)
        }
        return f
    }

    /// A partial with the three CTs on `day` (and any extra items), for `payer` ("123455", "SUS", "Particular").
    func ingest(partial: String, day: String, payer: String = "123455", extra: [HISItem] = [], cts: Bool = true) async throws -> ID<PartialBill> {
        var items: [HISItem] = []
        if cts {
            items = [("A", "41001109"), ("B", "41001095"), ("C", "41001010")].map {
                HISItem(externalId: "\(partial)-\($0.0)", kind: "exam", table: "cbhpm", code: $0.1, description: "TC", performedAt: day + "T09:00", quantity: .one)
            }
        }
        let isANS = payer.allSatisfy(\.isNumber)
        let document = HISDocument(encounters: [HISEncounter(
            externalId: "E-\(partial)", companyCnpj: Self.cnpj, payerAnsRegistry: isANS ? payer : nil, payerName: isANS ? nil : payer, type: "sadt",
            startedAt: day + "T08:00", patient: HISPatient(externalId: "PAC-\(partial)", name: "Paciente"),
            partials: [HISPartial(externalId: partial, periodStart: day, periodEnd: day, items: items + extra)])])
        _ = try await store.billing.his.ingest(document, by: .system)
        return try await store.accounts.partials(.init(companyId: companyId, perPage: 200)).items.first { $0.externalId == partial }?.id ?? 0
    }

    func values(_ partialId: ID<PartialBill>) async throws -> [String: [Int64]] {
        let items = try await store.accounts.partial(partialId).items
        var out: [String: [Int64]] = [:]
        for item in items.sorted(by: { ($0.id?.rawValue ?? 0) < ($1.id?.rawValue ?? 0) }) {
            let key = item.splitFromId.flatMap { id in items.first { $0.id == id }?.externalId } ?? item.externalId
            out[key, default: []].append(item.unitValue.cents)
        }
        return out
    }
}
