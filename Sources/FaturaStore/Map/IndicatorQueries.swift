import FaturaDomain
import SQLKit

/// The sums behind the indicators, grouped in the database (one grouped query per breakdown, as a
/// DBA would write them). Only invoices already sent count as presented: a glosa exists only on
/// what reached the payer.
public struct IndicatorQueries: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The company and competence range every breakdown is cut by.
    public struct Scope: Sendable {
        public var companyId: Int
        public var from: Competence
        public var to: Competence
        public var payerId: Int?

        public init(companyId: Int, from: Competence, to: Competence, payerId: Int? = nil) {
            self.companyId = companyId
            self.from = from
            self.to = to
            self.payerId = payerId
        }
    }

    /// What a breakdown groups by. The key expressions are fixed here, never taken from a request.
    public enum Dimension: String, Sendable, CaseIterable {
        case payer, reason, kind, sector, month, biller

        /// The key in `glosa_money` or `claim_money` (`m`) joined to its invoice (`v`).
        var glosaKey: String {
            switch self {
            case .payer: "CAST(v.payer_id AS TEXT)"
            case .reason: "m.reason_code"
            case .kind: "m.kind"
            case .sector: "m.sector_key"
            case .month: "v.competence"
            case .biller: "m.biller_key"
            }
        }
    }

    /// Glosa summed by `dimension`, with the presented of the same cut where it has one (payer,
    /// month, sector, biller); for reasons and kinds the presented is the period's whole.
    public func glosaBreakdown(_ dimension: Dimension, _ scope: Scope) async throws -> [GlosaRateRow] {
        try await glosaBreakdowns([dimension], scope)[dimension] ?? []
    }

    /// Several breakdowns from one read: the scope's kept glosa sums (`InvoiceMoney`) are cut once
    /// (a materialised CTE) and grouped each way in the same statement, instead of one join of
    /// the kept sums to the invoices per breakdown (the indicators page asks for all six).
    public func glosaBreakdowns(_ dimensions: [Dimension], _ scope: Scope) async throws -> [Dimension: [GlosaRateRow]] {
        guard !dimensions.isEmpty else { return [:] }
        return try await database.read { sql in
            var query = SQLQueryString("""
                WITH s AS MATERIALIZED (SELECT \(unsafeRaw: Dimension.allCases.map { "\($0.glosaKey) AS \($0.rawValue)_key" }.joined(separator: ", ")),
                                               m.value, m.glosas, m.recovered, m.lost
                                        FROM glosa_money m JOIN invoices v ON v.id = m.invoice_id
                """)
            Self.where(&query, scope)
            query.appendLiteral(") ")
            // Fixed text per dimension (its raw value), never taken from a request.
            query.appendLiteral(dimensions.map {
                "SELECT '\($0.rawValue)' AS d, \($0.rawValue)_key AS k, CAST(SUM(value) AS BIGINT) AS glosa, CAST(SUM(glosas) AS BIGINT) AS n, "
                    + "CAST(SUM(recovered) AS BIGINT) AS recovered, CAST(SUM(lost) AS BIGINT) AS lost FROM s GROUP BY \($0.rawValue)_key"
            }.joined(separator: " UNION ALL "))
            var found: [Dimension: [String: GlosaRateRow]] = [:]
            for row in try await sql.raw(query).all() {
                let cells = StoredRow(row, table: "glosa_money")
                let dimension = try cells.code("d", as: Dimension.self), key: String = try cells.value("k")
                found[dimension, default: [:]][key] = GlosaRateRow(key: key, label: key, glosa: Money(cents: try cells.value("glosa", as: Int64.self)), count: try cells.value("n"),
                                                                   recovered: Money(cents: try cells.value("recovered", as: Int64.self)), lost: Money(cents: try cells.value("lost", as: Int64.self)))
            }
            var result: [Dimension: [GlosaRateRow]] = [:]
            var whole: Money?
            for dimension in dimensions {
                var rows = found[dimension] ?? [:]
                switch dimension {
                case .reason, .kind:
                    if whole == nil { whole = try await Self.presented(dimension, scope, on: sql)[""] ?? .zero }
                    for key in rows.keys { rows[key]!.presented = whole! }
                default:
                    for (key, value) in try await Self.presented(dimension, scope, on: sql) { rows[key, default: GlosaRateRow(key: key, label: key)].presented = value }
                }
                result[dimension] = rows.values.sorted { $0.key < $1.key }
            }
            return result
        }
    }

    /// Presented by the dimension's key ("" for the whole period when the dimension has no presented of its own).
    static func presented(_ dimension: Dimension, _ scope: Scope, on sql: any SQLDatabase) async throws -> [String: Money] {
        let key: String
        var query: SQLQueryString
        switch dimension {
        case .payer, .month, .reason, .kind:
            key = dimension == .payer ? "CAST(v.payer_id AS TEXT)" : dimension == .month ? "v.competence" : "''"
            query = SQLQueryString("SELECT \(unsafeRaw: key) AS k, CAST(COALESCE(SUM(v.total), 0) AS BIGINT) AS presented FROM invoices v")
        case .sector, .biller:
            // The claims' presented per invoice, sector and biller (`InvoiceMoney`).
            key = dimension.glosaKey
            query = SQLQueryString("SELECT \(unsafeRaw: key) AS k, CAST(SUM(m.presented) AS BIGINT) AS presented FROM claim_money m JOIN invoices v ON v.id = m.invoice_id")
        }
        Self.where(&query, scope)
        // The whole period is one row: no GROUP BY (PostgreSQL refuses grouping by a text constant).
        if key != "''" { query.appendLiteral(" GROUP BY \(key)") }
        var found: [String: Money] = [:]
        for row in try await sql.raw(query).all() {
            let cells = StoredRow(row, table: "invoices")
            found[try cells.value("k")] = Money(cents: try cells.value("presented", as: Int64.self))
        }
        return found
    }

    /// The invoices of the scope: the company's, sent, in the competence range (and the payer's).
    static func `where`(_ query: inout SQLQueryString, _ scope: Scope) {
        query.appendLiteral(" WHERE v.company_id = ")
        query.appendInterpolation(bind: scope.companyId)
        query.appendLiteral(" AND v.sent_on IS NOT NULL AND v.competence >= ")
        query.appendInterpolation(bind: scope.from.description)
        query.appendLiteral(" AND v.competence <= ")
        query.appendInterpolation(bind: scope.to.description)
        if let payer = scope.payerId {
            query.appendLiteral(" AND v.payer_id = ")
            query.appendInterpolation(bind: payer)
        }
    }

    /// Each paid invoice of the scope: sent on, and its first payment's day.
    public func paymentDelays(_ scope: Scope) async throws -> [(payerId: Int, payerName: String, sentOn: CalendarDay, firstPaidOn: CalendarDay)] {
        try await database.read { sql in
            // The first payment's day is kept per invoice (`InvoiceMoney`).
            var query = SQLQueryString("SELECT v.payer_id, pa.name AS payer_name, v.sent_on, s.first_paid_on AS first_paid FROM invoices v JOIN invoice_money s ON s.invoice_id = v.id JOIN payers pa ON pa.id = v.payer_id")
            Self.where(&query, scope)
            query.appendLiteral(" AND s.first_paid_on IS NOT NULL")
            return try await sql.raw(query).all().map { row in
                let cells = StoredRow(row, table: "invoices")
                return (try cells.value("payer_id"), try cells.value("payer_name"), try cells.day("sent_on"), try cells.day("first_paid"))
            }
        }
    }

    /// Partials of the company not in any invoice (drafts and closed ones), with their period's end and total.
    public func uninvoicedProduction(companyId: Int, payerId: Int? = nil) async throws -> [(periodEnd: CalendarDay, total: Money)] {
        try await database.read { sql in
            var query = SQLQueryString("""
                SELECT p.period_end, (SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM charge_items ci WHERE ci.partial_id = p.id) AS total
                FROM partial_bills p WHERE p.company_id = \(bind: companyId)
                  AND NOT EXISTS (SELECT 1 FROM invoice_partials ip WHERE ip.partial_id = p.id)
                """)
            if let payerId {
                query.appendLiteral(" AND p.payer_id = ")
                query.appendInterpolation(bind: payerId)
            }
            return try await sql.raw(query).all().map { row in
                let cells = StoredRow(row, table: "partial_bills")
                return (try cells.day("period_end"), Money(cents: try cells.value("total", as: Int64.self)))
            }
        }
    }

    /// Per biller (who closed the partial): partials closed in the range's days, and of the
    /// invoices they sent, how many were on time.
    public func billers(_ scope: Scope, clock: HospitalClock) async throws -> [(username: String, partialsClosed: Int, invoicesSent: Int, sentOnTime: Int)] {
        let closedFrom = clock.startTimestamp(of: scope.from.firstDay), closedBefore = clock.startTimestamp(of: scope.to.next.firstDay)
        return try await database.read { sql in
            var closed: [String: Int] = [:]
            for row in try await sql.raw("""
                SELECT closed_by, COUNT(*) AS n FROM partial_bills
                WHERE company_id = \(bind: scope.companyId) AND closed_by IS NOT NULL AND closed_at >= \(bind: closedFrom)
                  AND closed_at < \(bind: closedBefore)
                GROUP BY closed_by
                """).all() {
                closed[try row.decode(column: "closed_by", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            var query = SQLQueryString("""
                SELECT v.sent_by, COUNT(*) AS n, SUM(CASE WHEN v.deadline IS NULL OR v.sent_on <= v.deadline THEN 1 ELSE 0 END) AS on_time FROM invoices v
                """)
            Self.where(&query, scope)
            query.appendLiteral(" AND v.sent_by IS NOT NULL GROUP BY v.sent_by")
            var sent: [String: (Int, Int)] = [:]
            for row in try await sql.raw(query).all() {
                sent[try row.decode(column: "sent_by", as: String.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "on_time", as: Int.self))
            }
            return Set(closed.keys).union(sent.keys).sorted().map { ($0, closed[$0] ?? 0, sent[$0]?.0 ?? 0, sent[$0]?.1 ?? 0) }
        }
    }

    /// Draft partials held by a non-conformity still with a sector (open) or awaiting billing's
    /// check (corrected), per sector: how many and their value (a partial held by two sectors counts in each).
    public func blockedPartials(companyId: Int) async throws -> [(sectorId: Int, sectorName: String, partials: Int, total: Money)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT s.id, s.name, COUNT(*) AS n, CAST(COALESCE(SUM(x.total), 0) AS BIGINT) AS total
                FROM (SELECT b.sector_id, (SELECT COALESCE(SUM(ci.total), 0) FROM charge_items ci WHERE ci.partial_id = p.id) AS total
                      FROM (SELECT DISTINCT n.sector_id, n.partial_id FROM nonconformities n WHERE n.status IN ('open', 'corrected')) b
                      JOIN partial_bills p ON p.id = b.partial_id
                      WHERE p.company_id = \(bind: companyId) AND p.status = 'draft') x
                JOIN sectors s ON s.id = x.sector_id
                GROUP BY s.id, s.name ORDER BY s.name
                """).all().map { row in
                let cells = StoredRow(row, table: "nonconformities")
                return (try cells.value("id"), try cells.value("name"), try cells.value("n"), Money(cents: try cells.value("total", as: Int64.self)))
            }
        }
    }

    /// Invoices not sent yet whose delivery deadline falls on or before `until` (the late ones included).
    public func deadlinesAtRisk(companyId: Int, until: CalendarDay) async throws -> [(invoiceId: Int, number: Int, payerName: String, competence: String, deadline: CalendarDay, total: Money)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT v.id, v.number, pa.name AS payer_name, v.competence, v.deadline,
                       CASE WHEN v.status = 'open' THEN (SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM invoice_partials ip JOIN charge_items ci ON ci.partial_id = ip.partial_id WHERE ip.invoice_id = v.id)
                            ELSE v.total END AS total
                FROM invoices v JOIN payers pa ON pa.id = v.payer_id
                WHERE v.company_id = \(bind: companyId) AND v.sent_on IS NULL AND v.status IN ('open', 'closed') AND v.deadline IS NOT NULL AND v.deadline <= \(bind: until.iso)
                ORDER BY v.deadline, v.number
                """).all().map { row in
                let cells = StoredRow(row, table: "invoices")
                return (try cells.value("id"), try cells.value("number"), try cells.value("payer_name"), try cells.value("competence"), try cells.day("deadline"),
                        Money(cents: try cells.value("total", as: Int64.self)))
            }
        }
    }
}
