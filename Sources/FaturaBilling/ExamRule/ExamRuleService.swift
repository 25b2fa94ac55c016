import FaturaDomain
import FaturaStore

/// Runs the exam billing rule on one partial: a preview (no write) and an apply that writes every
/// line's percentage and value, splits and un-splits lines, and audits each change — in one
/// transaction, so a partial is processed whole or not at all. Both come from the same plan
/// (`ExamRulePlan`, domain), so what the preview says would change is what apply writes.
public struct ExamRuleService: BillingService {
    let context: ServiceContext

    public typealias ApplySummary = ExamRulePlan.Summary

    /// One line of the grid: the item as it is now and what the rule makes of it.
    public struct PreviewLine: Sendable, Equatable {
        public var itemId: ID<ChargeItem>?
        public var code: String
        public var description: String
        public var result: ExamRuleResult
        public var currentPercentage: Percentage?
        public var currentUnitValue: Money
    }

    public struct Preview: Sendable {
        public var partial: PartialBill
        public var groups: [(band: Int, groupName: String, day: CalendarDay, lines: [PreviewLine])]
        public var skipped: [ExamRuleSkip]
        public var payerStandard: BillingStandard
        public var contractFound: Bool
        /// What applying would change: items whose value or percentage differ, and the reduction.
        public var itemsChanged: Int
        public var reduction: Money
    }

    /// The rule for a partial: the contract of its first exam day decides the table flag and the bands.
    static func rule(for context: ExamRuleRepository.PartialContext) -> (ExamBillingRule, Contract?) {
        let day = context.items.map(\.performedAt.day).min() ?? context.partial.periodStart
        let contract = PriceBook(contracts: context.contracts).contract(payerId: context.partial.payerId, companyId: context.partial.companyId, on: day)
        return (ExamBillingRule(groups: context.groups, usesCBHPM: contract?.usesCBHPM ?? true, contractBands: contract?.bands ?? []), contract)
    }

    public func preview(_ partialId: ID<PartialBill>, percentages: [ID<ChargeItem>: Percentage] = [:]) async throws -> Preview {
        try await store.database.read { tx in
            let context = try await ExamRuleRepository.context(partialId, on: tx)
            let (rule, contract) = Self.rule(for: context)
            let input = try ExamRulePlan.lines(context.items, rule: rule, percentages: percentages, from: nil)
            let outcome = try rule.apply(to: input)
            // The rule's results carry the items' ids as plain integers.
            let byId = Dictionary(uniqueKeysWithValues: context.items.compactMap { item in item.id.map { ($0.rawValue, item) } })
            var groups: [(band: Int, groupName: String, day: CalendarDay, lines: [PreviewLine])] = []
            var used: [Int: Int] = [:]
            for result in outcome.results {
                // The n-th result of an original maps onto its n-th existing line (original, then splits).
                let original = ID<ChargeItem>(result.originalId)
                let lines = context.items.filter { $0.id == original || $0.splitFromId == original }
                let index = used[result.originalId, default: 0]
                used[result.originalId] = index + 1
                let current = index < lines.count ? lines[index] : nil
                let source = byId[result.originalId]
                let line = PreviewLine(itemId: current?.id, code: source?.code ?? "", description: source?.description ?? "", result: result,
                                       currentPercentage: current?.examPercentage, currentUnitValue: current?.unitValue ?? .zero)
                if let g = groups.firstIndex(where: { $0.band == result.band && $0.day == result.day }) {
                    groups[g].lines.append(line)
                } else {
                    groups.append((result.band, result.groupName, result.day, [line]))
                }
            }
            for i in groups.indices { groups[i].lines.sort { $0.result.firstIncidence < $1.result.firstIncidence } }
            // What applying would change is what apply writes: the same plan decides both.
            let summary = ExamRulePlan.make(context.partial, items: context.items, input: input, outcome: outcome).summary
            return Preview(partial: context.partial, groups: groups, skipped: outcome.skipped, payerStandard: context.standard,
                           contractFound: contract != nil, itemsChanged: summary.itemsChanged, reduction: Money(cents: summary.reductionCents))
        }
    }

    /// Applies the rule to one draft partial. `percentages` are the grid's edited values (marked
    /// manual); `expectedVersion` refuses the write when someone changed the partial meanwhile.
    public func apply(_ partialId: ID<PartialBill>, percentages: [ID<ChargeItem>: Percentage] = [:], expectedVersion: Int? = nil, windowStart: CalendarDay? = nil,
                      dryRun: Bool = false, by actor: AuditActor) async throws -> ApplySummary {
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            try await Self.apply(partialId, percentages: percentages, expectedVersion: expectedVersion, windowStart: windowStart,
                                 dryRun: dryRun, by: actor, at: now, on: tx)
        }
    }

    /// `apply` in the caller's transaction (re-pricing a partial runs the rule again in its own).
    static func apply(_ partialId: ID<PartialBill>, percentages: [ID<ChargeItem>: Percentage] = [:], expectedVersion: Int? = nil,
                      windowStart: CalendarDay? = nil, dryRun: Bool = false, by actor: AuditActor, at now: String,
                      on tx: Transaction) async throws -> ApplySummary {
        let context = try await ExamRuleRepository.context(partialId, on: tx)
        try context.partial.check(.examRule, expectedVersion: expectedVersion)
        for value in percentages.values where !(0...10_000).contains(value.basisPoints) {
            throw FaturaError.validation([FieldError("percentual", "Percentuais devem estar entre 0% e 100%.")])
        }
        let plan = try ExamRulePlan.make(context.partial, items: context.items, rule: Self.rule(for: context).0, percentages: percentages,
                                         windowStart: windowStart)
        if !dryRun { try await ExamRuleWriter.write([plan], actor: actor, at: now, on: tx) }
        return plan.summary
    }
}
