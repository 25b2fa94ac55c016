@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

/// The worklist of partials (`/accounts`): each filter, the order (newest period first, then the
/// newest partial) and the count that stops at its limit.
@Suite struct WorklistQueryTests {
    @Test(arguments: TestDatabase.kinds)
    func filtersOrderAndCappedCount(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let company = f.base.companyId
            // A: Imagem, November, clean. B: no sector, October, one item without a price.
            // C: Imagem, November (same period as A, created after it), closed.
            // D: Imagem, November, with an open non-conformity.
            let a = try await f.cleanPartial("P-A")
            var october = f.base.document(encounter: "ATD-B", partial: "P-B",
                                          items: [PricingFixture.item("P-B-1", at: "2026-10-05T09:00"), PricingFixture.item("P-B-2", code: "99999999", at: "2026-10-05T09:10")])
            october.encounters[0].partials[0].periodStart = "2026-10-01"
            october.encounters[0].partials[0].periodEnd = "2026-10-31"
            _ = try await store.billing.his.ingest(october, by: .system)
            let b = try #require(try await store.accounts.partials(.init(companyId: company, perPage: 200)).items.first { $0.externalId == "P-B" }?.id)
            let c = try await f.cleanPartial("P-C")
            _ = try await store.billing.closing.close(c, by: NonConformityFixture.ana)
            let d = try await f.cleanPartial("P-D")
            _ = try await store.billing.nonConformities.register(.init(partialId: d, typeId: f.types["assinatura"]),
                                                         today: CalendarDay(iso: "2026-11-19")!, by: NonConformityFixture.ana)

            func ids(_ filter: AccountQueries.PartialFilter) async throws -> [ID<PartialBill>] {
                try await store.accounts.partials(filter).items.map(\.id)
            }
            // Newest period first; within November the newest partial first.
            #expect(try await ids(.init(companyId: company)) == [d, c, a, b])
            #expect(try await ids(.init(companyId: company, status: .closed)) == [c])
            #expect(try await ids(.init(companyId: company, status: .draft)) == [d, a, b])
            #expect(try await ids(.init(companyId: company, sectorId: f.sectors["imagem"])) == [d, c, a])
            #expect(try await ids(.init(companyId: company, onlyUnpriced: true)) == [b])
            #expect(try await ids(.init(companyId: company, onlyPending: true)) == [d])
            #expect(try await ids(.init(companyId: company, to: CalendarDay(iso: "2026-10-31"))) == [b])
            #expect(try await ids(.init(companyId: company, from: CalendarDay(iso: "2026-11-01"))) == [d, c, a])
            #expect(try await ids(.init(companyId: company, payerId: f.base.payerId, status: .draft, sectorId: f.sectors["imagem"])) == [d, a])

            // The HIS moves B's encounter to Imagem: the sector filter follows (the partials keep a copy).
            october.encounters[0].originSector = "imagem"
            #expect(try await store.billing.his.ingest(october, by: .system).encountersUpdated == 1)
            #expect(try await ids(.init(companyId: company, sectorId: f.sectors["imagem"])) == [d, c, a, b])

            // The figures of a row: B has two items, one without a price; D one pending non-conformity.
            let rows = try await store.accounts.partials(.init(companyId: company)).items
            let rowB = try #require(rows.first { $0.id == b })
            #expect(rowB.itemCount == 2 && rowB.unpricedCount == 1 && rowB.pendingCount == 0)
            #expect(try #require(rows.first { $0.id == d }).pendingCount == 1)

            // Exact up to the limit; past it a lower bound (one more than the limit, or than the page),
            // and a next page while there is one.
            let exact = try await store.accounts.partials(.init(companyId: company))
            #expect(exact.total == 4 && !exact.totalIsLowerBound)
            var capped = AccountQueries.PartialFilter(companyId: company, perPage: 1)
            capped.countLimit = 2
            let first = try await store.accounts.partials(capped)
            #expect(first.total == 3 && first.totalIsLowerBound && first.hasNext && first.items.map(\.id) == [d])
            capped.page = 3
            let third = try await store.accounts.partials(capped)
            #expect(third.items.map(\.id) == [a] && third.total == 4 && third.totalIsLowerBound && third.hasNext)
            capped.page = 4
            let last = try await store.accounts.partials(capped)
            #expect(last.items.map(\.id) == [b] && last.total == 4 && !last.totalIsLowerBound && !last.hasNext)
        }
    }
}
