import FaturaDomain
import Foundation
import SQLKit

/// Payers' notices, their distribution to sectors and their attachments (migration 020).
public enum NoticeRepository {
    /// A notice with its distributions (sector names resolved) and its attachments' names.
    public struct Stored: Sendable {
        public var notice: PayerNotice
        public var distributions: [Distribution]
        public var attachments: [AttachmentInfo]
        public var createdAt: String
    }

    public struct Distribution: Sendable {
        public var distribution: NoticeDistribution
        public var sectorCode: String
        public var sectorName: String
    }

    public struct AttachmentInfo: Sendable, Equatable {
        public var id: Int
        public var filename: String
        public var contentType: String
        public var sizeBytes: Int
    }

    public struct Attachment: Sendable {
        public var info: AttachmentInfo
        public var noticeId: Int
        public var content: Data
    }

    /// One line of a list: the notice and how far its sectors are (no text or files decoded).
    public struct Summary: Sendable {
        public var notice: PayerNotice
        public var sectors: Int
        public var done: Int
        public var late: Int
        /// The distribution to the sector asked about (a sector user's own), when listing for one.
        public var own: NoticeDistribution?
    }

    static func columns(_ n: PayerNotice) -> [(String, any SQLExpression)] {
        [("company_id", SQLBind(n.companyId)), ("payer_id", SQLBind(n.payerId)), ("received_on", SQLBind(n.receivedOn.iso)),
         ("subject", SQLBind(n.subject)), ("body", SQLBind(n.text)), ("kind", SQLBind(n.kind.rawValue)),
         ("effective_on", SQLBind.optional(n.effectiveOn?.iso)), ("contract_id", SQLBind.optional(n.contractId)),
         ("price_table_id", SQLBind.optional(n.priceTableId))]
    }

