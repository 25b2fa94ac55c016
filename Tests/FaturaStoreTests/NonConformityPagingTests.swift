import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

/// Billing's worklist pages through every non-conformity of its filter instead of stopping at a limit.
@Suite struct NonConformityPagingTests {
    @Test(arguments: TestDatabase.kinds)
    func pagesCoverTheWholeFilterWithItsTrueTotal(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // Setup: five non-conformities on one partial, registered on a Monday (due two business days later).
            let f = try await NonConformityFixture.make(store)
            let partialId = try await f.cleanPartial("P-PAGES")
            let monday = try #require(CalendarDay(iso: "2025-03-10"))
            var ids: [Int] = []
            for _ in 0..<5 {
                ids.append(try await store.billing.nonConformities.register(.init(partialId: partialId, typeId: f.types["laudo"]), today: monday,
                                                                    by: NonConformityFixture.ana).id ?? 0)
            }
            let filter = NonConformityQueries.Filter(companyId: f.base.companyId, statuses: NonConformityStatus.pending)
            let later = monday.adding(days: 30)

            // Action: pages of two.
            let first = try await store.nonConformityQueries.entries(filter, page: 1, perPage: 2, today: later)
            let third = try await store.nonConformityQueries.entries(filter, page: 3, perPage: 2, today: later)
            let onTime = try await store.nonConformityQueries.entries(filter, page: 1, perPage: 2, today: monday)

            // Check: the total is all five, the pages follow `entries`' order, every one is late a month on.
            #expect(first.page.total == 5 && first.page.pageCount == 3 && first.page.hasNext)
            #expect(first.page.items.map(\.id) == Array(ids.prefix(2)))
            #expect(third.page.items.map(\.id) == [ids[4]] && !third.page.hasNext)
            #expect(first.overdue == 5)
            #expect(onTime.overdue == 0)
            #expect(try await store.nonConformityQueries.entries(filter).map(\.id) == ids)
        }
    }
}
