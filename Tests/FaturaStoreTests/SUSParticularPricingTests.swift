@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

/// SUS is priced by its SIGTAP competence, Particular by the hospital's own price list: both can
/// be priced and closed like any payer (DOMAIN.md §2: a contract per payer and company).
@Suite struct SUSParticularPricingTests {
    @Test func aSIGTAPRowIsTheAmbulatoryValueOrTheHospitalAndProfessionalServices() throws {
        let parser = try TableRowParser(format: .sigtap, header: ["CO_PROCEDIMENTO", "NO_PROCEDIMENTO", "VL_SH", "VL_SA", "VL_SP", "DT_COMPETENCIA"])
        let exam = try parser.sigtapEntry(["0206010079", "Tomografia computadorizada do crânio", "0,00", "97,44", "0,00", "202611"]).get()
        #expect(exam.value == Money(cents: 9_744))
        #expect(exam.validFrom == CalendarDay(iso: "2026-11-01"))
        // A hospital procedure: SH 1.200,50 + SP 310,25 = 1.510,75.
        let surgery = try parser.sigtapEntry(["0407030026", "Colecistectomia", "1.200,50", "0,00", "310,25", "11/2026"]).get()
        #expect(surgery.value == Money(cents: 151_075))
        guard case .failure(let problems) = parser.sigtapEntry(["", "x", "a", "", "", "202613"]) else { Issue.record("aceitou"); return }
        #expect(problems.text.contains("competência inválida"))
        // No value column at all: refused as validation, naming what is missing.
        do {
            _ = try TableRowParser(format: .sigtap, header: ["codigo", "descricao", "competencia"])
            Issue.record("aceitou um cabeçalho sem valores")
        } catch {
            guard case .validation(let errors) = error else { Issue.record("recusado com \(error)"); return }
            #expect(errors.map(\.message) == ["Faltam as colunas: valor_sh, valor_sa ou valor_sp."])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func susAndParticularArePricedAndClose(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let sus = try #require(try await store.payers.all().first { $0.billingStandard == .sus }?.id)
            let particular = try await store.payers.create(Payer(name: "Particular", ansRegistry: nil, billingStandard: .particular), by: .system).id ?? 0
            let sigtap = try await store.priceTables.create(PriceTable(kind: .sigtap, name: "SIGTAP 11/2026", edition: "2026-11"), by: .system)
            _ = try await store.importer.importValues(into: sigtap, from: TextLines("""
                codigo;descricao;valor_sh;valor_sa;valor_sp;competencia
                0206010079;Tomografia computadorizada do crânio;0,00;97,44;0,00;202611
                """), by: .system)
            let list = try await store.priceTables.create(PriceTable(kind: .own, name: "Particular"), by: .system)
            _ = try await store.importer.importValues(into: list, from: TextLines("""
                codigo;descricao;valor;inicio_vigencia;fim_vigencia
                31309127;Procedimento;2.500,00;01/01/2026;
                """), by: .system)
            let start = CalendarDay(iso: "2026-01-01")!
            _ = try await store.contracts.create(Contract(payerId: sus, companyId: f.companyId, name: "SUS", validFrom: start,
                                                          procedureTable: .sigtap, procedureTableId: sigtap.id), by: .system)
            _ = try await store.contracts.create(Contract(payerId: particular, companyId: f.companyId, name: "Particular", validFrom: start,
                                                          procedureTable: .own, procedureTableId: list.id), by: .system)
            func encounter(_ id: String, payer: String, items: [HISItem]) -> HISDocument {
                HISDocument(encounters: [HISEncounter(
                    externalId: id, companyCnpj: PricingFixture.cnpj, payerName: payer, type: "sadt", originSector: nil, startedAt: "2026-11-02T08:00",
                    patient: HISPatient(externalId: "PAC-\(id)", name: "Paciente \(id)"),
                    partials: [HISPartial(externalId: "P-\(id)", periodStart: "2026-11-01", periodEnd: "2026-11-30", items: items)])])
            }
            _ = try await store.billing.his.ingest(encounter("S1", payer: "SUS", items: [
                HISItem(externalId: "S1-1", kind: "exam", table: "sigtap", code: "0206010079", description: "TC crânio", performedAt: "2026-11-03T10:00", quantity: Quantity(2)),
            ]), by: .system)
            _ = try await store.billing.his.ingest(encounter("R1", payer: "Particular", items: [PricingFixture.item("R1-1")]), by: .system)
            let partials = try await store.accounts.partials(.init(companyId: f.companyId)).items
            let susPartial = try #require(partials.first { $0.externalId == "P-S1" })
            let privatePartial = try #require(partials.first { $0.externalId == "P-R1" })
            #expect(try await store.accounts.partial(susPartial.id).total == Money(cents: 19_488)) // 2 × 97,44
            let privateDetail = try await store.accounts.partial(privatePartial.id)
            #expect(try privateDetail.total == Money(cents: 250_000), "\(privateDetail.items.map { $0.pricingMessage ?? "" })")
            _ = try await store.billing.closing.close(susPartial.id, by: .system)
            _ = try await store.billing.closing.close(privatePartial.id, by: .system)
            #expect(try await store.accounts.partial(susPartial.id).partial.status == .closed)
        }
    }
}
