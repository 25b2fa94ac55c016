import SQLKit
import FaturaDomain

/// The one write of a partial's status change (`PartialEvent`): from the status and version read to
/// the status the lifecycle allows, the version bumped, the event's own columns set, audited with
/// before and after — or `stale_version` when the row moved since it was read. Closing and reopening
/// use it; invoicing will too.
enum PartialTransition {
    static func apply(_ event: PartialEvent, to partial: PartialBill, setting columns: [(String, any SQLExpression)], detail: String,
                      actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws -> PartialBill {
        guard let id = partial.id else { throw FaturaError.notFound(entity: "parcial") }
        let next = try partial.next(event)
        var update = sql.update("partial_bills").set("status", to: SQLBind(next.rawValue))
            .set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now))
        for (column, value) in columns { update = update.set(column, to: value) }
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
