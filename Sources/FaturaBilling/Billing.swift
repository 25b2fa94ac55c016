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
    public let items: ItemCorrectionService
    public let nonConformities: NonConformityService
    public let recordReturns: RecordReturnService
    public let jobs: JobQueue
    public let invoices: InvoiceService
    public let statements: StatementService
    public let payments: PaymentStatementService
    public let glosas: GlosaService
    public let appeals: AppealService
    public let trackingMap: TrackingMapService
    public let indicators: IndicatorService
    public let glosaRisk: GlosaRiskService
    public let proposals: ProposalService
    public let notices: NoticeService
    public let protocols: ProtocolService
    public let recordCopies: RecordCopyService
    public let team: TeamService

    public init(store: Store, clock: HospitalClock = .system) {
        self.store = store
        self.clock = clock
        let context = ServiceContext(store: store, clock: clock)
        pricing = PricingService(context: context)
        his = HISIngestionService(context: context)
        examRule = ExamRuleService(context: context)
        examBatch = ExamRuleBatch(context: context)
        closing = ClosingService(context: context)
        items = ItemCorrectionService(context: context)
        nonConformities = NonConformityService(context: context)
        recordReturns = RecordReturnService(context: context)
        jobs = JobQueue(context: context)
        invoices = InvoiceService(context: context, schemas: .shared)
        statements = StatementService(context: context)
        payments = PaymentStatementService(context: context)
        glosas = GlosaService(context: context)
        appeals = AppealService(context: context, schemas: .shared)
        trackingMap = TrackingMapService(context: context)
        indicators = IndicatorService(context: context)
        glosaRisk = GlosaRiskService(context: context)
        proposals = ProposalService(context: context)
        notices = NoticeService(context: context)
        protocols = ProtocolService(context: context)
        recordCopies = RecordCopyService(context: context)
        team = TeamService(context: context)
    }
}

/// What every service works with: the store's repositories and the hospital's clock.
struct ServiceContext: Sendable {
    let store: Store
    let clock: HospitalClock
}

/// A use case over the store: its transactions and its clock come from its context.
protocol BillingService: Sendable {
    var context: ServiceContext { get }
}

extension BillingService {
    var store: Store { context.store }
    var clock: HospitalClock { context.clock }
    var database: Database { context.store.database }
}
