import SQLKit
import FaturaDomain

/// Writes the exam rule's results of many lines in one statement (same `WITH v … UPDATE … FROM v`
/// form as `PriceUpdate`).
struct ExamUpdate: SQLExpression {
    struct Row: Sendable {
        var id: Int
        var quantity: Int64
        var unitValue: Int64
        var total: Int64
        var percentage: Int
        var manual: Bool
        var incidence: Int

        init(id: Int, quantity: Int64, unitValue: Int64, total: Int64, percentage: Int, manual: Bool, incidence: Int) {
            self.id = id
            self.quantity = quantity
            self.unitValue = unitValue
            self.total = total
            self.percentage = percentage
            self.manual = manual
            self.incidence = incidence
        }

        init(id: Int, result: ExamRuleResult) {
            self.id = id
            quantity = result.quantity.tenThousandths
            unitValue = result.unitValue.cents
            total = result.total.cents
            percentage = result.percentage.basisPoints
            manual = result.manual
            incidence = result.firstIncidence
        }
    }

    let rows: [Row]
    let updatedAt: String

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("WITH v(id, quantity, unit_value, total, exam_percentage_bp, exam_percentage_manual, exam_incidence) AS (VALUES ")
        for (index, row) in rows.enumerated() {
            serializer.write(index == 0 ? "(" : ", (")
            let values: [any Encodable & Sendable] = [row.id, row.quantity, row.unitValue, row.total, row.percentage, row.manual, row.incidence]
            for (i, value) in values.enumerated() {
                if i > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
        serializer.write(") UPDATE charge_items SET quantity = v.quantity, unit_value = v.unit_value, total = v.total, ")
        serializer.write("exam_percentage_bp = v.exam_percentage_bp, exam_percentage_manual = v.exam_percentage_manual, ")
        serializer.write("exam_incidence = v.exam_incidence, updated_at = ")
        serializer.write(bind: updatedAt)
        serializer.write(" FROM v WHERE charge_items.id = v.id")
    }
}

/// Audit entries written together (the batch writes thousands).
struct AuditRow {
    var entityId: String?
    var action: AuditAction
    var before: ExamAuditValues?
    var after: ExamAuditValues?
    var detail: String?

    static func insert(_ rows: [AuditRow], actor: AuditActor, entity: String, at now: String, on sql: any SQLDatabase) async throws {
        for chunk in rows.chunked(300) {
            var insert = sql.insert(into: "audit_log")
                .columns("at", "user_id", "username", "action", "entity", "entity_id", "before_json", "after_json", "detail")
            for row in chunk {
                insert = insert.values(SQLBind(now), SQLBind.optional(actor.userId), SQLBind(actor.username), SQLBind(row.action.rawValue),
                                       SQLBind(entity), SQLBind.optional(row.entityId), SQLBind.optional(row.before?.json),
                                       SQLBind.optional(row.after?.json), SQLBind.optional(row.detail))
            }
            try await insert.run()
        }
    }
}
