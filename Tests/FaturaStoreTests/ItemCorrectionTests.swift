@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import SQLKit
import Testing

/// Billing corrects a line itself (DOMAIN.md §2 prices; the fixture's 9A procedure is 3.335,85 a
/// unit: 9A × 0,80 = 2.505,69 + 33,8 UCO × 24,24 = 819,31 + 0,5 m² film × 21,70 = 10,85), and the
/// HIS's next resend does not silently undo it.
@Suite struct ItemCorrectionTests {
    static let reason = "Quantidade diferente do registrado no prontuário"

    @Test(arguments: TestDatabase.kinds)
    func aCorrectedQuantityIsRepricedAuditedAndPrevailsOverTheHIS(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let sent = f.document(items: [PricingFixture.item("I-1", quantity: 2)])
            _ = try await store.billing.his.ingest(sent, by: .system)
            let partial = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first)
            var detail = try await store.accounts.partial(partial.id)
            let item = try #require(detail.items.first)
            #expect(item.total == Money(cents: 667_170)) // 2 × 3.335,85

            // Billing: the record says one, not two.
            var line = item.line
            line.quantity = .one
            try await store.billing.items.edit(try item.id.stored("charge_items"), of: partial.id, to: line, reason: Self.reason,
                                               expectedVersion: detail.partial.version, by: .system)
            detail = try await store.accounts.partial(partial.id)
            let corrected = try #require(detail.items.first)
            #expect(corrected.quantity == .one)
            #expect(corrected.total == Money(cents: 333_585))
            #expect(try detail.total == Money(cents: 333_585))
            #expect(corrected.correction?.reason == Self.reason)
            #expect(corrected.hisLine?.quantity == Quantity(2))
            let audit = try #require(try await store.audit.list(AuditQuery(entity: "charge_item")).items.first)
            #expect(audit.action == "update")
            #expect(audit.beforeJson?.contains(#""quantidade":"2""#) == true)
            #expect(audit.afterJson?.contains(#""quantidade":"1""#) == true)

            // The HIS sends the same as before: nothing new, the correction stays.
            let again = try await store.billing.his.ingest(sent, by: .system)
            #expect(again.itemsUnchanged == 1 && again.itemsUpdated == 0 && again.itemsKeptByBilling == 0)
            #expect(try await store.accounts.partial(partial.id).items.first?.quantity == .one)

            // The HIS sends three: billing's one stays, and the conflict is said.
            let three = f.document(items: [PricingFixture.item("I-1", quantity: 3)])
            let conflicted = try await store.billing.his.ingest(three, by: .system)
            #expect(conflicted.itemsKeptByBilling == 1 && conflicted.itemsUpdated == 0)
            #expect(conflicted.conflicts == ["Lançamento I-1 (parcial P-1), corrigido pelo faturamento, reenviado pelo HIS com quantidade: 1 → 3: vale a correção do faturamento."])
            detail = try await store.accounts.partial(partial.id)
            #expect(detail.items.first?.quantity == .one)
            #expect(detail.items.first?.total == Money(cents: 333_585))
            #expect(detail.items.first?.hisConflict == conflicted.conflicts.first)
            // The same three again is nothing new: no second conflict.
            let repeated = try await store.billing.his.ingest(three, by: .system)
            #expect(repeated.itemsUnchanged == 1 && repeated.itemsKeptByBilling == 0)

