import FaturaDomain
import SQLKit

/// An invoice's timeline, read from the rows its events left: the invoice's own dates, its
/// batches' protocols, the statements that spoke of its items, its payments and the appeals of
/// its glosas.
public struct InvoiceHistoryQueries: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func entries(of invoiceId: Int) async throws -> [InvoiceHistoryEntry] {
        try await database.read { sql in
            var entries: [InvoiceHistoryEntry] = []
            guard let v = try await sql.raw("""
                SELECT created_at, created_by, closed_at, closed_by, total, sent_on, sent_channel, sent_by, protocol_number, protocol_on
                FROM invoices WHERE id = \(bind: invoiceId)
                """).first() else { return [] }
            let invoice = StoredRow(v, table: "invoices")
            entries.append(.init(when: .timestamp(try invoice.value("created_at")), kind: .created, by: try invoice.value("created_by")))
            if let closed: String = try invoice.optional("closed_at") {
                entries.append(.init(when: .timestamp(closed), kind: .closed, by: try invoice.optional("closed_by"), amount: Money(cents: try invoice.value("total", as: Int64.self))))
            }
            if let sent = try StoredRow.day(try invoice.optional("sent_on", as: String.self), table: "invoices", column: "sent_on") {
                let channel = try invoice.optional("sent_channel", as: String.self).map { try StoredRow.code($0, as: SendChannel.self, table: "invoices", column: "sent_channel") }
                entries.append(.init(when: .day(sent), kind: .sent, by: try invoice.optional("sent_by"), reference: channel?.label))
            }
            // The protocol typed when sending, unless a batch's receipt carries the same one.
            var protocols: [(CalendarDay, String)] = []
            for row in try await sql.raw("""
                SELECT number, protocol_number, protocol_on FROM invoice_batches
                WHERE invoice_id = \(bind: invoiceId) AND protocol_number IS NOT NULL AND protocol_on IS NOT NULL ORDER BY number
                """).all() {
                let batch = StoredRow(row, table: "invoice_batches")
                protocols.append((try batch.day("protocol_on"), try batch.value("protocol_number")))
            }
            if let number: String = try invoice.optional("protocol_number"),
               let on = try StoredRow.day(try invoice.optional("protocol_on", as: String.self), table: "invoices", column: "protocol_on"),
               !protocols.contains(where: { $0.1 == number }) {
                protocols.insert((on, number), at: 0)
            }
            for (on, number) in protocols { entries.append(.init(when: .day(on), kind: .protocolReceived, reference: number)) }

            // Each statement, with what it released and denied of this invoice's items (its lines as the payer sent them).
            for row in try await sql.raw("""
                SELECT s.id, s.number, s.issued_on, s.imported_by, CAST(SUM(l.released) AS BIGINT) AS released, CAST(SUM(l.glosa) AS BIGINT) AS glosa
                FROM statement_lines l JOIN statements s ON s.id = l.statement_id
                WHERE l.invoice_id = \(bind: invoiceId)
                GROUP BY s.id, s.number, s.issued_on, s.imported_by ORDER BY s.issued_on, s.id
                """).all() {
                let s = StoredRow(row, table: "statements")
                entries.append(.init(when: .day(try s.day("issued_on")), kind: .statement, by: try s.value("imported_by"), reference: try s.optional("number"),
                                     amount: Money(cents: try s.value("released", as: Int64.self)), secondAmount: Money(cents: try s.value("glosa", as: Int64.self)),
                                     subject: .statement(try s.value("id"))))
            }
            for row in try await sql.raw("""
                SELECT paid_on, amount, reference, created_by, payment_statement_id FROM payments WHERE invoice_id = \(bind: invoiceId) ORDER BY paid_on, id
                """).all() {
                let p = StoredRow(row, table: "payments")
                let statement: Int? = try p.optional("payment_statement_id")
                entries.append(.init(when: .day(try p.day("paid_on")), kind: .payment, by: try p.value("created_by"), reference: try p.optional("reference"),
                                     amount: Money(cents: try p.value("amount", as: Int64.self)), subject: statement.map { .paymentStatement($0) } ?? .none))
            }
            // The appeals of this invoice's glosas, with the part of each that is this invoice's.
            for row in try await sql.raw("""
                SELECT a.id, a.number, a.created_at, a.created_by, a.sent_on, a.sent_by, a.sent_protocol, a.answered_on, a.answered_by,
                       CAST(SUM(i.amount) AS BIGINT) AS amount, CAST(SUM(COALESCE(i.accepted, 0)) AS BIGINT) AS accepted
                FROM appeal_items i JOIN appeals a ON a.id = i.appeal_id JOIN glosas g ON g.id = i.glosa_id
                WHERE g.invoice_id = \(bind: invoiceId)
                GROUP BY a.id, a.number, a.created_at, a.created_by, a.sent_on, a.sent_by, a.sent_protocol, a.answered_on, a.answered_by
                ORDER BY a.id
                """).all() {
                let a = StoredRow(row, table: "appeals")
                let id: Int = try a.value("id"), number = String(try a.value("number", as: Int.self))
                entries.append(.init(when: .timestamp(try a.value("created_at")), kind: .appealCreated, by: try a.value("created_by"), reference: number,
                                     amount: Money(cents: try a.value("amount", as: Int64.self)), subject: .appeal(id)))
                if let sent = try StoredRow.day(try a.optional("sent_on", as: String.self), table: "appeals", column: "sent_on") {
                    entries.append(.init(when: .day(sent), kind: .appealSent, by: try a.optional("sent_by"), reference: number,
                                         detail: try a.optional("sent_protocol"), subject: .appeal(id)))
                }
                if let answered = try StoredRow.day(try a.optional("answered_on", as: String.self), table: "appeals", column: "answered_on") {
                    entries.append(.init(when: .day(answered), kind: .appealAnswered, by: try a.optional("answered_by"), reference: number,
                                         amount: Money(cents: try a.value("accepted", as: Int64.self)), subject: .appeal(id)))
                }
            }
            return entries
        }
    }
}
