import SQLKit
import FaturaDomain

/// Writes the plans of many partials with a handful of multi-row statements (the batch writes a
/// million lines on a first run; one statement per line was most of its time): every changed line
/// in `VALUES` updates, the new split lines in multi-row inserts, the removed ones in one delete,
/// one audit entry per change, and each changed partial's version bumped only if it is still the
/// draft at the version planned. Runs in the caller's transaction, so the partials are written
/// whole or not at all.
public enum ExamRuleWriter {
    public static func write(_ plans: [ExamRulePlan], actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws {
        let changed = plans.filter(\.changes)
        // Partials the rule did not need to change only record that it ran (if still as read).
        for chunk in plans.filter({ !$0.changes }).chunked(500) {
            try await sql.raw(try PartialStamp(partials: chunk.map(\.partial), at: now, bumpsVersion: false).query()).run()
        }
        guard !changed.isEmpty else { return }
        // Versions first: a partial changed since it was read stops the whole write before any line moves.
        for chunk in changed.chunked(500) {
            let stamped = try await sql.raw(try PartialStamp(partials: chunk.map(\.partial), at: now, bumpsVersion: true).query()).all()
            // Someone changed or closed one of them since it was read: nothing of the chunk is written.
            if stamped.count != chunk.count { throw FaturaError.stalePartial }
        }
        var audits: [AuditRow] = []
        let updates = changed.flatMap(\.updates)
        for chunk in updates.chunked(500) {
            try await sql.execute(sql: ExamUpdate(rows: chunk.compactMap { update in
                update.target.id.map { ExamUpdate.Row(id: $0.rawValue, result: update.result) }
            }, updatedAt: now)) { _ in }
        }
        audits += updates.map { AuditRow(entityId: $0.target.id.map(String.init), action: .update, before: ExamAuditValues($0.target),
                                         after: ExamAuditValues($0.result), detail: "regra de cobrança de exames") }
        let splits = changed.flatMap(\.splits)
        for chunk in splits.chunked(200) {
            let ids = try await insertSplits(chunk, at: now, on: sql)
            audits += chunk.map { split in
                AuditRow(entityId: ids[split.externalId].map(String.init), action: .create, before: nil, after: ExamAuditValues(split.result),
                         detail: "linha dividida do item \(split.original.id.map(String.init) ?? "?") pela regra de cobrança de exames")
            }
        }
        let removals = changed.flatMap(\.removals)
        for chunk in removals.chunked(500) {
            try await sql.delete(from: "charge_items").where("id", .in, SQLBind.group(chunk.compactMap(\.id))).run()
        }
        audits += removals.map { AuditRow(entityId: $0.id.map(String.init), action: .deactivate, before: ExamAuditValues($0), after: nil,
                                          detail: "linha dividida desfeita pela regra de cobrança de exames") }
        try await AuditRow.insert(audits, actor: actor, entity: "charge_item", at: now, on: sql)
        // Split lines are written priced: a partial whose lines were split or joined is recounted.
        try await UnpricedItems.recount(changed.filter { !$0.splits.isEmpty || !$0.removals.isEmpty }.compactMap(\.partial.id), on: sql)
    }

    /// Inserts split lines (copies of the original with the split's quantity and value); returns the
    /// new ids by external id (unique), which `RETURNING` gives in no promised order.
    static func insertSplits(_ splits: [ExamRulePlan.Split], at now: String, on sql: any SQLDatabase) async throws -> [String: Int] {
        var insert = sql.insert(into: "charge_items")
            .columns("external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day",
                     "quantity", "executing_professional", "contract_id", "porte", "fee_part", "operating_cost_part", "film_part",
                     "other_part", "unit_value", "total", "urgency", "pricing_status", "priced_at", "base_unit_value",
                     "exam_percentage_bp", "exam_percentage_manual", "exam_incidence", "split_from_id", "created_at", "updated_at")
        for split in splits {
            let original = split.original, result = split.result
            let originalId = try original.id.stored("charge_items")
            insert = insert.values(
                SQLBind(split.externalId), SQLBind(original.partialId), SQLBind(original.kind.rawValue),
                SQLBind(original.priceTable.rawValue), SQLBind(original.code), SQLBind(original.description),
                SQLBind(original.performedAt.iso), SQLBind(original.performedAt.day.iso), SQLBind(result.quantity.tenThousandths),
                SQLBind.optional(original.executingProfessional), SQLBind.optional(original.contractId), SQLBind.optional(original.porte?.description),
                SQLBind(original.priced?.feePart.cents ?? 0), SQLBind(original.priced?.operatingCostPart.cents ?? 0),
                SQLBind(original.priced?.filmPart.cents ?? 0), SQLBind(original.priced?.otherPart.cents ?? 0),
                SQLBind(result.unitValue.cents), SQLBind(result.total.cents), SQLBind(original.priced?.urgency ?? false),
                SQLBind(PricingStatus.priced.rawValue), SQLBind(now), SQLBind(original.baseUnitValue.cents), SQLBind(result.percentage.basisPoints),
                SQLBind(result.manual), SQLBind(result.firstIncidence), SQLBind(originalId.rawValue), SQLBind(now), SQLBind(now))
        }
        let rows = try await insert.returning("id", "external_id").all()
        return Dictionary(try rows.map { (try $0.decode(column: "external_id", as: String.self), try $0.decode(column: "id", as: Int.self)) },
                          uniquingKeysWith: { first, _ in first })
    }
}

/// `WITH v(id, version) AS (VALUES …) UPDATE partial_bills … WHERE still the draft at that version
/// RETURNING id`: records that the rule ran on many partials in one statement (bumping the version of
/// those it changed) and says which ones were still as read.
struct PartialStamp {
    let partials: [PartialBill]
    let at: String
    let bumpsVersion: Bool

    func query() throws -> SQLQueryString {
        var text = SQLQueryString("WITH v(id, version) AS (VALUES ")
        for (index, partial) in partials.enumerated() {
            text.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
            text.appendInterpolation(bind: try partial.id.stored("partial_bills").rawValue)
            text.appendInterpolation(unsafeRaw: ", ")
            text.appendInterpolation(bind: partial.version)
            text.appendInterpolation(unsafeRaw: ")")
        }
        text.appendInterpolation(unsafeRaw: ") UPDATE partial_bills SET exam_rule_at = ")
        text.appendInterpolation(bind: at)
        text.appendInterpolation(unsafeRaw: bumpsVersion ? ", version = partial_bills.version + 1" : "")
        text.appendInterpolation(unsafeRaw: " FROM v WHERE partial_bills.id = v.id AND partial_bills.version = v.version AND partial_bills.status = ")
        text.appendInterpolation(bind: PartialStatus.draft.rawValue)
        text.appendInterpolation(unsafeRaw: " RETURNING partial_bills.id")
        return text
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
