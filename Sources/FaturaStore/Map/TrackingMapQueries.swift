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
        var query = SQLQueryString("""
            SELECT v.id, v.payer_id, p.name AS payer_name, v.number, v.competence, v.status, v.deadline, v.claims, v.total, v.sent_on, v.protocol_number,
                   COALESCE(s.released, 0) AS released, COALESCE(s.paid, 0) AS paid, COALESCE(s.glosa, 0) AS glosa,
                   COALESCE(s.under_appeal, 0) AS under_appeal, COALESCE(s.recovered, 0) AS recovered,
                   COALESCE(s.written_off, 0) AS written_off, COALESCE(s.lost, 0) AS lost
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
            let competenceText: String = try cells.value("competence")
            guard let competence = Competence(competenceText) else { throw cells.invalid("competence", competenceText) }
            rows.append(TrackingMapRow(
                invoiceId: try cells.value("id"), payerId: try cells.value("payer_id"), payerName: try cells.value("payer_name"),
                number: try cells.value("number"), competence: competence, status: try cells.code("status", as: InvoiceStatus.self),
                claims: try cells.value("claims"), presented: Money(cents: try cells.value("total", as: Int64.self)),
                deadline: try StoredRow.day(try cells.optional("deadline", as: String.self), table: "invoices", column: "deadline"),
                sentOn: try StoredRow.day(try cells.optional("sent_on", as: String.self), table: "invoices", column: "sent_on"),
                released: Money(cents: try cells.value("released", as: Int64.self)), paid: Money(cents: try cells.value("paid", as: Int64.self)),
                glosa: Money(cents: try cells.value("glosa", as: Int64.self)), underAppeal: Money(cents: try cells.value("under_appeal", as: Int64.self)),
                recovered: Money(cents: try cells.value("recovered", as: Int64.self)), writtenOff: Money(cents: try cells.value("written_off", as: Int64.self)),
                lost: Money(cents: try cells.value("lost", as: Int64.self))))
            if let typed: String = try cells.optional("protocol_number") { typedProtocols[rows[rows.count - 1].invoiceId] = typed }
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
