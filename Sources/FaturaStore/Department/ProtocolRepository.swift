import FaturaDomain
import Foundation
import SQLKit

/// The protocol book (migration 020): numbered per company and year, in the order written.
public enum ProtocolRepository {
    /// Writes the next line of the book: its number is the year's last plus one, taken inside the
    /// caller's transaction. SQLite has one writer; on PostgreSQL a transaction-scoped advisory lock
    /// per company makes two people protocolling at the same instant wait for each other instead of
    /// one of them failing at the unique number.
    public static func insert(_ entry: ProtocolEntry, at now: String, by actor: AuditActor, on sql: any SQLDatabase) async throws -> ProtocolEntry {
        var saved = entry
        saved.year = entry.day.year
        saved.registeredBy = actor.username
        if sql.dialect.name != "sqlite" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: 20_000 + entry.companyId))").run()
        }
        let last = try await sql.raw("""
            SELECT COALESCE(MAX(sequence), 0) AS n FROM protocol_entries WHERE company_id = \(bind: entry.companyId) AND year = \(bind: saved.year)
            """).first()
        saved.sequence = (try last.map { try StoredRow($0, table: "protocol_entries").value("n", as: Int.self) } ?? 0) + 1
        let columns: [(String, any SQLExpression)] = [
            ("company_id", SQLBind(saved.companyId)), ("year", SQLBind(saved.year)), ("sequence", SQLBind(saved.sequence)),
            ("day", SQLBind(saved.day.iso)), ("direction", SQLBind(saved.direction.rawValue)), ("counterpart", SQLBind(saved.counterpart)),
            ("subject", SQLBind(saved.subject)), ("invoice_id", SQLBind.optional(saved.invoiceId)), ("appeal_id", SQLBind.optional(saved.appealId)),
            ("notice_id", SQLBind.optional(saved.noticeId)), ("record_copy_id", SQLBind.optional(saved.recordCopyId)),
            ("registered_by", SQLBind(actor.username)), ("created_at", SQLBind(now)),
        ]
        saved.id = try await InsertedId.of(sql.insert(into: "protocol_entries").columns(columns.map(\.0)).values(columns.map(\.1)), table: "protocol_entries")
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "protocol_entry", entityId: saved.id.map(String.init), after: saved,
                                  detail: "protocolo \(saved.number)")
        return saved
    }

    static func entry(_ row: any SQLRow) throws -> ProtocolEntry {
        let cells = StoredRow(row, table: "protocol_entries")
        return ProtocolEntry(
            id: try cells.value("id"), companyId: try cells.value("company_id"), year: try cells.value("year"), sequence: try cells.value("sequence"),
            day: try cells.day("day"), direction: try cells.code("direction", as: ProtocolDirection.self), counterpart: try cells.value("counterpart"),
            subject: try cells.value("subject"), invoiceId: try cells.optional("invoice_id"), appealId: try cells.optional("appeal_id"),
            noticeId: try cells.optional("notice_id"), recordCopyId: try cells.optional("record_copy_id"), registeredBy: try cells.value("registered_by"))
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> ProtocolEntry? {
        try await sql.select().column("*").from("protocol_entries").where("id", .equal, SQLBind(id)).first().map(entry)
    }

    /// The lines linked to one document (an invoice's or appeal's page shows its protocols).
    public static func linked(invoiceId: Int? = nil, appealId: Int? = nil, noticeId: Int? = nil, recordCopyId: Int? = nil,
                              on sql: any SQLDatabase) async throws -> [ProtocolEntry] {
        var select = sql.select().column("*").from("protocol_entries")
        if let invoiceId { select = select.where("invoice_id", .equal, SQLBind(invoiceId)) }
        if let appealId { select = select.where("appeal_id", .equal, SQLBind(appealId)) }
        if let noticeId { select = select.where("notice_id", .equal, SQLBind(noticeId)) }
        if let recordCopyId { select = select.where("record_copy_id", .equal, SQLBind(recordCopyId)) }
        return try await select.orderBy("id").all().map(entry)
    }

    /// The book for a company, newest first, filtered by year, direction and a text in the
    /// counterpart or subject.
    public static func list(companyId: Int, year: Int?, direction: ProtocolDirection?, text: String?, limit: Int, offset: Int,
                            on sql: any SQLDatabase) async throws -> (entries: [ProtocolEntry], total: Int) {
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var select = select.where("company_id", .equal, SQLBind(companyId))
            if let year { select = select.where("year", .equal, SQLBind(year)) }
            if let direction { select = select.where("direction", .equal, SQLBind(direction.rawValue)) }
            if let text, !text.isEmpty {
                let pattern = "%" + text.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                select = select.where { group in
                    group.where(SQLFunction("LOWER", args: SQLColumn("counterpart")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("LOWER", args: SQLColumn("subject")), .like, SQLBind(pattern))
                }
            }
            return select
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("protocol_entries")).first()
        let total = try count.map { try StoredRow($0, table: "protocol_entries").value("n", as: Int.self) } ?? 0
        let rows = try await filtered(sql.select().column("*").from("protocol_entries"))
            .orderBy("year", .descending).orderBy("sequence", .descending).limit(limit).offset(offset).all()
        return (try rows.map(entry), total)
    }
}
