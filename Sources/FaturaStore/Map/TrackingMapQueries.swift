import FaturaDomain
import SQLKit

/// The rows of the invoice tracking map: the invoices with what the statements, glosas and payments
/// say of them (their sums kept in `invoice_money`, recomputed with every write that changes them —
/// `InvoiceMoney`) — one query for the invoices and their money, one for their batches; nothing
/// typed twice, so the map cannot disagree with the invoice's own page.
public struct TrackingMapQueries: Sendable {
    let database: Database

    /// A map is a year or so of one company: past this many invoices the page asks for a narrower filter.
    public static let rowLimit = 5_000

    public init(database: Database) {
        self.database = database
    }

    /// The invoices of the filter's company, payer, competence range and status, their money summed
    /// per invoice. `paymentExpected` is left for the caller (it comes from the payer's terms).
    public func rows(_ filter: TrackingMapFilter) async throws -> [TrackingMapRow] {
        try await database.read { sql in try await Self.rows(filter, on: sql) }
    }

    /// One invoice's row, read inside the caller's transaction (settling it decides on it).
    public static func row(invoiceId: Int, companyId: Int, on sql: any SQLDatabase) async throws -> TrackingMapRow? {
        try await rows(TrackingMapFilter(companyId: companyId), invoiceId: invoiceId, on: sql).first
    }

    static func rows(_ filter: TrackingMapFilter, invoiceId: Int? = nil, on sql: any SQLDatabase) async throws -> [TrackingMapRow] {
        // The numbers, codes and dates in one column (`PackedFields`), in this order; names and the
        // typed protocol in their own.
        var query = SQLQueryString("""
            SELECT CAST(v.id AS TEXT) || '|' || CAST(v.payer_id AS TEXT) || '|' || CAST(v.number AS TEXT) || '|' || v.competence || '|' || v.status
                   || '|' || COALESCE(v.deadline, '') || '|' || CAST(v.claims AS TEXT) || '|' || CAST(v.total AS TEXT) || '|' || COALESCE(v.sent_on, '')
                   || '|' || CAST(COALESCE(s.released, 0) AS TEXT) || '|' || CAST(COALESCE(s.paid, 0) AS TEXT) || '|' || CAST(COALESCE(s.glosa, 0) AS TEXT)
                   || '|' || CAST(COALESCE(s.under_appeal, 0) AS TEXT) || '|' || CAST(COALESCE(s.recovered, 0) AS TEXT)
                   || '|' || CAST(COALESCE(s.written_off, 0) AS TEXT) || '|' || CAST(COALESCE(s.lost, 0) AS TEXT) AS packed,
                   p.name AS payer_name, v.protocol_number
            FROM invoices v
            JOIN payers p ON p.id = v.payer_id
            LEFT JOIN invoice_money s ON s.invoice_id = v.id
            WHERE v.company_id = \(bind: filter.companyId)
            """)
        if let payerId = filter.payerId { query.appendLiteral(" AND v.payer_id = "); query.appendInterpolation(bind: payerId) }
        // Competences are stored as `aaaa-mm`, so text order is month order.
        if let from = filter.from { query.appendLiteral(" AND v.competence >= "); query.appendInterpolation(bind: from.description) }
        if let to = filter.to { query.appendLiteral(" AND v.competence <= "); query.appendInterpolation(bind: to.description) }
        if let status = filter.status { query.appendLiteral(" AND v.status = "); query.appendInterpolation(bind: status.rawValue) }
        if let invoiceId { query.appendLiteral(" AND v.id = "); query.appendInterpolation(bind: invoiceId) }
        if filter.sentOnly { query.appendLiteral(" AND v.sent_on IS NOT NULL") }
        query.appendLiteral(" ORDER BY v.competence, v.number LIMIT \(Self.rowLimit + 1)")
        var rows: [TrackingMapRow] = []
        var typedProtocols: [Int: String] = [:]
        for row in try await sql.raw(query).all() {
            let cells = StoredRow(row, table: "invoices")
            var f = PackedFields(try cells.value("packed", as: String.self), table: "invoices")
            let invoiceId = try f.int(), payerId = try f.int(), number = try f.int(), competence = try f.competence(), status = try f.code(InvoiceStatus.self)
            let deadline = try f.optionalDay(), claims = try f.int(), presented = try f.money(), sentOn = try f.optionalDay()
            rows.append(TrackingMapRow(
                invoiceId: invoiceId, payerId: payerId, payerName: try cells.value("payer_name"), number: number, competence: competence, status: status,
                claims: claims, presented: presented, deadline: deadline, sentOn: sentOn,
                released: try f.money(), paid: try f.money(), glosa: try f.money(), underAppeal: try f.money(),
                recovered: try f.money(), writtenOff: try f.money(), lost: try f.money()))
            if let typed: String = try cells.optional("protocol_number") { typedProtocols[invoiceId] = typed }
        }
        guard !rows.isEmpty else { return rows }
        // Batches and protocols, for the invoices found (500 ids a statement).
        var batches: [Int: [(number: Int, protocolNumber: String?)]] = [:]
        let ids = rows.map(\.invoiceId)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await sql.raw("""
                SELECT b.invoice_id, b.number, COALESCE(b.protocol_number, v.protocol_number) AS protocol_number
                FROM invoice_batches b JOIN invoices v ON v.id = b.invoice_id
                WHERE b.invoice_id IN (\(binds: chunk)) ORDER BY b.invoice_id, b.number
                """).all() {
                let cells = StoredRow(row, table: "invoice_batches")
                batches[try cells.value("invoice_id"), default: []].append((try cells.value("number"), try cells.optional("protocol_number")))
            }
        }
        for index in rows.indices {
            let found = batches[rows[index].invoiceId] ?? []
            rows[index].batchNumbers = found.map(\.number)
            var protocols: [String] = []
            for number in found.compactMap(\.protocolNumber) where !protocols.contains(number) { protocols.append(number) }
            // No batch protocol yet: the one typed when the invoice was sent.
            if protocols.isEmpty, let typed = typedProtocols[rows[index].invoiceId] { protocols = [typed] }
            rows[index].protocols = protocols
        }
        return rows
    }
}
