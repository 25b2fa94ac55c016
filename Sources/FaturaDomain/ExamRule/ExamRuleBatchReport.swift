/// What one run of the exam-rule batch did, kept with the run (JSON) and shown on its page.
public struct ExamRuleBatchReport: Sendable, Equatable, Codable {
    public var partialsExamined = 0
    public var partialsChanged = 0
    public var itemsExamined = 0
    public var itemsChanged = 0
    public var reductionCents: Int64 = 0
    /// Partials whose manual percentages were kept, with the items.
    public var manualKept: [ManualKept] = []
    /// Items left as they were, and why.
    public var skipped: [String] = []
    /// Partials that changed state during the run (closed, edited) and were left for the next run.
    public var partialsLeft: [String] = []
    public init() {}

    public struct ManualKept: Sendable, Equatable, Codable {
        public var partialId: Int
        public var partialExternalId: String
        public var itemIds: [Int]

        public init(partialId: Int, partialExternalId: String, itemIds: [Int]) {
            self.partialId = partialId
            self.partialExternalId = partialExternalId
            self.itemIds = itemIds
        }
    }

    /// Adds one partial's plan (written or, in a dry run, only planned).
    public mutating func add(_ plan: ExamRulePlan) {
        let summary = plan.summary
        itemsExamined += summary.itemsExamined
        itemsChanged += summary.itemsChanged
        reductionCents += summary.reductionCents
        if summary.itemsChanged > 0 { partialsChanged += 1 }
        if !summary.manualKept.isEmpty, let id = plan.partial.id {
            manualKept.append(ManualKept(partialId: id.rawValue, partialExternalId: plan.partial.externalId, itemIds: summary.manualKept))
        }
        skipped += summary.skipped.map { "Parcial \(plan.partial.externalId): \($0)" }
    }
}
