import FaturaDomain
import FaturaStore

/// The active companies for the layout's picker, kept between requests: every page shows them, and
/// reading the registry on each one was a query per page for a list that changes a few times a year.
/// This process drops the copy whenever it changes a company (registry pages, API); another process
/// (the CLI, a second server) may change them too, so a copy older than `maxAge` is read again.
actor ActiveCompanies {
    typealias Clock = @Sendable () -> ContinuousClock.Instant

    private let store: Store
    private let maxAge: Duration
    private let now: Clock
    private var cached: (companies: [Company], readAt: ContinuousClock.Instant)?
    /// Bumped by `invalidate`: a read that started before a change must not store what it read.
    private var generation = 0

    init(store: Store, maxAge: Duration = .seconds(30), now: @escaping Clock = { ContinuousClock.now }) {
        self.store = store
        self.maxAge = maxAge
        self.now = now
    }

    func active() async throws -> [Company] {
        if let cached, now() - cached.readAt < maxAge { return cached.companies }
        let started = generation
        let readAt = now()
        let companies = try await store.companies.all(active: true)
        if started == generation { cached = (companies, readAt) }
        return companies
    }

    /// After a change to a company through this process: the next page reads them again.
    func invalidate() {
        generation += 1
        cached = nil
    }
}
