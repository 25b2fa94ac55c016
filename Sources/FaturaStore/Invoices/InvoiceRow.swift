import SQLKit
import FaturaDomain

/// An `invoices` row read into the domain invoice; a status, competence, day or channel that does
/// not decode stops with `storedValueInvalid`.
enum InvoiceRow {
    static func invoice(_ row: any SQLRow) throws -> Invoice {
        let cells = StoredRow(row, table: "invoices")
        let competenceText: String = try cells.value("competence")
        guard let competence = Competence(competenceText) else { throw cells.invalid("competence", competenceText) }
        var sending: InvoiceSending?
        if let sentOn = try cells.optional("sent_on", as: String.self) {
            sending = InvoiceSending(
                on: try StoredRow.day(sentOn, table: "invoices", column: "sent_on"),
                channel: try StoredRow.code(try cells.value("sent_channel", as: String.self), as: SendChannel.self, table: "invoices", column: "sent_channel"),
                by: try cells.value("sent_by"), protocolNumber: try cells.optional("protocol_number"),
                protocolOn: try StoredRow.day(try cells.optional("protocol_on", as: String.self), table: "invoices", column: "protocol_on"))
        }
        return Invoice(
            id: ID(try cells.value("id", as: Int.self)), companyId: try cells.value("company_id"), payerId: try cells.value("payer_id"),
            number: try cells.value("number"), competence: competence, status: try cells.code("status", as: InvoiceStatus.self),
            version: try cells.value("version"), deadline: try StoredRow.day(try cells.optional("deadline", as: String.self), table: "invoices", column: "deadline"),
            claims: try cells.value("claims"), total: Money(cents: try cells.value("total")), createdAt: try cells.value("created_at"),
            createdBy: try cells.value("created_by"), closedAt: try cells.optional("closed_at"), closedBy: try cells.optional("closed_by"),
            sending: sending)
    }

    static func batch(_ row: any SQLRow) throws -> InvoiceBatch {
        let cells = StoredRow(row, table: "invoice_batches")
        return InvoiceBatch(
            id: try cells.value("id"), invoiceId: ID(try cells.value("invoice_id", as: Int.self)), number: try cells.value("number"),
            claimType: try cells.code("claim_type", as: ClaimType.self), tissVersion: try cells.code("tiss_version", as: TISSVersion.self),
            hashEncoding: try cells.code("hash_encoding", as: TISSHashEncoding.self), claims: try cells.value("claims"),
            total: Money(cents: try cells.value("total")), hash: try cells.value("hash"), generatedAt: try cells.value("generated_at"),
            protocolNumber: try cells.optional("protocol_number"),
            payerSituation: try cells.optional("payer_situation", as: String.self)
                .map { try StoredRow.code($0, as: ProtocolSituation.self, table: "invoice_batches", column: "payer_situation") },
            payerSituationOn: try StoredRow.day(try cells.optional("payer_situation_on", as: String.self), table: "invoice_batches", column: "payer_situation_on"))
    }
}
