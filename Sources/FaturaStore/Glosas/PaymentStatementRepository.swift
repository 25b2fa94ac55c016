import FaturaDomain
import Foundation
import SQLKit

/// Payment statements as rows: the statement, its protocols with the invoice each was found to be,
/// its debits and credits, and the payments it recorded. `FaturaBilling.PaymentStatementService`
/// decides; the writes run inside its transaction.
public struct PaymentStatementRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Stored: Sendable, Equatable {
        public var id: Int
        public var payerId: Int
        public var number: String
        public var issuedOn: CalendarDay
        public var fileName: String?
        public var gross: Money
        public var debits: Money
        public var credits: Money
        public var net: Money
        public var problems: [String]
        public var importedAt: String
        public var importedBy: String
    }

    /// One protocol of a date, as stored, with the invoice it was found to be and what the
    /// current analysis of that invoice's items released (the difference a person looks at).
    public struct StoredProtocol: Sendable, Equatable {
        public var paidOn: CalendarDay
        public var method: String
        public var protocolNumber: String
        public var batchNumber: String
        public var claims: Int
        public var informed: Money
        public var processed: Money
        public var released: Money
        public var glosa: Money?
        public var invoiceId: Int?
        public var invoiceNumber: Int?
        public var unmatchedReason: String?
        public var line: Int
    }

    public struct StoredAdjustment: Sendable, Equatable {
        public var paidOn: CalendarDay?
        public var adjustment: PaymentAdjustment
    }

    /// A protocol to store: where it was found (an invoice) or why not.
    public struct NewProtocol: Sendable {
        public var paidOn: CalendarDay
        public var method: String
        public var paid: PaidProtocol
        public var invoiceId: Int?
        public var unmatchedReason: String?

        public init(paidOn: CalendarDay, method: String, paid: PaidProtocol, invoiceId: Int?, unmatchedReason: String?) {
            self.paidOn = paidOn
            self.method = method
            self.paid = paid
            self.invoiceId = invoiceId
            self.unmatchedReason = unmatchedReason
        }
    }

    public static func find(payerId: Int, fileHash: String, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column("id").from("payment_statements").where("payer_id", .equal, SQLBind(payerId))
            .where("file_hash", .equal, SQLBind(fileHash)).first()?.decode(column: "id", as: Int.self)
    }

    public static func find(payerId: Int, number: String, on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.select().column("*").from("payment_statements").where("payer_id", .equal, SQLBind(payerId))
            .where("number", .equal, SQLBind(number)).first().map(stored)
    }

    public func find(_ id: Int) async throws -> Stored? {
        try await database.read { sql in try await sql.select().column("*").from("payment_statements").where("id", .equal, SQLBind(id)).first().map(Self.stored) }
    }

    public func list(payerId: Int?, limit: Int = 20) async throws -> [Stored] {
        try await database.read { sql in
            let select = sql.select().column("*").from("payment_statements")
            return try await (payerId.map { select.where("payer_id", .equal, SQLBind($0)) } ?? select)
                .orderBy("id", .descending).limit(limit).all().map(Self.stored)
        }
    }

    public func protocols(of id: Int) async throws -> [StoredProtocol] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT p.*, v.number AS invoice_number FROM payment_protocols p LEFT JOIN invoices v ON v.id = p.invoice_id
                WHERE p.payment_statement_id = \(bind: id) ORDER BY p.position
                """).all().map { row in
                let cells = StoredRow(row, table: "payment_protocols")
                return StoredProtocol(paidOn: try cells.day("paid_on"), method: try cells.value("method"), protocolNumber: try cells.value("protocol_number"),
                                      batchNumber: try cells.value("batch_number"), claims: try cells.value("claims"),
                                      informed: Money(cents: try cells.value("informed")), processed: Money(cents: try cells.value("processed")),
                                      released: Money(cents: try cells.value("released")), glosa: try cells.optional("glosa", as: Int64.self).map(Money.init(cents:)),
                                      invoiceId: try cells.optional("invoice_id"), invoiceNumber: try cells.optional("invoice_number"),
                                      unmatchedReason: try cells.optional("unmatched_reason"), line: try cells.value("source_line"))
            }
        }
    }

    public func adjustments(of id: Int) async throws -> [StoredAdjustment] {
        try await database.read { sql in
            try await sql.select().column("*").from("payment_adjustments").where("payment_statement_id", .equal, SQLBind(id)).orderBy("id").all().map { row in
                let cells = StoredRow(row, table: "payment_adjustments")
                return StoredAdjustment(paidOn: try StoredRow.day(try cells.optional("paid_on", as: String.self), table: "payment_adjustments", column: "paid_on"),
                                        adjustment: PaymentAdjustment(isDebit: try cells.value("is_debit"), type: try cells.value("type_code"),
                                                                      description: try cells.value("description"), amount: Money(cents: try cells.value("amount"))))
            }
        }
    }

    public static func insert(_ statement: PaymentStatement, payerId: Int, fileName: String?, fileHash: String, problems: [String],
                              by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.insert(into: "payment_statements")
            .columns("payer_id", "number", "issued_on", "file_name", "file_hash", "gross", "debits", "credits", "net", "problems", "imported_at", "imported_by")
            .values(SQLBind(payerId), SQLBind(statement.number), SQLBind(statement.issuedOn.iso), SQLBind.optional(fileName.map { String($0.prefix(200)) }),
                    SQLBind(fileHash), SQLBind(statement.statedGross.cents), SQLBind(statement.statedDebits.cents), SQLBind(statement.statedCredits.cents),
                    SQLBind(statement.statedNet.cents), SQLBind(problems.joined(separator: "\n")), SQLBind(now), SQLBind(actor.username))
            .returning("id").first()!.decode(column: "id", as: Int.self)
    }

    public static func insertProtocols(_ rows: [NewProtocol], statementId: Int, on sql: any SQLDatabase) async throws {
        for (position, row) in rows.enumerated() {
            try await sql.insert(into: "payment_protocols")
                .columns("payment_statement_id", "position", "paid_on", "method", "protocol_number", "batch_number", "claims", "informed", "processed",
                         "released", "glosa", "invoice_id", "unmatched_reason", "source_line")
                .values(SQLBind(statementId), SQLBind(position + 1), SQLBind(row.paidOn.iso), SQLBind(row.method), SQLBind(row.paid.protocolNumber),
                        SQLBind(row.paid.batchNumber), SQLBind(row.paid.claims.count), SQLBind(row.paid.informed.cents), SQLBind(row.paid.processed.cents),
                        SQLBind(row.paid.released.cents), SQLBind.optional(row.paid.glosa?.cents), SQLBind.optional(row.invoiceId),
                        SQLBind.optional(row.unmatchedReason), SQLBind(row.paid.line))
                .run()
        }
    }

    public static func insertAdjustments(_ rows: [(paidOn: CalendarDay?, adjustment: PaymentAdjustment)], statementId: Int, on sql: any SQLDatabase) async throws {
        for row in rows {
            try await sql.insert(into: "payment_adjustments")
                .columns("payment_statement_id", "paid_on", "is_debit", "type_code", "description", "amount")
                .values(SQLBind(statementId), SQLBind.optional(row.paidOn?.iso), SQLBind(row.adjustment.isDebit), SQLBind(row.adjustment.type),
                        SQLBind(row.adjustment.description), SQLBind(row.adjustment.amount.cents))
                .run()
        }
    }

    /// The sent invoice of this payer whose batch (or the invoice itself) has this protocol number,
    /// with its sending day; nil when none has.
    public static func invoice(payerId: Int, protocolNumber: String, on sql: any SQLDatabase) async throws -> (id: Int, sentOn: CalendarDay)? {
        guard let row = try await sql.raw("""
            SELECT DISTINCT v.id, v.sent_on FROM invoices v JOIN invoice_batches b ON b.invoice_id = v.id
            WHERE v.payer_id = \(bind: payerId) AND v.sent_on IS NOT NULL
              AND COALESCE(b.protocol_number, v.protocol_number) = \(bind: protocolNumber)
            ORDER BY v.id
            """).first() else { return nil }
        let cells = StoredRow(row, table: "invoices")
        return (try cells.value("id"), try cells.day("sent_on"))
    }

    /// The payer's situation of a protocol on each of its batches, unless a later one is already
    /// known (an older file read after a newer one does not turn the clock back); the number of
    /// batches set.
    public static func setSituation(_ situation: ProtocolSituation, on day: CalendarDay, payerId: Int, protocolNumber: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            UPDATE invoice_batches SET payer_situation = \(bind: situation.rawValue), payer_situation_on = \(bind: day.iso)
            WHERE payer_id = \(bind: payerId) AND (payer_situation_on IS NULL OR payer_situation_on <= \(bind: day.iso)) AND id IN (
                SELECT b.id FROM invoice_batches b JOIN invoices v ON v.id = b.invoice_id
                WHERE v.sent_on IS NOT NULL AND COALESCE(b.protocol_number, v.protocol_number) = \(bind: protocolNumber))
            RETURNING id
            """).all().count
    }

    static func stored(_ row: any SQLRow) throws -> Stored {
        let cells = StoredRow(row, table: "payment_statements")
        let problems: String = try cells.value("problems")
        return Stored(id: try cells.value("id"), payerId: try cells.value("payer_id"), number: try cells.value("number"), issuedOn: try cells.day("issued_on"),
                      fileName: try cells.optional("file_name"), gross: Money(cents: try cells.value("gross")), debits: Money(cents: try cells.value("debits")),
                      credits: Money(cents: try cells.value("credits")), net: Money(cents: try cells.value("net")),
                      problems: problems.isEmpty ? [] : problems.components(separatedBy: "\n"), importedAt: try cells.value("imported_at"),
                      importedBy: try cells.value("imported_by"))
    }
}
