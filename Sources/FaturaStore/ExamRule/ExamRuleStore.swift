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
            .map { BillingStandard(rawValue: try $0.decode(column: "billing_standard", as: String.self)) ?? .convenio } ?? .convenio
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
            var changed = 0
            var reduction: Int64 = 0
            for result in outcome.results {
                // The n-th result of an original maps onto its n-th existing line (original, then splits).
                let lines = context.items.filter { $0.id == result.originalId || $0.splitFromId == result.originalId }
                let index = used[result.originalId, default: 0]
                used[result.originalId] = index + 1
                let current = index < lines.count ? lines[index] : nil
                let source = byId[result.originalId]
                if current?.unitValue != result.unitValue || (current?.examPercentage ?? .hundred) != result.percentage
                    || current?.quantity != result.quantity || current?.examPercentageManual != result.manual {
                    changed += 1
                }
                let line = PreviewLine(itemId: current?.id, code: source?.code ?? "", description: source?.description ?? "", result: result,
                                       currentPercentage: current?.examPercentage, currentUnitValue: current?.unitValue ?? .zero)
                if let g = groups.firstIndex(where: { $0.band == result.band && $0.day == result.day }) {
                    groups[g].lines.append(line)
                } else {
                    groups.append((result.band, result.groupName, result.day, [line]))
                }
            }
            let before = try context.items.filter { rule.group(of: $0.code) != nil }.map(\.total).sum()
            // Both sums are of lines within the line limit (`lines` checked them): the difference fits.
            reduction = try (before - outcome.results.map(\.total).sum()).cents
            for i in groups.indices { groups[i].lines.sort { $0.result.firstIncidence < $1.result.firstIncidence } }
            return Preview(partial: context.partial, groups: groups, skipped: outcome.skipped, payerStandard: context.standard,
                           contractFound: context.contract != nil, itemsChanged: changed, reduction: Money(cents: reduction))
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
        guard context.partial.status == .draft else {
            throw FaturaError.conflict("A parcial \(context.partial.externalId) está encerrada: a regra de cobrança de exames não a altera.")
        }
        if let expectedVersion, expectedVersion != context.partial.version {
            throw FaturaError.conflict("A parcial foi alterada por outra pessoa enquanto você a editava. Recarregue a página e aplique de novo.")
        }
        for value in percentages.values where !(0...10_000).contains(value.basisPoints) {
            throw FaturaError.validation([FieldError("percentual", "Percentuais devem estar entre 0% e 100%.")])
        }
        let rule = ExamBillingRule(groups: context.groups, usesCBHPM: context.contract?.usesCBHPM ?? true, contractBands: context.contract?.bands ?? [])
        return try await process(context.partial, items: context.items, rule: rule, percentages: percentages, windowStart: windowStart,
                                 dryRun: dryRun, actor: actor, on: sql)
    }

    /// Decides and writes one partial's lines: changed lines in one UPDATE, new split lines inserted,
    /// split lines no longer needed removed, and one audit entry per change (inserted together).
    static func process(_ partial: PartialBill, items: [ChargeItem], rule: ExamBillingRule, percentages: [Int: Percentage],
                        windowStart: CalendarDay?, dryRun: Bool, actor: AuditActor, on database: (any SQLDatabase)?) async throws -> ApplySummary {
        // A dry run needs no database: the batch uses it to skip partials that would not change.
        let dryRun = dryRun || database == nil
        var input = try lines(items, rule: rule, from: windowStart)
        for index in input.indices { if let p = percentages[input[index].id] { input[index].manualPercentage = p } }
        let outcome = try rule.apply(to: input)
        var summary = ApplySummary()
        summary.itemsExamined = input.count
        summary.skipped = outcome.skipped.map(\.message)
        let now = Timestamp.now()
        var updates: [ExamUpdate.Row] = []
        var audits: [AuditRow] = []
        var splitsUsed: Set<Int> = []
        let byOriginal = Dictionary(grouping: outcome.results, by: \.originalId)
        for originalId in byOriginal.keys.sorted() {
            guard let results = byOriginal[originalId], let original = items.first(where: { $0.id == originalId }) else { continue }
            let existingSplits = items.filter { $0.splitFromId == originalId }
            let targets = [original] + existingSplits
            var suffix = existingSplits.count + 1
            for (index, result) in results.enumerated() {
                if result.manual { summary.manualKept.append(originalId) }
                let target = index < targets.count ? targets[index] : nil
                if let id = target?.id { splitsUsed.insert(id) }
                // A first incidence at 100% that was never reduced is already right: a missing percentage
                // means 100%, so nothing is written (a third of the lines on a first run).
                let recorded = target?.examPercentage ?? .hundred
                let changed = target == nil || target?.total != result.total || recorded != result.percentage
                    || target?.quantity != result.quantity || target?.examPercentageManual != result.manual
                    || target?.unitValue != result.unitValue
                summary.reductionCents += (target?.total ?? .zero).cents - result.total.cents
                guard changed else { continue }
                summary.itemsChanged += 1
                if dryRun { continue }
                if let target, let id = target.id {
                    updates.append(ExamUpdate.Row(id: id, result: result))
                    audits.append(AuditRow(entityId: String(id), action: .update, before: ExamAuditValues(target), after: ExamAuditValues(result),
                                           detail: "regra de cobrança de exames"))
                } else {
                    suffix += 1
                    guard let sql = database else { continue }
                    let newId = try await insertSplit(of: original, result: result, suffix: suffix, now: now, on: sql)
                    audits.append(AuditRow(entityId: newId.map(String.init), action: .create, before: nil, after: ExamAuditValues(result),
                                           detail: "linha dividida do item \(originalId) pela regra de cobrança de exames"))
                }
            }
        }
        // Split lines the rule no longer needs go away (their quantity went back to the original).
        let examined = Set(input.map(\.id))
        for item in items where item.splitFromId != nil {
            guard let id = item.id, examined.contains(id), !splitsUsed.contains(id) else { continue }
            summary.itemsChanged += 1
            summary.reductionCents += item.total.cents
            guard !dryRun, let sql = database else { continue }
            try await sql.delete(from: "charge_items").where("id", .equal, SQLBind(id)).run()
            audits.append(AuditRow(entityId: String(id), action: .deactivate, before: ExamAuditValues(item), after: nil,
                                   detail: "linha dividida desfeita pela regra de cobrança de exames"))
        }
        if !dryRun, summary.itemsChanged > 0, let sql = database {
            for chunk in updates.chunked(200) { try await sql.execute(sql: ExamUpdate(rows: chunk, updatedAt: now)) { _ in } }
            try await AuditRow.insert(audits, actor: actor, entity: "charge_item", at: now, on: sql)
            // Still the draft, at the version that was read? Otherwise the caller's transaction rolls back.
            let stamped = try await sql.update("partial_bills").set("exam_rule_at", to: SQLBind(now)).set("version", to: SQLBind(partial.version + 1))
                .where("id", .equal, SQLBind(partial.id ?? 0)).where("status", .equal, SQLBind(PartialStatus.draft.rawValue))
                .where("version", .equal, SQLBind(partial.version)).returning("id").first()
            if stamped == nil {
                throw FaturaError.conflict("A parcial \(partial.externalId) foi alterada ou encerrada durante o processamento; nada foi gravado nela.")
            }
        } else if !dryRun, let sql = database {
            try await stampUnchanged([partial], at: now, on: sql)
        }
        summary.manualKept = Array(Set(summary.manualKept)).sorted()
        return summary
    }

    /// Records that the rule ran on partials it did not need to change, if they are still the draft
    /// at the version that was read (one statement for many partials).
    static func stampUnchanged(_ partials: [PartialBill], at now: String, on sql: any SQLDatabase) async throws {
        for chunk in partials.chunked(300) {
            var predicate = SQLList([], separator: SQLRaw(" OR "))
            for partial in chunk {
                predicate.expressions.append(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("id"), .equal, SQLBind(partial.id ?? 0)), .and,
                    SQLBinaryExpression(SQLColumn("version"), .equal, SQLBind(partial.version)))))
            }
            try await sql.update("partial_bills").set("exam_rule_at", to: SQLBind(now))
                .where("status", .equal, SQLBind(PartialStatus.draft.rawValue)).where(SQLGroupExpression(predicate)).run()
        }
    }

    static func insertSplit(of original: ChargeItem, result: ExamRuleResult, suffix: Int, now: String, on sql: any SQLDatabase) async throws -> Int? {
        let row = try await sql.insert(into: "charge_items")
            .columns("external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day",
                     "quantity", "executing_professional", "contract_id", "porte", "fee_part", "operating_cost_part", "film_part",
                     "other_part", "unit_value", "total", "urgency", "pricing_status", "priced_at", "base_unit_value",
                     "exam_percentage_bp", "exam_percentage_manual", "exam_incidence", "split_from_id", "created_at", "updated_at")
            .values(SQLBind(original.externalId + "#\(suffix)"), SQLBind(original.partialId), SQLBind(original.kind.rawValue),
                    SQLBind(original.priceTable.rawValue), SQLBind(original.code), SQLBind(original.description),
                    SQLBind(original.performedAt.iso), SQLBind(original.performedAt.day.iso), SQLBind(result.quantity.tenThousandths),
                    SQLBind.optional(original.executingProfessional), SQLBind.optional(original.contractId), SQLBind.optional(original.porte?.description),
                    SQLBind(original.priced?.feePart.cents ?? 0), SQLBind(original.priced?.operatingCostPart.cents ?? 0),
                    SQLBind(original.priced?.filmPart.cents ?? 0), SQLBind(original.priced?.otherPart.cents ?? 0),
                    SQLBind(result.unitValue.cents), SQLBind(result.total.cents), SQLBind(original.priced?.urgency ?? false),
                    SQLBind("priced"), SQLBind(now), SQLBind(original.baseUnitValue.cents), SQLBind(result.percentage.basisPoints),
                    SQLBind(result.manual), SQLBind(result.firstIncidence), SQLBind(original.id ?? 0), SQLBind(now), SQLBind(now))
            .returning("id").first()
        return try row?.decode(column: "id", as: Int.self)
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
