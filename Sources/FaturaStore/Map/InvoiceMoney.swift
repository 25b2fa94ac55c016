import FaturaDomain
import SQLKit

/// The per-invoice sums the tracking map and the indicators read (issue 14's figures): what the
/// current statement lines released, what was paid and when first, and the glosas in each state —
/// in `invoice_money` — the glosas cut by reason, kind, origin sector and biller — in
/// `glosa_money` — and the claims' presented by origin sector and biller — in `claim_money`. They are a cache of the rows, never a second truth: every write that changes a
/// claim, a statement line, a payment or a glosa recomputes its invoices' rows from scratch in the same
/// transaction (`refresh`), and `disagreements` recomputes everything and compares (the tests after
/// every step of the glosa flow, and `fatura glosas check` on a live database).
///
/// An invoice nothing was said of (no line, payment or glosa) has no row: readers take zeros.
public enum InvoiceMoney {
    /// Recomputes the rows of these invoices (500 ids a statement).
    public static func refresh(_ invoiceIds: some Collection<Int>, on sql: any SQLDatabase) async throws {
        let ids = Array(Set(invoiceIds)).sorted()
        for start in stride(from: 0, to: ids.count, by: 500) {
            try await rebuild(Array(ids[start..<min(start + 500, ids.count)]), on: sql)
        }
    }

    /// The invoices a statement spoke of: those of its lines and of the earlier lines it replaced.
    public static func refresh(statementId: Int, on sql: any SQLDatabase) async throws {
        let ids = try await sql.raw("""
            SELECT DISTINCT invoice_id FROM statement_lines
            WHERE (statement_id = \(bind: statementId) OR replaced_by = \(bind: statementId)) AND invoice_id IS NOT NULL
            """).all().map { try $0.decode(column: "invoice_id", as: Int.self) }
        try await refresh(ids, on: sql)
    }

    /// Every invoice's rows recomputed (the generated benchmark history; a repair after `check`).
    public static func refreshAll(on sql: any SQLDatabase) async throws {
        try await rebuild(nil, on: sql)
    }

