/// What closing a partial looks at, gathered by the store in the closing transaction, and the rule
/// that turns it into the list of reasons it cannot close (DOMAIN.md §5: non-conformities resolved →
/// exam rule applied → partial closed).
public struct ClosingCheck: Sendable, Equatable {
    public var status: PartialStatus
    /// Non-conformities that still block (open or corrected, not yet accepted).
    public var pendingNonConformities: Int
    public var unpricedItems: Int
    public var payerStandard: BillingStandard
    /// Whether any item is an exam of a billing coding (CT, MRI, ultrasound...).
    public var hasExamItems: Bool
    /// When the exam rule last ran and when the items were last priced or changed: ISO-8601 UTC
    /// timestamps, which compare as text.
    public var examRuleAt: String?
    public var examItemsChangedAt: String?
    public var payerRequiresAuthorization: Bool
    public var authorizationNumber: String?
    public var total: Money

    public init(status: PartialStatus, pendingNonConformities: Int = 0, unpricedItems: Int = 0, payerStandard: BillingStandard = .convenio,
                hasExamItems: Bool = false, examRuleAt: String? = nil, examItemsChangedAt: String? = nil,
                payerRequiresAuthorization: Bool = false, authorizationNumber: String? = nil, total: Money) {
        self.status = status
        self.pendingNonConformities = pendingNonConformities
        self.unpricedItems = unpricedItems
        self.payerStandard = payerStandard
        self.hasExamItems = hasExamItems
        self.examRuleAt = examRuleAt
        self.examItemsChangedAt = examItemsChangedAt
        self.payerRequiresAuthorization = payerRequiresAuthorization
        self.authorizationNumber = authorizationNumber
        self.total = total
    }

    /// SUS and Particular do not apply the payers' exam percentages (DOMAIN.md §3).
    public var examRuleRequired: Bool {
        guard payerStandard == .convenio, hasExamItems else { return false }
        guard let ruleAt = examRuleAt else { return true }
        guard let changedAt = examItemsChangedAt else { return false }
        return ruleAt < changedAt
    }

    /// Every reason, in the order a biller works through them; empty when the partial may close.
    public var blockers: [ClosingBlocker] {
        guard status == .draft else { return [.alreadyClosed] }
        var list: [ClosingBlocker] = []
        if pendingNonConformities > 0 { list.append(.openNonConformities(pendingNonConformities)) }
        if unpricedItems > 0 { list.append(.unpricedItems(unpricedItems)) }
        if examRuleRequired { list.append(.examRuleNotRun) }
        if payerRequiresAuthorization && (authorizationNumber?.trimmingSpaces() ?? "").isEmpty { list.append(.missingAuthorization) }
        if total.cents <= 0 { list.append(.zeroTotal) }
        return list
    }
}
