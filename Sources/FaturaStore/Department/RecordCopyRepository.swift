import FaturaDomain
import Foundation
import SQLKit

/// Record-copy requests and the log of every access to them (migration 020). The log is written
/// by the same transaction as the read or change it records.
public enum RecordCopyRepository {
    public struct Stored: Sendable {
        public var request: RecordCopyRequest
        public var createdBy: String
        public var createdAt: String
    }

    static func columns(_ r: RecordCopyRequest) -> [(String, any SQLExpression)] {
        [("company_id", SQLBind(r.companyId)), ("requested_on", SQLBind(r.requestedOn.iso)), ("requester_name", SQLBind(r.requesterName)),
         ("relation", SQLBind(r.relation.rawValue)), ("requester_document", SQLBind(r.requesterDocument)),
         ("document_checked", SQLBind(r.documentChecked ? 1 : 0)), ("patient_name", SQLBind(r.patientName)),
         ("medical_record_number", SQLBind.optional(r.medicalRecordNumber)), ("records", SQLBind(r.records)), ("purpose", SQLBind(r.purpose)),
         ("due_on", SQLBind(r.dueOn.iso)), ("status", SQLBind(r.status.rawValue)), ("pages", SQLBind.optional(r.pages)),
         ("prepared_by", SQLBind.optional(r.preparedBy)), ("prepared_on", SQLBind.optional(r.preparedOn?.iso)),
         ("approved_by", SQLBind.optional(r.approvedBy)), ("approved_on", SQLBind.optional(r.approvedOn?.iso)),
         ("delivered_on", SQLBind.optional(r.deliveredOn?.iso)), ("received_by", SQLBind.optional(r.receivedBy)),
         ("received_document", SQLBind.optional(r.receivedDocument)), ("refusal_reason", SQLBind.optional(r.refusalReason))]
    }

    public static func insert(_ request: RecordCopyRequest, at now: String, by actor: AuditActor, on sql: any SQLDatabase) async throws -> RecordCopyRequest {
        var saved = request
        saved.version = 1
        let columns = columns(saved) + [("created_by", SQLBind(actor.username)), ("created_at", SQLBind(now)), ("version", SQLBind(1))]
        saved.id = try await InsertedId.of(sql.insert(into: "record_copy_requests").columns(columns.map(\.0)).values(columns.map(\.1)), table: "record_copy_requests")
        // The audit log keeps the change without the patient's data (that stays in the request).
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "record_copy_request", entityId: saved.id.map(String.init),
                                  detail: "pedido de cópia de prontuário registrado")
        try await logAccess(saved.id!, username: actor.username, at: now, action: "registrou o pedido", on: sql)
        return saved
    }

    public static func update(_ request: RecordCopyRequest, detail: String, at now: String, by actor: AuditActor, on sql: any SQLDatabase) async throws -> RecordCopyRequest {
        guard let id = request.id else { throw FaturaError.notFound(entity: "pedido de cópia de prontuário") }
        var update = sql.update("record_copy_requests")
        for (column, value) in columns(request) { update = update.set(SQLColumn(column), to: value) }
        let rows = try await update.set("version", to: SQLBind(request.version + 1))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(request.version)).returning("id").all()
        guard !rows.isEmpty else {
            throw FaturaError.concurrentChange("O pedido foi alterado por outra pessoa enquanto você o via: nada foi salvo. Recarregue a página e confira.")
        }
        var saved = request
        saved.version += 1
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "record_copy_request", entityId: String(id), detail: detail)
        try await logAccess(id, username: actor.username, at: now, action: detail, on: sql)
        return saved
    }

    public static func logAccess(_ requestId: Int, username: String, at now: String, action: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "record_copy_access").columns("request_id", "username", "at", "action")
            .values(SQLBind(requestId), SQLBind(username), SQLBind(now), SQLBind(action)).run()
    }

    public static func accesses(_ requestId: Int, on sql: any SQLDatabase) async throws -> [RecordCopyAccess] {
        try await sql.select().columns("request_id", "username", "at", "action").from("record_copy_access")
            .where("request_id", .equal, SQLBind(requestId)).orderBy("id").all().map { row in
                let cells = StoredRow(row, table: "record_copy_access")
                return RecordCopyAccess(requestId: try cells.value("request_id"), username: try cells.value("username"), at: try cells.value("at"),
                                        action: try cells.value("action"))
            }
    }

    static func decode(_ row: any SQLRow) throws -> Stored {
        let c = StoredRow(row, table: "record_copy_requests")
        func day(_ column: String) throws -> CalendarDay? {
            try StoredRow.day(try c.optional(column, as: String.self), table: "record_copy_requests", column: column)
        }
        let checked: Int = try c.value("document_checked")
        guard checked == 0 || checked == 1 else { throw c.invalid("document_checked", String(checked)) }
        var r = RecordCopyRequest(
            id: try c.value("id"), companyId: try c.value("company_id"), requestedOn: try c.day("requested_on"),
            requesterName: try c.value("requester_name"), relation: try c.code("relation", as: RequesterRelation.self),
            requesterDocument: try c.value("requester_document"), documentChecked: checked == 1, patientName: try c.value("patient_name"),
            medicalRecordNumber: try c.optional("medical_record_number"), records: try c.value("records"), purpose: try c.value("purpose"),
            dueOn: try c.day("due_on"), status: try c.code("status", as: RecordCopyStatus.self), version: try c.value("version"))
        r.pages = try c.optional("pages")
        r.preparedBy = try c.optional("prepared_by")
        r.preparedOn = try day("prepared_on")
        r.approvedBy = try c.optional("approved_by")
        r.approvedOn = try day("approved_on")
        r.deliveredOn = try day("delivered_on")
        r.receivedBy = try c.optional("received_by")
        r.receivedDocument = try c.optional("received_document")
        r.refusalReason = try c.optional("refusal_reason")
        return Stored(request: r, createdBy: try c.value("created_by"), createdAt: try c.value("created_at"))
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.select().column("*").from("record_copy_requests").where("id", .equal, SQLBind(id)).first().map(decode)
    }

    /// The company's requests: open ones first by due date, then the closed, newest first.
    public static func list(companyId: Int, open: Bool?, limit: Int = 500, on sql: any SQLDatabase) async throws -> [Stored] {
        var select = sql.select().column("*").from("record_copy_requests").where("company_id", .equal, SQLBind(companyId))
        if let open {
            let states = RecordCopyStatus.allCases.filter { $0.isOpen == open }.map { SQLBind($0.rawValue) }
            select = select.where("status", .in, SQLGroupExpression(states))
        }
        let rows = try await select.orderBy("due_on").orderBy("id").limit(limit).all()
        let all = try rows.map(decode)
        return all.filter { $0.request.status.isOpen } + all.filter { !$0.request.status.isOpen }.sorted { ($0.request.id ?? 0) > ($1.request.id ?? 0) }
    }
}
