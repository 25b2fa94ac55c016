import SQLKit
import FaturaDomain

/// What closing looks at, read in one query: the payer's standard and authorisation rule, the
/// encounter's authorisation, when the exam rule last ran, pending non-conformities, unpriced items
/// and the total. `ClosingCheck.blockers` (domain) decides.
public enum ClosingRepository {
    /// The facts closing looks at, read in the caller's transaction.
    public static func check(_ partial: PartialBill, on sql: any SQLDatabase) async throws -> ClosingCheck {
        let id = try partial.storedId()
        struct Facts: Decodable {
            var billingStandard: String
            var requiresAuthorization: Bool
            var authorizationNumber: String?
            var examRuleAt: String?
            var examItemsChangedAt: String?
            var pending: Int
            var unpriced: Int
            var total: Int64
        }
        guard let facts = try await sql.select()
            .column(SQLColumn("billing_standard", table: "payers"), as: "billing_standard")
            .column(SQLColumn("requires_authorization", table: "payers"), as: "requires_authorization")
            .column(SQLColumn("authorization_number", table: "encounters"), as: "authorization_number")
            .column(SQLColumn("exam_rule_at", table: "partial_bills"), as: "exam_rule_at")
            .column(SQLColumn("exam_items_changed_at", table: "partial_bills"), as: "exam_items_changed_at")
            .column(PendingNonConformities.count, as: "pending")
            .column(SQLRaw(UnpricedItems.count), as: "unpriced")
            .column(SQLRaw("(SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "total")
            .from("partial_bills").joiningPartialContext()
            .where(SQLColumn("id", table: "partial_bills"), .equal, SQLBind(id))
            .first(decoding: Facts.self, keyDecodingStrategy: .snakeCase)
        else { throw FaturaError.notFound(entity: "parcial") }
        let codes = try await sql.select().distinct().column("code").from("charge_items").where("partial_id", .equal, SQLBind(id)).all()
            .map { try $0.decode(column: "code", as: String.self) }
        let groups = try await ExamGroupStore.load(on: sql)
        return ClosingCheck(status: partial.status, pendingNonConformities: facts.pending, unpricedItems: facts.unpriced,
                            payerStandard: try StoredRow.code(facts.billingStandard, as: BillingStandard.self, table: "payers", column: "billing_standard"),
                            hasExamItems: codes.contains { code in groups.contains { $0.contains(code: code) } }, examRuleAt: facts.examRuleAt,
                            examItemsChangedAt: facts.examItemsChangedAt, payerRequiresAuthorization: facts.requiresAuthorization,
                            authorizationNumber: facts.authorizationNumber, total: Money(cents: facts.total))
    }

}