    /// Deletes and recomputes the three tables' rows of `ids` (every invoice when nil).
    static func rebuild(_ ids: [Int]?, on sql: any SQLDatabase) async throws {
        func only(_ prefix: String, _ column: String) -> SQLQueryString {
            guard let ids else { return "" }
            return "\(unsafeRaw: prefix) \(unsafeRaw: column) IN (\(binds: ids))"
        }
        for table in ["invoice_money", "glosa_money", "claim_money"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table)" + only(" WHERE", "invoice_id")).run()
        }
        for (table, columns, sums) in [("invoice_money", moneyColumns, invoiceSums(only(" AND", "v.id"))),
                                       ("glosa_money", glosaColumns, glosaSums(only(" WHERE", "g.invoice_id"))),
                                       ("claim_money", claimColumns, claimSums(only(" WHERE", "c.invoice_id")))] {
            try await sql.raw("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns)) " + sums).run()
        }
    }

    /// The invoices whose stored sums are not what the rows add up to now (none, always: a test
    /// and `fatura glosas check` say so). Both directions of the difference, by set operations.
    public static func disagreements(on sql: any SQLDatabase) async throws -> [Int] {
        var ids: Set<Int> = []
        for (stored, recomputed) in [("SELECT \(moneyColumns) FROM invoice_money", invoiceSums("")),
                                     ("SELECT \(glosaColumns) FROM glosa_money", glosaSums("")),
                                     ("SELECT \(claimColumns) FROM claim_money", claimSums(""))] {
            for (first, second) in [(SQLQueryString(stringLiteral: stored), recomputed), (recomputed, SQLQueryString(stringLiteral: stored))] {
                var query = SQLQueryString("SELECT DISTINCT invoice_id FROM (")
                query += first
                query.appendLiteral(" EXCEPT ")
                query += second
                query.appendLiteral(") d")
                for row in try await sql.raw(query).all() { ids.insert(try row.decode(column: "invoice_id", as: Int.self)) }
            }
        }
        return ids.sorted()
    }

    static let moneyColumns = "invoice_id, released, paid, glosa, under_appeal, recovered, written_off, lost, first_paid_on"
    static let glosaColumns = "invoice_id, reason_code, kind, sector_key, biller_key, glosas, value, recovered, lost"
    static let claimColumns = "invoice_id, sector_key, biller_key, claims, presented"

    /// Each invoice's sums, for the invoices `filter` keeps (appended after the row condition).
    static func invoiceSums(_ filter: SQLQueryString) -> SQLQueryString {
        var query = SQLQueryString("""
            SELECT v.id AS invoice_id,
                   (SELECT CAST(COALESCE(SUM(l.released), 0) AS BIGINT) FROM statement_lines l WHERE l.invoice_id = v.id AND l.replaced_by IS NULL) AS released,
                   (SELECT CAST(COALESCE(SUM(m.amount), 0) AS BIGINT) FROM payments m WHERE m.invoice_id = v.id) AS paid,
                   (SELECT CAST(COALESCE(SUM(g.value), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id) AS glosa,
                   (SELECT CAST(COALESCE(SUM(g.under_appeal), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id) AS under_appeal,
                   (SELECT CAST(COALESCE(SUM(g.recovered), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id) AS recovered,
                   (SELECT CAST(COALESCE(SUM(g.written_off), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id) AS written_off,
                   (SELECT CAST(COALESCE(SUM(g.lost), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id) AS lost,
                   (SELECT MIN(m.paid_on) FROM payments m WHERE m.invoice_id = v.id) AS first_paid_on
            FROM invoices v
            WHERE (EXISTS (SELECT 1 FROM statement_lines l WHERE l.invoice_id = v.id) OR EXISTS (SELECT 1 FROM payments m WHERE m.invoice_id = v.id)
                   OR EXISTS (SELECT 1 FROM glosas g WHERE g.invoice_id = v.id))
            """)
        query += filter
        return query
    }

    /// The glosas of the invoices `filter` keeps (a WHERE on `g`), grouped by the indicators' cuts.
    /// Every claim comes from a partial (`invoice_claims.partial_id` is NOT NULL); a partial with
    /// no origin sector or not closed by anyone yet has an empty key.
    static func glosaSums(_ filter: SQLQueryString) -> SQLQueryString {
        var query = SQLQueryString("""
            SELECT g.invoice_id, g.reason_code, g.kind, COALESCE(CAST(p.origin_sector_id AS TEXT), '') AS sector_key, COALESCE(p.closed_by, '') AS biller_key,
                   COUNT(*) AS glosas, CAST(SUM(g.value) AS BIGINT) AS value, CAST(SUM(g.recovered) AS BIGINT) AS recovered, CAST(SUM(g.lost) AS BIGINT) AS lost
            FROM glosas g
            JOIN invoice_claim_items i ON i.id = g.claim_item_id
            JOIN invoice_claims c ON c.id = i.claim_id
            JOIN partial_bills p ON p.id = c.partial_id
            """)
        query += filter
        query.appendLiteral(" GROUP BY g.invoice_id, g.reason_code, g.kind, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, '')")
        return query
    }

    /// The claims of the invoices `filter` keeps (a WHERE on `c`), by their partial's origin sector and biller.
    static func claimSums(_ filter: SQLQueryString) -> SQLQueryString {
        var query = SQLQueryString("""
            SELECT c.invoice_id, COALESCE(CAST(p.origin_sector_id AS TEXT), '') AS sector_key, COALESCE(p.closed_by, '') AS biller_key,
                   COUNT(*) AS claims, CAST(SUM(c.total) AS BIGINT) AS presented
            FROM invoice_claims c
            JOIN partial_bills p ON p.id = c.partial_id
            """)
        query += filter
        query.appendLiteral(" GROUP BY c.invoice_id, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, '')")
        return query
    }
}
