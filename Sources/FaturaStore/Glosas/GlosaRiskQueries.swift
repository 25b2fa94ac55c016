import FaturaDomain
import SQLKit

/// The history behind the glosa-risk flag: per payer and procedure code, the items sent, those
/// denied (at least one glosa), the value denied and the reasons — three grouped queries.
public struct GlosaRiskQueries: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The company's rule (the standard one until the supervisor saves another).
    public func rule(companyId: Int) async throws -> GlosaRiskRule {
        try await database.read { sql in
            guard let row = try await sql.select().columns("minimum_basis_points", "minimum_billed", "months").from("glosa_risk_rules")
                .where("company_id", .equal, SQLBind(companyId)).first() else { return .standard }
            let cells = StoredRow(row, table: "glosa_risk_rules")
            return GlosaRiskRule(minimumRate: Percentage(basisPoints: try cells.value("minimum_basis_points")), minimumBilled: try cells.value("minimum_billed"),
                                 months: try cells.value("months"))
        }
    }

    public func save(_ rule: GlosaRiskRule, companyId: Int, by actor: AuditActor, at now: String) async throws {
        let problems = rule.problems
        guard problems.isEmpty else { throw FaturaError.validation(problems) }
        try await database.transaction { sql in
            let before = try await sql.select().column("company_id").from("glosa_risk_rules").where("company_id", .equal, SQLBind(companyId)).first() != nil
            try await sql.delete(from: "glosa_risk_rules").where("company_id", .equal, SQLBind(companyId)).run()
            try await sql.insert(into: "glosa_risk_rules").columns("company_id", "minimum_basis_points", "minimum_billed", "months", "updated_at", "updated_by")
                .values(SQLBind(companyId), SQLBind(rule.minimumRate.basisPoints), SQLBind(rule.minimumBilled), SQLBind(rule.months), SQLBind(now), SQLBind(actor.username))
                .run()
            try await AuditLog.record(on: sql, actor: actor, action: before ? .update : .create, entity: "glosa_risk_rule", entityId: String(companyId),
                                      after: ["minimumBasisPoints": rule.minimumRate.basisPoints, "minimumBilled": rule.minimumBilled, "months": rule.months],
                                      detail: "regra de risco de glosa: \(rule.description)")
        }
    }

    /// The history of the company's invoices sent on or after `since`, for `payerIds` (all when nil)
    /// and `codes` (all when nil), asked 500 codes at a time.
    public func history(companyId: Int, since: CalendarDay, payerIds: [Int]? = nil, codes: [String]? = nil) async throws -> [GlosaRiskHistory] {
        if let payerIds, payerIds.isEmpty { return [] }
        guard let codes else { return try await history(companyId: companyId, since: since, payerIds: payerIds, chunk: nil) }
        var found: [GlosaRiskHistory] = []
        for start in stride(from: 0, to: codes.count, by: 500) {
            found += try await history(companyId: companyId, since: since, payerIds: payerIds, chunk: Array(codes[start..<min(start + 500, codes.count)]))
        }
        return found.sorted { ($0.payerId, $0.code) < ($1.payerId, $1.code) }
    }

    func history(companyId: Int, since: CalendarDay, payerIds: [Int]?, chunk codes: [String]?) async throws -> [GlosaRiskHistory] {
        try await database.read { sql in
            func scope(_ query: inout SQLQueryString, payerColumn: String) {
                query.appendLiteral(" WHERE v.company_id = ")
                query.appendInterpolation(bind: companyId)
                query.appendLiteral(" AND v.sent_on IS NOT NULL AND v.sent_on >= ")
                query.appendInterpolation(bind: since.iso)
                if let payerIds {
                    query.appendLiteral(" AND \(payerColumn) IN (")
                    query.appendInterpolation(binds: payerIds)
                    query.appendLiteral(")")
                }
                if let codes {
                    query.appendLiteral(" AND i.code IN (")
                    query.appendInterpolation(binds: codes)
                    query.appendLiteral(")")
                }
            }
            // Billed = items the payer has answered for (a current statement line): an item no statement
            // has analysed yet would count as "not denied" and hide the risk.
            var billedQuery = SQLQueryString("SELECT v.payer_id, i.code, COUNT(*) AS n FROM invoice_claim_items i JOIN invoices v ON v.id = i.invoice_id")
            scope(&billedQuery, payerColumn: "v.payer_id")
            billedQuery.appendLiteral(" AND EXISTS (SELECT 1 FROM statement_lines l WHERE l.claim_item_id = i.id AND l.replaced_by IS NULL)")
            billedQuery.appendLiteral(" GROUP BY v.payer_id, i.code")
            var history: [String: GlosaRiskHistory] = [:]
            for row in try await sql.raw(billedQuery).all() {
                let cells = StoredRow(row, table: "invoice_claim_items")
                let payer: Int = try cells.value("payer_id"), code: String = try cells.value("code")
                history["\(payer)|\(code)"] = GlosaRiskHistory(payerId: payer, code: code, billed: try cells.value("n"))
            }
            var deniedQuery = SQLQueryString("""
                SELECT g.payer_id, i.code, COUNT(DISTINCT g.claim_item_id) AS n, CAST(SUM(g.value) AS BIGINT) AS value
                FROM glosas g JOIN invoice_claim_items i ON i.id = g.claim_item_id JOIN invoices v ON v.id = g.invoice_id
                """)
            scope(&deniedQuery, payerColumn: "g.payer_id")
            deniedQuery.appendLiteral(" GROUP BY g.payer_id, i.code")
            for row in try await sql.raw(deniedQuery).all() {
                let cells = StoredRow(row, table: "glosas")
                let key = "\(try cells.value("payer_id", as: Int.self))|\(try cells.value("code", as: String.self))"
                history[key]?.denied = try cells.value("n")
                history[key]?.deniedValue = Money(cents: try cells.value("value", as: Int64.self))
            }
            var reasonQuery = SQLQueryString("""
                SELECT g.payer_id, i.code, g.reason_code, COUNT(*) AS n
                FROM glosas g JOIN invoice_claim_items i ON i.id = g.claim_item_id JOIN invoices v ON v.id = g.invoice_id
                """)
            scope(&reasonQuery, payerColumn: "g.payer_id")
            reasonQuery.appendLiteral(" GROUP BY g.payer_id, i.code, g.reason_code")
            var counts: [(payerId: Int, code: String, reason: String, count: Int)] = []
            for row in try await sql.raw(reasonQuery).all() {
                let cells = StoredRow(row, table: "glosas")
                counts.append((try cells.value("payer_id"), try cells.value("code"), try cells.value("reason_code"), try cells.value("n")))
            }
            for (key, top) in GlosaRiskHistory.topReasons(counts) {
                history[key]?.topReason = top.reason
                history[key]?.topReasonCount = top.count
            }
            return history.values.sorted { ($0.payerId, $0.code) < ($1.payerId, $1.code) }
        }
    }
}
