import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

@Suite struct RegistryTests {
    let supervisor = AuditActor(userId: nil, username: "supervisor")

    @Test(arguments: TestDatabase.kinds)
    func createsReadsUpdatesAndDeactivatesAPayer(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // Setup / action: create with untidy input.
            let created = try await store.payers.create(
                Payer(name: "  Vida Plena Saúde ", ansRegistry: " 123455 ", tissVersion: .v4_02_00, contactEmail: "a@b.example"),
                by: supervisor)
            // Check: normalised and stored with an id.
            let id = try #require(created.id)
            let read = try await store.payers.get(id)
            #expect(read.name == "Vida Plena Saúde")
            #expect(read.ansRegistry == "123455")
            #expect(read.tissVersion == .v4_02_00)
            #expect(read.tissHashEncoding == .iso88591)
            #expect(read.active)

            var changed = read
            changed.tissHashEncoding = .utf8
            changed.contactEmail = nil
            let updated = try await store.payers.update(id, with: changed, by: supervisor)
            #expect(updated.tissHashEncoding == .utf8)
            #expect(try await store.payers.get(id).contactEmail == nil)

            _ = try await store.payers.setActive(id, false, by: supervisor)
            #expect(try await store.payers.list(ListQuery(active: true)).total == 0)
            #expect(try await store.payers.list(ListQuery(active: false)).items.map(\.id) == [id])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func refusesInvalidAndDuplicateValuesAndSavesNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await store.companies.create(Company(name: "Hospital A", cnpj: "11.222.333/0001-81", cnes: "2077485"), by: supervisor)

            await #expect(throws: FaturaError.validation([FieldError("cnpj", "Já existe uma coligada com este CNPJ.")])) {
                _ = try await store.companies.create(Company(name: "Hospital B", cnpj: "11222333000181", cnes: "1234567"), by: supervisor)
            }
            await #expect(throws: FaturaError.validation([
                FieldError("cnpj", "CNPJ inválido: confira os 14 dígitos e os dígitos verificadores."),
                FieldError("cnes", "CNES deve ter exatamente 7 dígitos."),
            ])) {
                _ = try await store.companies.create(Company(name: "Hospital C", cnpj: "11222333000182", cnes: "12"), by: supervisor)
            }
            #expect(try await store.companies.list(ListQuery(active: nil)).total == 1)
            // Only the successful create reached the audit log.
            #expect(try await store.audit.list(AuditQuery(entity: "company")).total == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func susAndParticularHaveNoANSRegistryAndDoNotCollide(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await store.payers.create(Payer(name: "SUS", ansRegistry: nil, billingStandard: .sus), by: supervisor)
            _ = try await store.payers.create(Payer(name: "Particular", ansRegistry: "", billingStandard: .particular), by: supervisor)
            await #expect(throws: FaturaError.validation([FieldError("ansRegistry", "Já existe um convênio com este registro ANS.")])) {
                _ = try await store.payers.create(Payer(name: "A", ansRegistry: "302211"), by: supervisor)
                _ = try await store.payers.create(Payer(name: "B", ansRegistry: "302211"), by: supervisor)
            }
            #expect(try await store.payers.list(ListQuery()).total == 3)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func listsFilterByTextAndPaginate(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            for (index, name) in ["Alfa Saúde", "Beta Seguros", "Gama Saúde", "Delta Saúde"].enumerated() {
                _ = try await store.payers.create(Payer(name: name, ansRegistry: "10000\(index + 1)"), by: supervisor)
            }
            let saude = try await store.payers.list(ListQuery(text: "saúde", perPage: 2))
            #expect(saude.total == 3)
            #expect(saude.items.map(\.name) == ["Alfa Saúde", "Delta Saúde"]) // ordered by name
            #expect(saude.pageCount == 2)
            let second = try await store.payers.list(ListQuery(text: "saúde", page: 2, perPage: 2))
            #expect(second.items.map(\.name) == ["Gama Saúde"])
            #expect(try await store.payers.list(ListQuery(text: "100002")).items.map(\.name) == ["Beta Seguros"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func auditRecordsWhoAndTheValuesBeforeAndAfter(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let sector = try await store.sectors.create(Sector(code: "hemodinamica", name: "Hemodinâmica", kind: .care), by: supervisor)
            let id = try #require(sector.id)
            var renamed = sector
            renamed.name = "Hemodinâmica e Cardiologia"
            _ = try await store.sectors.update(id, with: renamed, by: supervisor)

            let entries = try await store.audit.list(AuditQuery(entity: "sector", entityId: String(id))).items
            #expect(entries.map(\.action) == ["update", "create"]) // newest first
            let update = try #require(entries.first)
            #expect(update.username == "supervisor")
            #expect(update.beforeJson?.contains(#""name":"Hemodinâmica""#) == true)
            #expect(update.afterJson?.contains(#""name":"Hemodinâmica e Cardiologia""#) == true)
            // An update that changes nothing writes nothing.
            _ = try await store.sectors.update(id, with: renamed, by: supervisor)
            #expect(try await store.audit.list(AuditQuery(entity: "sector", entityId: String(id))).total == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func unknownIdIsNotFound(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            await #expect(throws: FaturaError.notFound(entity: "convênio")) { _ = try await store.payers.get(999) }
            await #expect(throws: FaturaError.notFound(entity: "setor")) {
                _ = try await store.sectors.setActive(999, false, by: supervisor)
            }
        }
    }
}
