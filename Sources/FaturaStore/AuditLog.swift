import Foundation
import SQLKit
import FaturaDomain

/// Writes and reads the audit log. Writes take the caller's transaction so the entry and the change
/// it describes are saved together or not at all.
public struct AuditLog: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Records one change inside the caller's transaction. `before`/`after` are encoded as sorted JSON.
    public static func record(
        on sql: any SQLDatabase, actor: AuditActor, action: AuditAction, entity: String, entityId: String?,
        before: (some Encodable)? = Optional<Int>.none, after: (some Encodable)? = Optional<Int>.none, detail: String? = nil
    ) async throws {
        try await sql.insert(into: "audit_log")
            .columns("at", "user_id", "username", "action", "entity", "entity_id", "before_json", "after_json", "detail")
            .values(
                SQLBind(Timestamp.now()), SQLBind.optional(actor.userId), SQLBind(actor.username), SQLBind(action.rawValue),
                SQLBind(entity), SQLBind.optional(entityId), SQLBind.optional(try json(before)), SQLBind.optional(try json(after)),
                SQLBind.optional(detail))
            .run()
    }

    /// Records a read of patient data (LGPD) or any other event that changes nothing.
    public func recordEvent(actor: AuditActor, action: AuditAction, entity: String, entityId: String?, detail: String?) async throws {
        try await database.transaction { sql in
            try await Self.record(on: sql, actor: actor, action: action, entity: entity, entityId: entityId, detail: detail)
        }
    }

    static func json(_ value: (some Encodable)?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func list(_ query: AuditQuery) async throws -> Page<AuditEntry> {
        try await database.read { sql in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select
                if let entity = query.entity { select = select.where("entity", .equal, SQLBind(entity)) }
                if let entityId = query.entityId { select = select.where("entity_id", .equal, SQLBind(entityId)) }
                if let username = query.username { select = select.where("username", .equal, SQLBind(username)) }
                if let action = query.action { select = select.where("action", .equal, SQLBind(action)) }
                if let excluded = query.excludingAction { select = select.where("action", .notEqual, SQLBind(excluded)) }
                if let from = query.from { select = select.where("at", .greaterThanOrEqual, SQLBind(from)) }
                // `to` is a whole day: everything before the next day's start.
                if let to = query.to, let day = CalendarDay(iso: to) {
                    select = select.where("at", .lessThan, SQLBind(day.adding(days: 1).iso))
                }
                return select
            }
            let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let entries = try await filtered(sql.select().column("*").from("audit_log"))
                .orderBy("id", .descending)
                .limit(query.perPage).offset((query.page - 1) * query.perPage)
                .all(decoding: AuditEntry.self, keyDecodingStrategy: .snakeCase)
            return Page(items: entries, page: query.page, perPage: query.perPage, total: total)
        }
    }
}

extension SQLBind {
    /// A bound value, or SQL NULL for nil: the same on both databases.
    static func optional(_ value: (some Encodable & Sendable)?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return SQLBind(value)
    }
}
