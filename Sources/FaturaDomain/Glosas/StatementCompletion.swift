/// The items of a claim a payer released without listing them (DOMAIN.md §6: payers detail only
/// the items they touched; the sample statement lists three of its claim's five items and its claim
/// totals carry all five). An undetailed item is taken as released in full only when the claim's
/// own totals prove it — the claim's informed is everything billed, every glosa is in the listed
/// lines, and what it released beyond them is exactly what the other items are worth; otherwise
/// they stay pending, never guessed.
public enum StatementCompletion {
    public static func releasedWithoutDetail(_ claim: StatementClaim, billed: [BilledItem], matched: Set<Int>) -> [BilledItem] {
        guard let stated = claim.stated else { return [] }
        let rest = billed.filter { !matched.contains($0.itemId) }
        guard !rest.isEmpty else { return [] }
        let listedReleased = claim.lines.reduce(Money.zero) { $0 + $1.released }
        let listedGlosa = claim.lines.reduce(Money.zero) { $0 + $1.glosa }
        let billedTotal = billed.reduce(Money.zero) { $0 + $1.total }
        let restTotal = rest.reduce(Money.zero) { $0 + $1.total }
        guard stated.informed == billedTotal, stated.glosa == listedGlosa, stated.released - listedReleased == restTotal else { return [] }
        return rest
    }
}

/// Presented = released + glosa + pending (DOMAIN.md §5), at any level: an item, a claim, a batch,
/// an invoice. Built from what was billed and what the current statement lines say of it.
public struct Reconciliation: Hashable, Sendable {
    public var presented: Money
    public var released: Money
    public var glosa: Money

    public init(presented: Money = .zero, released: Money = .zero, glosa: Money = .zero) {
        self.presented = presented
        self.released = released
        self.glosa = glosa
    }

    /// What the payer has neither released nor denied yet.
    public var pending: Money { presented - released - glosa }
    /// More released and denied than presented: the statement is wrong about this item.
    public var overstated: Bool { pending < .zero }

    public static func + (a: Reconciliation, b: Reconciliation) -> Reconciliation {
        Reconciliation(presented: a.presented + b.presented, released: a.released + b.released, glosa: a.glosa + b.glosa)
    }
}
