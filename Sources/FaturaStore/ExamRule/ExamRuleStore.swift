import SQLKit
import FaturaDomain

/// Runs the exam billing rule on one partial: a preview (no write) and an apply that writes every
/// line's percentage and value, splits and un-splits lines, and audits each change — in one
/// transaction, so a partial is processed whole or not at all.
public struct ExamRuleStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// One line of the grid: the item as it is now and what the rule makes of it.
    public struct PreviewLine: Sendable, Equatable {
        public var itemId: Int?
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

    public struct ApplySummary: Sendable, Equatable, Codable {
        public var itemsExamined = 0
        public var itemsChanged = 0
        /// Sum of (value before − value after) over the partial's exam lines.
        public var reductionCents: Int64 = 0
        public var manualKept: [Int] = []
        public var skipped: [String] = []
        public init() {}
    }

    /// What the rule needs of a partial, read in the caller's transaction.
    struct Context {
        var partial: PartialBill
        var standard: BillingStandard
        var contract: Contract?
        var items: [ChargeItem]
        var groups: [ExamGroup]
    }

    static func context(_ partialId: Int, on sql: any SQLDatabase) async throws -> Context {
        guard let row = try await PartialRow.find(partialId, on: sql) else { throw FaturaError.notFound(entity: "parcial") }
        let partial = row.partial
        let standard = try await sql.select().column("billing_standard").from("payers").where("id", .equal, SQLBind(partial.payerId)).first()
            .map { try StoredRow($0, table: "payers").code("billing_standard", as: BillingStandard.self) }
        guard let standard else { throw FaturaError.notFound(entity: "convênio") }
        let items = try await ChargeItemRow.load(on: sql) { $0.where("partial_id", .equal, SQLBind(partialId)).orderBy("id") }
        let groups = try await ExamGroupStore.load(on: sql)
        // The contract of the partial's first exam day decides the table flag and the bands.
        let contracts = try await ContractStore.forPayers([partial.payerId], on: sql)
        let day = items.map(\.performedAt.day).min() ?? partial.periodStart
        let contract = PriceBook(contracts: contracts).contract(payerId: partial.payerId, companyId: partial.companyId, on: day)
        return Context(partial: partial, standard: standard, contract: contract, items: items, groups: groups)
    }

    /// The exam lines of a partial. Lines stored past the edge's bounds (data from before the bounds
    /// existed) stop the rule with `amountOutOfRange` instead of feeding sums that could overflow.
    static func lines(_ items: [ChargeItem], rule: ExamBillingRule, from windowStart: CalendarDay?) throws -> [ExamRuleLine] {
        guard items.allSatisfy({ $0.total.isWithinLineLimit && $0.quantity <= .lineLimit && $0.baseUnitValue.isWithinLineLimit }) else {
            throw FaturaError.amountOutOfRange
        }
        return items.compactMap { item in
            guard let id = item.id, rule.group(of: item.code) != nil else { return nil }
            if let windowStart, item.performedAt.day < windowStart { return nil }
            return ExamRuleLine(id: id, splitFrom: item.splitFromId, code: item.code, day: item.performedAt.day,
                                baseUnitValue: item.isPriced ? item.baseUnitValue : .zero, filmValue: item.priced?.filmPart ?? .zero,
                                porte: item.porte, launchOrder: item.splitFromId ?? id, quantity: item.quantity,
                                manualPercentage: item.examPercentageManual ? item.examPercentage : nil)
        }
    }

    public func preview(_ partialId: Int, percentages: [Int: Percentage] = [:]) async throws -> Preview {
        try await database.read { sql in
            let context = try await Self.context(partialId, on: sql)
            let rule = ExamBillingRule(groups: context.groups, usesCBHPM: context.contract?.usesCBHPM ?? true, contractBands: context.contract?.bands ?? [])
            var input = try Self.lines(context.items, rule: rule, from: nil)
            for index in input.indices { if let p = percentages[input[index].id] { input[index].manualPercentage = p } }
            let outcome = try rule.apply(to: input)
            let byId = Dictionary(uniqueKeysWithValues: context.items.compactMap { item in item.id.map { ($0, item) } })
            var groups: [(band: Int, groupName: String, day: CalendarDay, lines: [PreviewLine])] = []
            var used: [Int: Int] = [:]
            for result in outcome.results {
                // The n-th result of an original maps onto its n-th existing line (original, then splits).
                let lines = context.items.filter { $0.id == result.originalId || $0.splitFromId == result.originalId }
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
            let summary = Self.plan(context.partial, items: context.items, input: input, outcome: outcome).summary
            return Preview(partial: context.partial, groups: groups, skipped: outcome.skipped, payerStandard: context.standard,
                           contractFound: context.contract != nil, itemsChanged: summary.itemsChanged, reduction: Money(cents: summary.reductionCents))
        }
    }

    /// Applies the rule to one draft partial. `percentages` are the grid's edited values (marked
    /// manual); `expectedVersion` refuses the write when someone changed the partial meanwhile.
    public func apply(_ partialId: Int, percentages: [Int: Percentage] = [:], expectedVersion: Int? = nil, windowStart: CalendarDay? = nil,
                      dryRun: Bool = false, by actor: AuditActor) async throws -> ApplySummary {
        try await database.transaction { sql in
            try await Self.apply(partialId, percentages: percentages, expectedVersion: expectedVersion, windowStart: windowStart,
                                 dryRun: dryRun, actor: actor, on: sql)
        }
    }

    static func apply(_ partialId: Int, percentages: [Int: Percentage], expectedVersion: Int?, windowStart: CalendarDay?, dryRun: Bool,
                      actor: AuditActor, on sql: any SQLDatabase) async throws -> ApplySummary {
        let context = try await context(partialId, on: sql)
        try context.partial.check(.examRule, expectedVersion: expectedVersion)
        for value in percentages.values where !(0...10_000).contains(value.basisPoints) {
            throw FaturaError.validation([FieldError("percentual", "Percentuais devem estar entre 0% e 100%.")])
        }
        let rule = ExamBillingRule(groups: context.groups, usesCBHPM: context.contract?.usesCBHPM ?? true, contractBands: context.contract?.bands ?? [])
        let plan = try Self.plan(context.partial, items: context.items, rule: rule, percentages: percentages, windowStart: windowStart)
        if !dryRun { try await ExamRuleWriter.write([plan], actor: actor, at: Timestamp.now(), on: sql) }
        return plan.summary
    }

    /// Decides one partial's lines with no database: which lines change (one audit entry each),
    /// which split lines are added and which are no longer needed. The batch plans many partials
    /// and `ExamRuleWriter` writes them together.
    static func plan(_ partial: PartialBill, items: [ChargeItem], rule: ExamBillingRule, percentages: [Int: Percentage],
                     windowStart: CalendarDay?) throws -> ExamRulePlan {
        var input = try lines(items, rule: rule, from: windowStart)
        for index in input.indices { if let p = percentages[input[index].id] { input[index].manualPercentage = p } }
        return plan(partial, items: items, input: input, outcome: try rule.apply(to: input))
    }

    /// The plan of lines the rule has already decided (`outcome` of `input`); the preview shows the
    /// same outcome it plans from.
    static func plan(_ partial: PartialBill, items: [ChargeItem], input: [ExamRuleLine], outcome: ExamBillingRule.Outcome) -> ExamRulePlan {
        var plan = ExamRulePlan(partial: partial)
        plan.summary.itemsExamined = input.count
        plan.summary.skipped = outcome.skipped.map(\.message)
        var splitsUsed: Set<Int> = []
        let byId = Dictionary(items.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        let splitsOf = Dictionary(grouping: items.filter { $0.splitFromId != nil }, by: { $0.splitFromId ?? 0 })
        let byOriginal = Dictionary(grouping: outcome.results, by: \.originalId)
        for originalId in byOriginal.keys.sorted() {
            guard let results = byOriginal[originalId], let original = byId[originalId] else { continue }
            let existingSplits = splitsOf[originalId] ?? []
            let targets = [original] + existingSplits
            var suffix = existingSplits.count + 1
            for (index, result) in results.enumerated() {
                if result.manual { plan.summary.manualKept.append(originalId) }
                let target = index < targets.count ? targets[index] : nil
                if let id = target?.id { splitsUsed.insert(id) }
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
            guard let id = item.id, examined.contains(id), !splitsUsed.contains(id) else { continue }
            plan.summary.itemsChanged += 1
            plan.summary.reductionCents += item.total.cents
            plan.removals.append(item)
        }
        plan.summary.manualKept = Array(Set(plan.summary.manualKept)).sorted()
        return plan
    }
}

/// What the audit log keeps of an exam line: percentage, quantity, unit value and total. Written as
/// JSON by hand: the batch writes one per changed line (about a million on a first run) and a
/// general-purpose encoder was a large part of its time.
struct ExamAuditValues {
    var percentage: String?
    var manual: Bool
    var quantity: String
    var unitValue: String
    var total: String

    init(_ item: ChargeItem) {
        percentage = item.examPercentage.map(BrazilianFormat.percentage)
        manual = item.examPercentageManual
        quantity = item.quantity.description
        unitValue = BrazilianFormat.decimal(item.unitValue)
        total = BrazilianFormat.decimal(item.total)
    }

    init(_ result: ExamRuleResult) {
        percentage = BrazilianFormat.percentage(result.percentage)
        manual = result.manual
        quantity = result.quantity.description
        unitValue = BrazilianFormat.decimal(result.unitValue)
        total = BrazilianFormat.decimal(result.total)
    }

    /// Sorted keys, like `AuditLog.json`; the values are digits, commas, dots and % only.
    var json: String {
        "{\"manual\":\(manual),\"percentage\":" + (percentage.map { "\"\($0)\"" } ?? "null")
            + ",\"quantity\":\"\(quantity)\",\"total\":\"\(total)\",\"unitValue\":\"\(unitValue)\"}"
    }
}
