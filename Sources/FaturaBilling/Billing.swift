import FaturaDomain
import FaturaStore

/// The use cases of the billing department, one small service per capability, over the store's
/// repositories and the hospital's clock. A service opens the transaction, loads through
/// repositories, asks the domain for a decision or a plan, writes it and audits it; pages, API
/// handlers and the CLI call these (plain reads may go straight to a query type of the store).
public struct Billing: Sendable {
    public let store: Store
    public let clock: HospitalClock
    public let pricing: PricingService
    public let his: HISIngestionService
    public let examRule: ExamRuleService
    public let examBatch: ExamRuleBatch
    public let closing: ClosingService
    public let nonConformities: NonConformityService
    public let recordReturns: RecordReturnService
    public let jobs: JobQueue

    public init(store: Store, clock: HospitalClock = .system) {
        self.store = store
        self.clock = clock
        pricing = PricingService(store: store, clock: clock)
        his = HISIngestionService(store: store, clock: clock)
        examRule = ExamRuleService(store: store, clock: clock)
        examBatch = ExamRuleBatch(store: store, clock: clock)
        closing = ClosingService(store: store, clock: clock)
        nonConformities = NonConformityService(store: store, clock: clock)
        recordReturns = RecordReturnService(store: store, clock: clock)
        jobs = JobQueue(store: store, clock: clock)
    }
}