    public static func insert(_ notice: PayerNotice, at now: String, by actor: AuditActor, on sql: any SQLDatabase) async throws -> PayerNotice {
        var saved = notice
        saved.version = 1
        saved.registeredBy = actor.username
        let columns = columns(saved) + [("registered_by", SQLBind(actor.username)), ("created_at", SQLBind(now)), ("version", SQLBind(1))]
        saved.id = try await InsertedId.of(sql.insert(into: "payer_notices").columns(columns.map(\.0)).values(columns.map(\.1)), table: "payer_notices")
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "payer_notice", entityId: saved.id.map(String.init), after: saved)
        return saved
    }

    public static func update(_ notice: PayerNotice, before: PayerNotice, detail: String, by actor: AuditActor, on sql: any SQLDatabase) async throws -> PayerNotice {
        guard let id = notice.id else { throw FaturaError.notFound(entity: "comunicado") }
        var update = sql.update("payer_notices")
        for (column, value) in columns(notice) { update = update.set(SQLColumn(column), to: value) }
        let rows = try await update.set("version", to: SQLBind(notice.version + 1))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(notice.version)).returning("id").all()
        guard !rows.isEmpty else {
            throw FaturaError.concurrentChange("O comunicado foi alterado por outra pessoa enquanto você o via: nada foi salvo. Recarregue a página e confira.")
        }
        var saved = notice
        saved.version += 1
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "payer_notice", entityId: String(id), before: before, after: saved, detail: detail)
        return saved
    }

    public static func addDistribution(_ d: NoticeDistribution, on sql: any SQLDatabase) async throws -> NoticeDistribution {
        var saved = d
        saved.id = try await InsertedId.of(sql.insert(into: "notice_distributions")
            .columns("notice_id", "sector_id", "due_on").values(SQLBind(d.noticeId), SQLBind(d.sectorId), SQLBind(d.dueOn.iso)), table: "notice_distributions")
        return saved
    }

    public static func removeDistribution(_ id: Int, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "notice_distributions").where("id", .equal, SQLBind(id)).run()
    }

    /// Writes a distribution's acknowledgement only over the state it was read in (two people of
    /// the sector clicking at once: the second finds it changed).
    public static func saveAcknowledgement(_ d: NoticeDistribution, before: NoticeDistribution, on sql: any SQLDatabase) async throws {
        guard let id = d.id else { throw FaturaError.notFound(entity: "distribuição do comunicado") }
        var update = sql.update("notice_distributions")
            .set("due_on", to: SQLBind(d.dueOn.iso))
            .set("read_at", to: SQLBind.optional(d.readAt)).set("read_by", to: SQLBind.optional(d.readBy))
            .set("done_at", to: SQLBind.optional(d.doneAt)).set("done_by", to: SQLBind.optional(d.doneBy))
            .set("done_note", to: SQLBind.optional(d.doneNote)).set("done_on", to: SQLBind.optional(d.doneOn?.iso))
            .where("id", .equal, SQLBind(id))
        update = before.doneAt == nil ? update.where("done_at", .is, SQLLiteral.null) : update.where("done_at", .equal, SQLBind(before.doneAt!))
        let rows = try await update.returning("id").all()
        if rows.isEmpty { throw FaturaError.concurrentChange("Outra pessoa do setor registrou este comunicado ao mesmo tempo: recarregue a página.") }
    }

    public static func addAttachment(noticeId: Int, filename: String, contentType: String, content: Data, on sql: any SQLDatabase) async throws -> AttachmentInfo {
        let id = try await InsertedId.of(sql.insert(into: "notice_attachments")
            .columns("notice_id", "filename", "content_type", "size_bytes", "content_base64")
            .values(SQLBind(noticeId), SQLBind(filename), SQLBind(contentType), SQLBind(content.count), SQLBind(content.base64EncodedString())),
            table: "notice_attachments")
        return AttachmentInfo(id: id, filename: filename, contentType: contentType, sizeBytes: content.count)
    }

    public static func attachment(_ id: Int, on sql: any SQLDatabase) async throws -> Attachment? {
        guard let row = try await sql.select().column("*").from("notice_attachments").where("id", .equal, SQLBind(id)).first() else { return nil }
        let cells = StoredRow(row, table: "notice_attachments")
        let text: String = try cells.value("content_base64")
        guard let content = Data(base64Encoded: text) else { throw cells.invalid("content_base64", String(text.prefix(20))) }
        return Attachment(info: try info(cells), noticeId: try cells.value("notice_id"), content: content)
    }

    static func info(_ cells: StoredRow) throws -> AttachmentInfo {
        AttachmentInfo(id: try cells.value("id"), filename: try cells.value("filename"), contentType: try cells.value("content_type"),
                       sizeBytes: try cells.value("size_bytes"))
    }

    static func notice(_ cells: StoredRow) throws -> PayerNotice {
        PayerNotice(id: try cells.value("id"), companyId: try cells.value("company_id"), payerId: try cells.value("payer_id"),
                    receivedOn: try cells.day("received_on"), subject: try cells.value("subject"), text: try cells.value("body"),
                    kind: try cells.code("kind", as: PayerNoticeKind.self),
                    effectiveOn: try StoredRow.day(try cells.optional("effective_on", as: String.self), table: "payer_notices", column: "effective_on"),
                    contractId: try cells.optional("contract_id"), priceTableId: try cells.optional("price_table_id"),
                    registeredBy: try cells.value("registered_by"), version: try cells.value("version"))
    }

    static func distribution(_ cells: StoredRow) throws -> NoticeDistribution {
        NoticeDistribution(id: try cells.value("id"), noticeId: try cells.value("notice_id"), sectorId: try cells.value("sector_id"),
                           dueOn: try cells.day("due_on"), readAt: try cells.optional("read_at"), readBy: try cells.optional("read_by"),
                           doneAt: try cells.optional("done_at"), doneBy: try cells.optional("done_by"), doneNote: try cells.optional("done_note"),
                           doneOn: try StoredRow.day(try cells.optional("done_on", as: String.self), table: "notice_distributions", column: "done_on"))
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Stored? {
        guard let row = try await sql.select().column("*").from("payer_notices").where("id", .equal, SQLBind(id)).first() else { return nil }
        let cells = StoredRow(row, table: "payer_notices")
        let distributions = try await sql.raw("""
            SELECT d.*, s.code AS sector_code, s.name AS sector_name FROM notice_distributions d JOIN sectors s ON s.id = d.sector_id
            WHERE d.notice_id = \(bind: id) ORDER BY s.name, d.id
            """).all().map { row in
            let cells = StoredRow(row, table: "notice_distributions")
            return Distribution(distribution: try distribution(cells), sectorCode: try cells.value("sector_code"), sectorName: try cells.value("sector_name"))
        }
        let attachments = try await sql.select().columns("id", "filename", "content_type", "size_bytes").from("notice_attachments")
            .where("notice_id", .equal, SQLBind(id)).orderBy("id").all().map { try info(StoredRow($0, table: "notice_attachments")) }
        return Stored(notice: try notice(cells), distributions: distributions, attachments: attachments, createdAt: try cells.value("created_at"))
    }

    public static func require(_ id: Int, on sql: any SQLDatabase) async throws -> Stored {
        guard let found = try await find(id, on: sql) else { throw FaturaError.notFound(entity: "comunicado") }
        return found
    }

    /// The company's notices, newest first, with each one's progress; `sectorId` keeps only the
    /// notices sent to that sector (a sector user's list) and returns that sector's distribution.
    public static func list(companyId: Int, sectorId: Int? = nil, today: CalendarDay, limit: Int = 500, on sql: any SQLDatabase) async throws -> [Summary] {
        let own = sectorId ?? -1
        let rows = try await sql.raw("""
            SELECT n.*,
                   (SELECT COUNT(*) FROM notice_distributions d WHERE d.notice_id = n.id) AS sectors,
                   (SELECT COUNT(*) FROM notice_distributions d WHERE d.notice_id = n.id AND d.done_at IS NOT NULL) AS done,
                   (SELECT COUNT(*) FROM notice_distributions d WHERE d.notice_id = n.id
                      AND ((d.done_on IS NULL AND d.due_on < \(bind: today.iso)) OR d.done_on > d.due_on)) AS late,
                   o.id AS own_id, o.due_on AS own_due_on, o.read_at AS own_read_at, o.read_by AS own_read_by, o.done_at AS own_done_at,
                   o.done_by AS own_done_by, o.done_note AS own_done_note, o.done_on AS own_done_on
            FROM payer_notices n
            LEFT JOIN notice_distributions o ON o.notice_id = n.id AND o.sector_id = \(bind: own)
            WHERE n.company_id = \(bind: companyId) AND (\(bind: sectorId == nil ? 1 : 0) = 1 OR o.id IS NOT NULL)
            ORDER BY n.received_on DESC, n.id DESC LIMIT \(bind: limit)
            """).all()
        return try rows.map { row in
            let cells = StoredRow(row, table: "payer_notices")
            var ownDistribution: NoticeDistribution?
            if let ownId = try cells.optional("own_id", as: Int.self) {
                ownDistribution = NoticeDistribution(
                    id: ownId, noticeId: try cells.value("id"), sectorId: own, dueOn: try cells.day("own_due_on"),
                    readAt: try cells.optional("own_read_at"), readBy: try cells.optional("own_read_by"), doneAt: try cells.optional("own_done_at"),
                    doneBy: try cells.optional("own_done_by"), doneNote: try cells.optional("own_done_note"),
                    doneOn: try StoredRow.day(try cells.optional("own_done_on", as: String.self), table: "notice_distributions", column: "done_on"))
            }
            return Summary(notice: try notice(cells), sectors: try cells.value("sectors"), done: try cells.value("done"), late: try cells.value("late"),
                           own: ownDistribution)
        }
    }

    /// Distributions not yet done whose due date is before `today`, per sector name (the supervisor's
    /// "quem não deu ciência").
    /// Distributions not yet concluded, of every sector or one, and how many of them are past due
    /// (the home page's and the Gestão page's counts).
    public static func openCount(companyId: Int, sectorId: Int?, today: CalendarDay, on sql: any SQLDatabase) async throws -> (open: Int, late: Int) {
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN d.due_on < \(bind: today.iso) THEN 1 ELSE 0 END), 0) AS late
            FROM notice_distributions d JOIN payer_notices n ON n.id = d.notice_id
            WHERE n.company_id = \(bind: companyId) AND d.done_at IS NULL AND (\(bind: sectorId ?? -1) = -1 OR d.sector_id = \(bind: sectorId ?? -1))
            """).first()
        guard let row else { return (0, 0) }
        let cells = StoredRow(row, table: "notice_distributions")
        return (try cells.value("n", as: Int.self), try cells.value("late", as: Int.self))
    }
}

extension NoticeRepository {
    /// The active sectors with these codes, as (id, code), in the order of `codes`.
    public static func sectors(codes: [String], on sql: any SQLDatabase) async throws -> [(id: Int, code: String)] {
        guard !codes.isEmpty else { return [] }
        let rows = try await sql.select().columns("id", "code").from("sectors").where("code", .in, SQLGroupExpression(codes.map { SQLBind($0) }))
            .where("active", .equal, SQLBind(true)).all()
        let found = try rows.map { row in
            let cells = StoredRow(row, table: "sectors")
            return (id: try cells.value("id", as: Int.self), code: try cells.value("code", as: String.self))
        }
        return codes.compactMap { code in found.first { $0.code == code } }
    }

    /// A sector's code, or nil when it does not exist.
    public static func sectorCode(_ id: Int, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("code").from("sectors").where("id", .equal, SQLBind(id)).first()
            .map { try StoredRow($0, table: "sectors").value("code", as: String.self) }
    }

    public static func payerName(_ id: Int, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("name").from("payers").where("id", .equal, SQLBind(id)).first()
            .map { try StoredRow($0, table: "payers").value("name", as: String.self) }
    }

    /// Whether a price table with this id exists (a notice's link).
    public static func priceTableExists(_ id: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("price_tables").where("id", .equal, SQLBind(id)).first() != nil
    }
}
