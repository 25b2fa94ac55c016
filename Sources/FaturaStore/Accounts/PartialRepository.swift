import SQLKit
import FaturaDomain

/// Partials as rows: found by id (refused when missing), their status changes written through one
/// transition, and the version moved when what blocks them changes.
public enum PartialRepository {
    public static func find(_ id: ID<PartialBill>, on sql: any SQLDatabase) async throws -> PartialBill? {
        try await PartialRow.find(id, on: sql)?.partial
    }

    /// The partial, or `not_found`.
    public static func require(_ id: ID<PartialBill>, on sql: any SQLDatabase) async throws -> PartialBill {
        guard let partial = try await find(id, on: sql) else { throw FaturaError.notFound(entity: "parcial") }
        return partial
    }

    /// Any change to what blocks a partial moves its version, so a close that read the old state
    /// fails; `stale_version` when it moved since `partial` was read.
    public static func bumpVersion(_ partial: PartialBill, at now: String, on sql: any SQLDatabase) async throws {
        let bumped = try await sql.update("partial_bills").set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try partial.storedId())).where("version", .equal, SQLBind(partial.version)).returning("id").first()
        if bumped == nil { throw FaturaError.stalePartial }
    }

    /// The one write of a partial's status change (`PartialEvent`): from the status and version read
    /// to the status the lifecycle allows, the version bumped, the event's own columns set, audited
    /// with before and after — or `stale_version` when the row moved since it was read. Closing and
    /// reopening use it; invoicing will too.
    public static func transition(_ event: PartialEvent, of partial: PartialBill, setting columns: PartialEventColumns, detail: String,
                                  actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws -> PartialBill {
        let id = try partial.storedId()
        let next = try partial.next(event)
        var update = sql.update("partial_bills").set("status", to: SQLBind(next.rawValue))
            .set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now))
        for (column, value) in columns.values { update = update.set(column, to: value) }
        let saved = try await update.where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(partial.version))
            .where("status", .equal, SQLBind(partial.status.rawValue)).returning("id").first()
        if saved == nil { throw FaturaError.stalePartial }
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "partial", entityId: String(id),
                                  before: ["status": partial.status.rawValue], after: ["status": next.rawValue], detail: detail)
        var changed = partial
        changed.status = next
        changed.version += 1
        return changed
    }
}

/// The columns an event sets beside the status (who closed, why reopened…), named by the event so no
/// caller writes a column name.
public struct PartialEventColumns: Sendable {
    let values: [(String, any SQLExpression & Sendable)]

    /// Invoicing sets nothing beside the status (the invoice keeps who and when).
    public static let none = PartialEventColumns(values: [])

    public static func closed(at now: String, by username: String) -> PartialEventColumns {
        .init(values: [("closed_at", SQLBind(now)), ("closed_by", SQLBind(username))])
    }

    public static func reopened(at now: String, by username: String, reason: String) -> PartialEventColumns {
        .init(values: [("closed_at", SQLLiteral.null), ("closed_by", SQLLiteral.null), ("reopened_at", SQLBind(now)),
                       ("reopened_by", SQLBind(username)), ("reopen_reason", SQLBind(reason))])
    }
}

extension PartialBill {
    /// The id of a partial read from the database; one without is a programming error, refused clearly.
    func storedId() throws -> FaturaDomain.ID<PartialBill> {
        guard let id else { throw FaturaError.storedValueInvalid(table: "partial_bills", column: "id", value: "ausente") }
        return id
    }
}
