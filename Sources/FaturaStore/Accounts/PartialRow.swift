import SQLKit
import FaturaDomain

/// A `partial_bills` row: the domain partial and who closed or reopened it. An unknown status or a
/// malformed period stops with `storedValueInvalid` instead of becoming a draft or the epoch.
struct PartialRow {
    var partial: PartialBill
    var closedAt: String?
    var closedBy: String?
    var reopenedAt: String?
    var reopenedBy: String?
    var reopenReason: String?

    init(_ row: any SQLRow) throws {
        let cells = StoredRow(row, table: "partial_bills")
        partial = PartialBill(id: ID(try cells.value("id", as: Int.self)), externalId: try cells.value("external_id"), accountId: try cells.value("account_id"),
                              companyId: try cells.value("company_id"), payerId: try cells.value("payer_id"),
                              periodStart: try cells.day("period_start"), periodEnd: try cells.day("period_end"),
                              status: try cells.code("status", as: PartialStatus.self), version: try cells.value("version"))
        closedAt = try cells.optional("closed_at")
        closedBy = try cells.optional("closed_by")
        reopenedAt = try cells.optional("reopened_at")
        reopenedBy = try cells.optional("reopened_by")
        reopenReason = try cells.optional("reopen_reason")
    }

    static func partial(_ row: any SQLRow) throws -> PartialBill { try PartialRow(row).partial }

    static func find(_ id: ID<PartialBill>, on sql: any SQLDatabase) async throws -> PartialRow? {
        try await sql.select().column("*").from("partial_bills").where("id", .equal, SQLBind(id)).first().map(PartialRow.init)
    }
}
