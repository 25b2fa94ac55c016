import FaturaDomain
import SQLKit

extension StatementRepository {
    /// One claim of an invoice reconciled: what was presented, and what the current statement lines
    /// released and denied (an item no statement spoke of yet is pending).
    public struct ClaimBalance: Sendable, Equatable {
        public var claimNumber: String
        public var batchNumber: Int
        public var protocolNumber: String?
        public var items: Int
        public var analysed: Int
        public var balance: Reconciliation
    }

    /// Every claim of the invoice, by batch and claim number — one grouped query, whatever the size.
    public func reconciliation(of invoiceId: Int) async throws -> [ClaimBalance] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT c.number AS claim_number, b.number AS batch_number, b.protocol_number, COUNT(i.id) AS items, COUNT(l.id) AS analysed,
                       CAST(SUM(i.total) AS BIGINT) AS presented, CAST(SUM(COALESCE(l.released, 0)) AS BIGINT) AS released, CAST(SUM(COALESCE(l.glosa, 0)) AS BIGINT) AS glosa
                FROM invoice_claim_items i
                JOIN invoice_claims c ON c.id = i.claim_id
                JOIN invoice_batches b ON b.id = c.batch_id
                LEFT JOIN statement_lines l ON l.claim_item_id = i.id AND l.replaced_by IS NULL
                WHERE i.invoice_id = \(bind: invoiceId)
                GROUP BY c.number, b.number, b.protocol_number
                ORDER BY b.number, c.number
                """).all().map { row in
                let cells = StoredRow(row, table: "invoice_claim_items")
                return ClaimBalance(claimNumber: try cells.value("claim_number"), batchNumber: try cells.value("batch_number"),
                                    protocolNumber: try cells.optional("protocol_number"), items: try cells.value("items"),
                                    analysed: try cells.value("analysed"),
                                    balance: Reconciliation(presented: Money(cents: try cells.value("presented", as: Int64.self)),
                                                            released: Money(cents: try cells.value("released", as: Int64.self)),
                                                            glosa: Money(cents: try cells.value("glosa", as: Int64.self))))
            }
        }
    }

    /// What the payer credited for an invoice (typed or from its payment statement).
    public func paid(invoiceId: Int) async throws -> Money {
        try await database.read { sql in
            Money(cents: try await sql.raw("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS paid FROM payments WHERE invoice_id = \(bind: invoiceId)")
                .first()?.decode(column: "paid", as: Int64.self) ?? 0)
        }
    }

    public static func insertPayment(payerId: Int, invoiceId: Int, protocolNumber: String?, on day: CalendarDay, amount: Money, reference: String?,
                                     source: String, statementId: Int? = nil, by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "payments")
            .columns("payer_id", "invoice_id", "protocol_number", "paid_on", "amount", "reference", "source", "payment_statement_id", "created_at", "created_by")
            .values(SQLBind(payerId), SQLBind(invoiceId), SQLBind.optional(protocolNumber), SQLBind(day.iso), SQLBind(amount.cents),
                    SQLBind.optional(reference), SQLBind(source), SQLBind.optional(statementId), SQLBind(now), SQLBind(actor.username))
            .run()
        try await InvoiceMoney.refresh([invoiceId], on: sql)
    }

    /// Invoices whose claims do not reconcile (an item released and denied beyond what it was
    /// presented for) or whose stored total is not its items' sum: `fatura glosas check`.
    public func unreconciled() async throws -> [(invoiceId: Int, number: Int, message: String)] {
        try await database.read { sql in
            var found: [(Int, Int, String)] = []
            for row in try await sql.raw("""
                SELECT v.id, v.number, v.total, CAST(SUM(i.total) AS BIGINT) AS items
                FROM invoices v JOIN invoice_claim_items i ON i.invoice_id = v.id
                GROUP BY v.id, v.number, v.total HAVING SUM(i.total) <> v.total ORDER BY v.id
                """).all() {
                found.append((try row.decode(column: "id", as: Int.self), try row.decode(column: "number", as: Int.self),
                              "apresentado \(BrazilianFormat.currency(Money(cents: try row.decode(column: "total", as: Int64.self)))) ≠ soma dos itens \(BrazilianFormat.currency(Money(cents: try row.decode(column: "items", as: Int64.self))))"))
            }
            for row in try await sql.raw("""
                SELECT v.id, v.number, c.number AS claim_number, i.sequence, i.total, l.released, l.glosa
                FROM statement_lines l JOIN invoice_claim_items i ON i.id = l.claim_item_id
                JOIN invoice_claims c ON c.id = i.claim_id JOIN invoices v ON v.id = i.invoice_id
                WHERE l.replaced_by IS NULL AND l.released + l.glosa > i.total ORDER BY v.id, c.number, i.sequence
                """).all() {
                let claim = try row.decode(column: "claim_number", as: String.self), sequence = try row.decode(column: "sequence", as: Int.self)
                found.append((try row.decode(column: "id", as: Int.self), try row.decode(column: "number", as: Int.self),
                              "guia \(claim), item \(sequence): liberado + glosado passa do apresentado"))
            }
            for row in try await sql.raw("""
                SELECT l.invoice_id, v.number, l.claim_number, l.sequence, l.glosa, CAST(COALESCE(SUM(g.value), 0) AS BIGINT) AS glosas
                FROM statement_lines l JOIN invoices v ON v.id = l.invoice_id LEFT JOIN glosas g ON g.statement_line_id = l.id
                WHERE l.replaced_by IS NULL AND l.claim_item_id IS NOT NULL
                GROUP BY l.id, l.invoice_id, v.number, l.claim_number, l.sequence, l.glosa HAVING COALESCE(SUM(g.value), 0) <> l.glosa
                ORDER BY l.invoice_id
                """).all() {
                let claim = try row.decode(column: "claim_number", as: String.self), sequence = try row.decode(column: "sequence", as: Int?.self)
                found.append((try row.decode(column: "invoice_id", as: Int.self), try row.decode(column: "number", as: Int.self),
                              "guia \(claim), item \(sequence.map(String.init) ?? "?"): a glosa da linha não é a soma das suas glosas registradas"))
            }
            return found
        }
    }
}
