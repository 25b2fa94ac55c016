/// What the exam rule makes of one partial, decided with no database: which lines change (one audit
/// entry each), which split lines are added and which are no longer needed, and the summary. The
/// preview shows a plan, apply writes it, and the batch writes many at once.
public struct ExamRulePlan: Sendable {
    public struct Update: Sendable {
        public var target: ChargeItem
        public var result: ExamRuleResult
    }

    /// A new line for incidences past the original's (its quantity was split).
    public struct Split: Sendable {
        public var original: ChargeItem
        public var result: ExamRuleResult
        public var externalId: String
    }

    /// What applying the plan changes, as the pages, the API and the batch report it.
    public struct Summary: Sendable, Equatable, Codable {
        public var itemsExamined = 0
        public var itemsChanged = 0
        /// Sum of (value before − value after) over the partial's exam lines.
        public var reductionCents: Int64 = 0
        public var manualKept: [Int] = []
        public var skipped: [String] = []
        public init() {}
    }

    public var partial: PartialBill
    public var summary = Summary()
    public var updates: [Update] = []
    public var splits: [Split] = []
    /// Split lines no longer needed.
    public var removals: [ChargeItem] = []

    public init(partial: PartialBill) { self.partial = partial }

    public var changes: Bool { summary.itemsChanged > 0 }

    /// The exam lines of a partial. Lines stored past the edge's bounds (data from before the bounds
    /// existed) stop the rule with `amountOutOfRange` instead of feeding sums that could overflow.
    public static func lines(_ items: [ChargeItem], rule: ExamBillingRule, from windowStart: CalendarDay?) throws -> [ExamRuleLine] {
        guard items.allSatisfy({ $0.total.isWithinLineLimit && $0.quantity <= .lineLimit && $0.baseUnitValue.isWithinLineLimit }) else {
            throw FaturaError.amountOutOfRange
        }
        return items.compactMap { item in
            guard let id = item.id, rule.group(of: item.code) != nil else { return nil }
            if let windowStart, item.performedAt.day < windowStart { return nil }
            return ExamRuleLine(id: id.rawValue, splitFrom: item.splitFromId?.rawValue, code: item.code, day: item.performedAt.day,
                                baseUnitValue: item.isPriced ? item.baseUnitValue : .zero, filmValue: item.priced?.filmPart ?? .zero,
                                porte: item.porte, launchOrder: (item.splitFromId ?? id).rawValue, quantity: item.quantity,
                                manualPercentage: item.examPercentageManual ? item.examPercentage : nil)
        }
    }

    /// The lines with the grid's edited percentages (kept as manual).
    public static func lines(_ items: [ChargeItem], rule: ExamBillingRule, percentages: [ID<ChargeItem>: Percentage],
                             from windowStart: CalendarDay?) throws -> [ExamRuleLine] {
        var input = try lines(items, rule: rule, from: windowStart)
        for index in input.indices { if let p = percentages[ID(input[index].id)] { input[index].manualPercentage = p } }
        return input
    }

    /// Plans one partial from its items.
    public static func make(_ partial: PartialBill, items: [ChargeItem], rule: ExamBillingRule, percentages: [ID<ChargeItem>: Percentage],
                            windowStart: CalendarDay?) throws -> ExamRulePlan {
        let input = try lines(items, rule: rule, percentages: percentages, from: windowStart)
        return make(partial, items: items, input: input, outcome: try rule.apply(to: input))
    }

    /// The plan of lines the rule has already decided (`outcome` of `input`); the preview shows the
    /// same outcome it plans from.
    public static func make(_ partial: PartialBill, items: [ChargeItem], input: [ExamRuleLine], outcome: ExamBillingRule.Outcome) -> ExamRulePlan {
        var plan = ExamRulePlan(partial: partial)
        plan.summary.itemsExamined = input.count
        plan.summary.skipped = outcome.skipped.map(\.message)
        var splitsUsed: Set<Int> = []
        // The rule's lines carry the items' ids as plain integers.
        let byId = Dictionary(items.compactMap { item in item.id.map { ($0.rawValue, item) } }, uniquingKeysWith: { first, _ in first })
        var splitsOf: [Int: [ChargeItem]] = [:]
        for item in items { if let from = item.splitFromId { splitsOf[from.rawValue, default: []].append(item) } }
        let byOriginal = Dictionary(grouping: outcome.results, by: \.originalId)
        for originalId in byOriginal.keys.sorted() {
            guard let results = byOriginal[originalId], let original = byId[originalId] else { continue }
            let existingSplits = splitsOf[originalId] ?? []
            let targets = [original] + existingSplits
            var suffix = existingSplits.count + 1
            for (index, result) in results.enumerated() {
                if result.manual { plan.summary.manualKept.append(originalId) }
                let target = index < targets.count ? targets[index] : nil
                if let id = target?.id { splitsUsed.insert(id.rawValue) }
                // A first incidence at 100% that was never reduced is already right: a missing percentage
                // means 100%, so nothing is written (a third of the lines on a first run).
                let recorded = target?.examPercentage ?? .hundred
                let changed = target == nil || target?.total != result.total || recorded != result.percentage
                    || target?.quantity != result.quantity || target?.examPercentageManual != result.manual
                    || target?.unitValue != result.unitValue
                plan.summary.reductionCents += (target?.total ?? .zero).cents - result.total.cents
                guard changed else { continue }
                plan.summary.itemsChanged += 1
                if let target {
                    plan.updates.append(.init(target: target, result: result))
                } else {
                    suffix += 1
                    plan.splits.append(.init(original: original, result: result, externalId: original.externalId + "#\(suffix)"))
                }
            }
        }
        // Split lines the rule no longer needs go away (their quantity went back to the original).
        let examined = Set(input.map(\.id))
        for item in items where item.splitFromId != nil {
            guard let id = item.id?.rawValue, examined.contains(id), !splitsUsed.contains(id) else { continue }
            plan.summary.itemsChanged += 1
            plan.summary.reductionCents += item.total.cents
            plan.removals.append(item)
        }
        plan.summary.manualKept = Array(Set(plan.summary.manualKept)).sorted()
        return plan
    }
}
