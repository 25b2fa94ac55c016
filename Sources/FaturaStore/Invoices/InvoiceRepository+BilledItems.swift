import FaturaDomain
import SQLKit

/// What the payer's statements are matched against: the lines of the claims as sent.
extension InvoiceRepository {
    /// The lines sent to a payer in the claims numbered `claimNumbers` (the partials' numbers) of
    /// invoices marked as sent, with their batch's protocol: what a statement's lines are matched against.
    public static func billedItems(payerId: Int, claimNumbers: [String], on sql: any SQLDatabase) async throws -> [BilledItem] {
        var items: [BilledItem] = []
        for chunk in stride(from: 0, to: claimNumbers.count, by: 500) {
            let numbers = Array(claimNumbers[chunk..<min(chunk + 500, claimNumbers.count)])
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "invoice_claim_items"), as: "item_id")
                .column(SQLColumn("number", table: "invoice_claims"), as: "claim_number")
                // A batch's own protocol (from its receipt), else the one typed when the invoice was sent.
                .column(SQLFunction("COALESCE", args: SQLColumn("protocol_number", table: "invoice_batches"), SQLColumn("protocol_number", table: "invoices")),
                        as: "protocol_number")
                .column(SQLColumn("sequence", table: "invoice_claim_items"), as: "sequence")
                .column(SQLColumn("code", table: "invoice_claim_items"), as: "code")
                .column(SQLColumn("performed_on", table: "invoice_claim_items"), as: "performed_on")
                .column(SQLColumn("total", table: "invoice_claim_items"), as: "total")
                .column(SQLColumn("invoice_id", table: "invoice_claim_items"), as: "invoice_id")
                .from("invoice_claim_items")
                .join("invoice_claims", on: SQLColumn("claim_id", table: "invoice_claim_items"), .equal, SQLColumn("id", table: "invoice_claims"))
                .join("invoice_batches", on: SQLColumn("batch_id", table: "invoice_claims"), .equal, SQLColumn("id", table: "invoice_batches"))
                .join("invoices", on: SQLColumn("invoice_id", table: "invoice_claims"), .equal, SQLColumn("id", table: "invoices"))
                .where(SQLColumn("payer_id", table: "invoice_batches"), .equal, SQLBind(payerId))
                // Only what reached the payer: a closed invoice not yet sent may still be reopened.
                .where(SQLColumn("sent_on", table: "invoices"), .isNot, SQLLiteral.null)
                .where(SQLColumn("number", table: "invoice_claims"), .in, SQLBind.group(numbers))
                .orderBy(SQLColumn("number", table: "invoice_claims")).orderBy(SQLColumn("sequence", table: "invoice_claim_items"))
                .all()
            for row in rows {
                let cells = StoredRow(row, table: "invoice_claim_items")
                guard let day = CalendarDay(iso: try cells.value("performed_on")) else {
                    throw FaturaError.storedValueInvalid(table: "invoice_claim_items", column: "performed_on", value: try cells.value("performed_on"))
                }
                items.append(BilledItem(itemId: try cells.value("item_id"), claimNumber: try cells.value("claim_number"),
                                        protocolNumber: try cells.optional("protocol_number"), sequence: try cells.value("sequence"),
                                        code: try cells.value("code"), day: day, total: Money(cents: try cells.value("total")),
                                        invoiceId: try cells.value("invoice_id")))
            }
        }
        return items
    }

    /// One billed item of a payer's claims (a person matching a statement line by hand).
    public static func billedItem(_ id: Int, payerId: Int, on sql: any SQLDatabase) async throws -> BilledItem? {
        guard let number = try await sql.select().column(SQLColumn("number", table: "invoice_claims")).from("invoice_claim_items")
            .join("invoice_claims", on: SQLColumn("claim_id", table: "invoice_claim_items"), .equal, SQLColumn("id", table: "invoice_claims"))
            .where(SQLColumn("id", table: "invoice_claim_items"), .equal, SQLBind(id)).first()?.decode(column: "number", as: String.self) else { return nil }
        return try await billedItems(payerId: payerId, claimNumbers: [number], on: sql).first { $0.itemId == id }
    }

    /// The company of each invoice (a statement's glosas take the deadline of each invoice's terms).
    public static func companies(of invoiceIds: [Int], on sql: any SQLDatabase) async throws -> [Int: Int] {
        var companies: [Int: Int] = [:]
        for chunk in stride(from: 0, to: invoiceIds.count, by: 500) {
            for row in try await sql.select().column("id").column("company_id").from("invoices")
                .where("id", .in, SQLBind.group(Array(invoiceIds[chunk..<min(chunk + 500, invoiceIds.count)]))).all() {
                companies[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "company_id", as: Int.self)
            }
        }
        return companies
    }
}
