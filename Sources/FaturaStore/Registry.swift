import SQLKit
import FaturaDomain

/// List, read, create, update and (de)activate for any `RegistryRecord`, each write validated,
/// checked for duplicates and audited in one transaction.
public struct Registry<Record: RegistryRecord>: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func list(_ query: ListQuery) async throws -> Page<Record> {
        try await database.read { sql in
            let total = try await Self.filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), query)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await Self.filtered(sql.select().column("*"), query)
                .orderBy(Self.order).orderBy("id")
                .limit(query.perPage).offset(query.offset)
                .all(decoding: Record.self, keyDecodingStrategy: .snakeCase)
            return Page(items: items, page: query.page, perPage: query.perPage, total: total)
        }
    }

    /// Every record (or every active or inactive one), in the list's order: the options of a picker.
    /// One query and no count — pages call it on every request (the company picker, filters).
    public func all(active: Bool? = nil) async throws -> [Record] {
        try await database.read { sql in
            try await Self.filtered(sql.select().column("*"), ListQuery(active: active))
                .orderBy(Self.order).orderBy("id")
                .all(decoding: Record.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// Case folded, so "Saúde Total" comes before "SUS" as a person expects (not by character code).
    static var order: any SQLExpression { SQLFunction("LOWER", args: SQLColumn(Record.orderColumn)) }

    static func filtered(_ select: SQLSelectBuilder, _ query: ListQuery) -> SQLSelectBuilder {
        var select = select.from(Record.table)
        if let active = query.active { select = select.where("active", .equal, SQLBind(active)) }
        if let text = query.text {
            let pattern = "%" + text.lowercased() + "%"
            select = select.where { group in
                var group = group
                for column in Record.searchColumns {
                    group = group.orWhere(SQLFunction("LOWER", args: SQLColumn(column)), .like, SQLBind(pattern))
                }
                return group
            }
        }
        return select
    }

    public func find(_ id: Int) async throws -> Record? {
        try await database.read { try await Self.find(id, on: $0) }
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Record? {
        try await sql.select().column("*").from(Record.table).where("id", .equal, SQLBind(id))
            .first(decoding: Record.self, keyDecodingStrategy: .snakeCase)
    }

    public func get(_ id: Int) async throws -> Record {
        guard let record = try await find(id) else { throw FaturaError.notFound(entity: Record.noun) }
        return record
    }

    /// Validates, checks duplicates, inserts and audits. Returns the saved record with its id.
    public func create(_ input: Record, by actor: AuditActor) async throws -> Record {
        var record = input
        record.normalize()
        record.id = nil
        record.active = true
        try Self.requireValid(record)
        let candidate = record
        return try await database.transaction { sql in
            try await Self.requireUnique(candidate, on: sql)
            let now = Timestamp.now()
            let columns = candidate.columnValues + [("active", SQLBind(true)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
            let id = try await InsertedId.of(sql.insert(into: Record.table).columns(columns.map(\.0)).values(columns.map(\.1)), table: Record.table)
            var saved = candidate
            saved.id = id
            try await AuditLog.record(on: sql, actor: actor, action: .create, entity: Record.auditEntity,
                                      entityId: String(id), after: saved)
            return saved
        }
    }

    /// Replaces the editable fields of record `id`; `active` is left as it is (use `setActive`).
    public func update(_ id: Int, with input: Record, by actor: AuditActor) async throws -> Record {
        var record = input
        record.normalize()
        record.id = id
        try Self.requireValid(record)
        let candidate = record
        return try await database.transaction { sql in
            guard let before = try await Self.find(id, on: sql) else { throw FaturaError.notFound(entity: Record.noun) }
            var after = candidate
            after.active = before.active
            try await Self.requireUnique(after, on: sql)
            if after == before { return before }
            var update = sql.update(Record.table)
            for (column, value) in after.columnValues { update = update.set(SQLColumn(column), to: value) }
            try await update.set("updated_at", to: SQLBind(Timestamp.now())).where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: Record.auditEntity,
                                      entityId: String(id), before: before, after: after)
            return after
        }
    }

    /// Deactivating keeps the record (history points at it) but hides it from new work.
    public func setActive(_ id: Int, _ active: Bool, by actor: AuditActor) async throws -> Record {
        try await database.transaction { sql in
            guard let before = try await Self.find(id, on: sql) else { throw FaturaError.notFound(entity: Record.noun) }
            if before.active == active { return before }
            var after = before
            after.active = active
            try await sql.update(Record.table).set("active", to: SQLBind(active)).set("updated_at", to: SQLBind(Timestamp.now()))
                .where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(on: sql, actor: actor, action: active ? .activate : .deactivate,
                                      entity: Record.auditEntity, entityId: String(id), before: before, after: after)
            return after
        }
    }

    static func requireValid(_ record: Record) throws {
        let errors = record.validate()
        if !errors.isEmpty { throw FaturaError.validation(errors) }
    }

    static func requireUnique(_ record: Record, on sql: any SQLDatabase) async throws {
        var errors: [FieldError] = []
        for key in record.uniqueKeys {
            guard let value = key.value else { continue }
            var select = sql.select().column("id").from(Record.table).where(SQLColumn(key.column), .equal, SQLBind(value))
            if let id = record.id { select = select.where("id", .notEqual, SQLBind(id)) }
            if try await select.first() != nil { errors.append(FieldError(key.field, key.message)) }
        }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
    }
}
