@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import SQLKit
import Testing

@Suite struct PricingStoreTests {
    /// 9A × 0,80 = 2.505,69; 33,8 × 24,24 = 819,31; 0,5 × 21,70 = 10,85; unit 3.335,85; × 2 = 6.671,70.
    @Test(arguments: TestDatabase.kinds)
    func anItemIsPricedWhenItArrivesWithItsParts(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let report = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", quantity: 2),
                                                                    PricingFixture.item("I-2", code: "00000000")]), by: .system)
            #expect(report.itemsCreated == 2)
            #expect(report.itemsPriced == 1)
            #expect(report.itemsUnpriced == 1)
            let partial = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first)
            let detail = try await store.accounts.partial(partial.id)
            let priced = try #require(detail.items.first { $0.externalId == "I-1" })
            #expect(priced.priced == PricedUnit(feePart: Money(cents: 250_569), operatingCostPart: Money(cents: 81_931), filmPart: Money(cents: 1_085)))
            #expect(priced.total == Money(cents: 667_170))
            #expect(priced.porte == Porte("9A"))
            #expect(priced.contractId == f.contract.id)
            let unpriced = try #require(detail.items.first { $0.externalId == "I-2" })
            #expect(!unpriced.isPriced)
            #expect(unpriced.total == .zero)
            #expect(unpriced.pricingMessage == "Código 00000000 não consta da tabela CBHPM do contrato.")
            #expect(try detail.total == Money(cents: 667_170))
            #expect(try detail.totalsByKind.map(\.0) == [.procedure])
            #expect(try await store.accounts.unpricedItems(companyId: f.companyId).items.map(\.code) == ["00000000"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func sendingTheSameDocumentTwiceChangesNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let document = f.document(items: [PricingFixture.item("I-1"), PricingFixture.item("I-2", code: "41001010")])
            _ = try await store.billing.his.ingest(document, by: .system)
            let auditBefore = try await store.audit.list(AuditQuery(entity: "his_document")).total
            let again = try await store.billing.his.ingest(document, by: .system)
            #expect(again.itemsCreated == 0)
            #expect(again.itemsUpdated == 0)
            #expect(again.itemsUnchanged == 2)
            #expect(again.encountersCreated == 0 && again.encountersUpdated == 0 && again.partialsCreated == 0)
            #expect(try await store.audit.list(AuditQuery(entity: "his_document")).total == auditBefore)
            let count = try await store.database.read { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("charge_items").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(count == 2)
        }
    }

    /// An updated item replaces the old one while the partial is in draft, and is refused once it is closed.
    @Test(arguments: TestDatabase.kinds)
    func anUpdatedItemReplacesTheOldUntilThePartialIsClosed(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1")]), by: .system)
            let updated = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", quantity: 3)]), by: .system)
            #expect(updated.itemsUpdated == 1)
            let id = try #require(try await store.accounts.partials(.init()).items.first?.id)
            #expect(try await store.accounts.partial(id).items.first?.total == Money(cents: 1_000_755)) // 3.335,85 × 3

            try await store.database.transaction { sql in
                try await sql.update("partial_bills").set("status", to: SQLBind("closed")).run()
            }
            await #expect(throws: FaturaError.validation([FieldError("encounters[0].partials[0].items[0]",
                "A parcial P-1 está encerrada: o lançamento I-1 não pode ser alterado.")])) {
                _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", quantity: 4)]), by: .system)
            }
            #expect(try await store.accounts.partial(id).items.first?.quantity == Quantity(3))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aBadDocumentIsRefusedWholeWithEveryError(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            var document = f.document(items: [PricingFixture.item("I-1", quantity: 0), PricingFixture.item("I-2", at: "2026-12-05T10:00")])
            document.encounters[0].patient.cpf = "111.111.111-11"
            document.encounters[0].type = "visita"
            await #expect(throws: FaturaError.validation([
                FieldError("encounters[0].type", "Tipo de atendimento desconhecido: 'visita' (outpatient, emergency, inpatient, sadt)."),
                FieldError("encounters[0].patient.cpf", "CPF inválido: 111.111.111-11."),
                FieldError("encounters[0].partials[0].items[0].quantity", "Quantidade deve ser maior que zero."),
                FieldError("encounters[0].partials[0].items[1].performedAt", "Realizado em 05/12/2026 10:00, fora do período da parcial."),
            ])) {
                _ = try await store.billing.his.ingest(document, by: .system)
            }
            // References are checked too, and nothing is saved.
            await #expect(throws: FaturaError.validation([FieldError("encounters[0].payerAnsRegistry", "Convênio não cadastrado ou inativo: 999999.")])) {
                _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1")], payerANS: "999999"), by: .system)
            }
            #expect(try await store.accounts.partials(.init()).total == 0)
        }
    }

    /// A new version from 01/12/2026: the old one ends on 30/11; what was priced stays until re-priced.
    @Test(arguments: TestDatabase.kinds)
    func aNewContractVersionDoesNotChangeWhatWasPriced(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", at: "2026-11-30T10:00")]), by: .system)
            var next = try await store.contracts.copyAsNewVersion(f.contract.id ?? 0, validFrom: CalendarDay(iso: "2026-12-01")!, by: .system)
            #expect(next.version == 2)
            #expect(try await store.contracts.get(f.contract.id ?? 0).validTo == CalendarDay(iso: "2026-11-30"))
            next.porteAdjustment = Percentage(basisPoints: 0)
            _ = try await store.contracts.update(next.id ?? 0, with: next, by: .system)

            let partialId = try #require(try await store.accounts.partials(.init()).items.first?.id)
            #expect(try await store.accounts.partial(partialId).items.first?.total == Money(cents: 333_585))
            // Re-pricing on demand: 30/11 still falls under version 1.
            let summary = try await store.billing.pricing.repricePartial(partialId, by: .system)
            #expect(summary.priced == 1)
            #expect(try await store.accounts.partial(partialId).items.first?.contractId == f.contract.id)

            // An item of 01/12 goes to version 2: 3.132,11 + 819,31 + 10,85 = 3.962,27.
            var december = f.document(partial: "P-2", items: [PricingFixture.item("I-9", at: "2026-12-01T10:00")])
            december.encounters[0].partials[0].periodStart = "2026-12-01"
            december.encounters[0].partials[0].periodEnd = "2026-12-31"
            _ = try await store.billing.his.ingest(december, by: .system)
            let second = try #require(try await store.accounts.partials(.init()).items.first { $0.externalId == "P-2" })
            #expect(try await store.accounts.partial(second.id).items.first?.total == Money(cents: 396_227))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func overlappingContractsAreRefused(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            var other = f.contract!
            other.id = nil
            other.name = "Outro"
            other.validFrom = CalendarDay(iso: "2026-06-01")!
            await expectRefusal("validation_failed") { _ = try await store.contracts.create(other, by: .system) }
            #expect(try await store.contracts.list(payerId: f.payerId).count == 1)
        }
    }
}