            // Billing decides the HIS was right: correcting again clears the conflict.
            line.quantity = Quantity(3)
            try await store.billing.items.edit(try item.id.stored("charge_items"), of: partial.id, to: line, reason: "O HIS estava certo: três aplicações",
                                               expectedVersion: detail.partial.version, by: .system)
            detail = try await store.accounts.partial(partial.id)
            #expect(detail.items.first?.hisConflict == nil)
            #expect(detail.items.first?.total == Money(cents: 1_000_755)) // 3 × 3.335,85
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRemovedLineStaysRemovedWhenTheHISSendsItAgain(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let sent = f.document(items: [PricingFixture.item("I-1"), PricingFixture.item("I-2", quantity: 2)])
            _ = try await store.billing.his.ingest(sent, by: .system)
            let partial = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first)
            var detail = try await store.accounts.partial(partial.id)
            let second = try #require(detail.items.first { $0.externalId == "I-2" })
            try await store.billing.items.remove(try second.id.stored("charge_items"), of: partial.id, reason: "Lançado em duplicidade pelo setor",
                                                 expectedVersion: detail.partial.version, by: .system)
            detail = try await store.accounts.partial(partial.id)
            #expect(detail.items.map(\.externalId) == ["I-1"])
            #expect(try detail.total == Money(cents: 333_585))
            let removals = try await store.database.read { sql in try await ItemCorrectionRepository.removals(ofPartial: partial.id, on: sql) }
            #expect(removals.map(\.externalId) == ["I-2"])
            #expect(removals.first?.total == Money(cents: 667_170))
            #expect(removals.first?.reason == "Lançado em duplicidade pelo setor")

            let again = try await store.billing.his.ingest(sent, by: .system)
            #expect(again.itemsCreated == 0 && again.itemsUnchanged == 2)
            #expect(try await store.accounts.partial(partial.id).items.map(\.externalId) == ["I-1"])
            let changed = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1"), PricingFixture.item("I-2", quantity: 5)]), by: .system)
            #expect(changed.itemsKeptByBilling == 1 && changed.itemsCreated == 0)
            #expect(changed.conflicts.first?.hasSuffix("quantidade: 2 → 5: continua removido.") == true)
        }
    }

    /// TC – Crânio is porte 1A with no UCO or film: 27,00 × 0,80 = 21,60.
    @Test(arguments: TestDatabase.kinds)
    func anAddedLineIsPricedAndMarkedAsBillings(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1")]), by: .system)
            let partial = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first)
            let version = try await store.accounts.partial(partial.id).partial.version
            let line = ChargeLine(kind: .exam, table: .cbhpm, code: "41001010", description: "TC – Crânio",
                                  performedAt: LocalDateTime(iso: "2026-11-04T09:30")!, quantity: .one, professional: "Dra. Ana")
            let id = try await store.billing.items.add(to: partial.id, line: line, reason: "Exame realizado e não lançado pelo setor",
                                                       expectedVersion: version, by: .system)
            let detail = try await store.accounts.partial(partial.id)
            let added = try #require(detail.items.first { $0.id == id })
            #expect(added.origin == .billing)
            #expect(added.total == Money(cents: 2_160))
            #expect(try detail.total == Money(cents: 335_745)) // 3.335,85 + 21,60
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func refusalsNameTheFieldAndSaveNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", quantity: 2)]), by: .system)
            let partial = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first)
            let detail = try await store.accounts.partial(partial.id)
            let item = try #require(detail.items.first)
            let itemId = try item.id.stored("charge_items")
            var line = item.line
            line.quantity = .one

            let short = await expectValidation {
                try await store.billing.items.edit(itemId, of: partial.id, to: line, reason: "erro", expectedVersion: detail.partial.version, by: .system)
            }
            #expect(short.map(\.field) == ["reason"])
            var outside = line
            outside.performedAt = LocalDateTime(iso: "2026-12-05T10:00")!
            let late = await expectValidation {
                try await store.billing.items.edit(itemId, of: partial.id, to: outside, reason: Self.reason, expectedVersion: detail.partial.version, by: .system)
            }
            #expect(late.first?.message == "Realizado em 05/12/2026, fora do período da parcial (01/11/2026 a 30/11/2026).")
            await expectRefusal("stale_version") {
                try await store.billing.items.edit(itemId, of: partial.id, to: line, reason: Self.reason, expectedVersion: detail.partial.version - 1, by: .system)
            }
            #expect(try await store.accounts.partial(partial.id).items.first?.quantity == Quantity(2)) // nothing half-saved
            #expect(try await store.audit.list(AuditQuery(entity: "charge_item")).total == 0)

            _ = try await store.billing.closing.close(partial.id, by: .system)
            await expectRefusal("partial_closed") {
                try await store.billing.items.edit(itemId, of: partial.id, to: line, reason: Self.reason, expectedVersion: nil, by: .system)
            }
        }
    }
}
