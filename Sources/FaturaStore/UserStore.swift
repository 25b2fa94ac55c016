import Foundation
import SQLKit
import FaturaDomain

/// Users and their passwords, logins and lock-out. Listing and editing go through `Registry<User>`.
public struct UserStore: Sendable {
    let database: Database
    /// Bcrypt cost; tests lower it so a login takes milliseconds.
    public let bcryptCost: UInt8
    public static let maxFailedLogins = 5
    public static let lockDuration: TimeInterval = 15 * 60

    public init(database: Database, bcryptCost: UInt8 = 12) {
        self.database = database
        self.bcryptCost = bcryptCost
    }

    public var registry: Registry<User> { Registry(database: database) }

    public func create(_ input: User, password: String, by actor: AuditActor) async throws -> User {
        var user = input
        user.normalize()
        user.id = nil
        user.active = true
        let errors = user.validate() + PasswordPolicy.validate(password)
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        let hash = try await Secrets.hashPassword(password, cost: bcryptCost)
        let candidate = user
        return try await database.transaction { sql in
            try await Registry<User>.requireUnique(candidate, on: sql)
            try await Self.requireSector(candidate, on: sql)
            let now = Timestamp.now()
            let columns = candidate.columnValues + [
                ("password_hash", SQLBind(hash)), ("active", SQLBind(true)),
                ("created_at", SQLBind(now)), ("updated_at", SQLBind(now)),
            ]
            let row = try await sql.insert(into: User.table).columns(columns.map(\.0)).values(columns.map(\.1))
                .returning("id").first()
            var saved = candidate
            saved.id = try row?.decode(column: "id", as: Int.self)
            try await AuditLog.record(on: sql, actor: actor, action: .create, entity: User.auditEntity,
                                      entityId: saved.id.map(String.init), after: saved)
            return saved
        }
    }

    public func update(_ id: Int, with input: User, by actor: AuditActor) async throws -> User {
        var user = input
        user.normalize()
        if user.role == .sector {
            let candidate = user
            try await database.read { try await Self.requireSector(candidate, on: $0) }
        }
        return try await registry.update(id, with: user, by: actor)
    }

    static func requireSector(_ user: User, on sql: any SQLDatabase) async throws {
        guard let sectorId = user.sectorId else { return }
        if try await sql.select().column("id").from("sectors").where("id", .equal, SQLBind(sectorId)).first() == nil {
            throw FaturaError.validation([FieldError("sectorId", "Setor não encontrado.")])
        }
    }

    public func setPassword(_ id: Int, _ password: String, by actor: AuditActor) async throws {
        let errors = PasswordPolicy.validate(password)
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        let hash = try await Secrets.hashPassword(password, cost: bcryptCost)
        try await database.transaction { sql in
            guard try await Registry<User>.find(id, on: sql) != nil else { throw FaturaError.notFound(entity: User.noun) }
            try await sql.update(User.table).set("password_hash", to: SQLBind(hash)).set("failed_logins", to: SQLBind(0))
                .set(SQLColumn("locked_until"), to: SQLLiteral.null).set("updated_at", to: SQLBind(Timestamp.now()))
                .where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(on: sql, actor: actor, action: .passwordChanged, entity: User.auditEntity, entityId: String(id))
        }
    }

    public func find(username: String) async throws -> User? {
        try await database.read { sql in
            try await sql.select().column("*").from(User.table)
                .where("username", .equal, SQLBind(username.trimmingSpaces().lowercased()))
                .first(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }

    public func count() async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(User.table)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    private struct Credentials: Decodable {
        var passwordHash: String
        var failedLogins: Int
        var lockedUntil: String?
    }

    /// Checks a login. Wrong user, wrong password and inactive user all answer the same, so the
    /// message does not tell an attacker which usernames exist. After `maxFailedLogins` failures in
    /// a row the account is locked for `lockDuration`.
    public func authenticate(username: String, password: String, now: Date = Date()) async throws -> User {
        let name = username.trimmingSpaces().lowercased()
        let found: (User, Credentials)? = try await database.read { sql in
            guard let row = try await sql.select().column("*").from(User.table).where("username", .equal, SQLBind(name)).first() else {
                return nil
            }
            return (try row.decode(model: User.self, keyDecodingStrategy: .convertFromSnakeCase),
                    try row.decode(model: Credentials.self, keyDecodingStrategy: .convertFromSnakeCase))
        }
        let actor = AuditActor(userId: found?.0.id, username: name)
        guard let (user, credentials) = found, user.active, let id = user.id else {
            try await AuditLog(database: database).recordEvent(actor: actor, action: .loginFailed, entity: User.auditEntity,
                                                              entityId: nil, detail: "usuário inexistente ou inativo")
            throw FaturaError.invalidCredentials
        }
        if let until = credentials.lockedUntil.flatMap(Timestamp.date), until > now {
            throw FaturaError.accountLocked
        }
        let verified = try await Secrets.verifyPassword(password, hash: credentials.passwordHash)
        let failures = verified ? 0 : credentials.failedLogins + 1
        let lock = failures >= Self.maxFailedLogins ? Timestamp.string(now.addingTimeInterval(Self.lockDuration)) : nil
        try await database.transaction { sql in
            // A lock restarts the count, so the next failure after it expires does not lock again at once.
            try await sql.update(User.table).set("failed_logins", to: SQLBind(lock == nil ? failures : 0))
                .set(SQLColumn("locked_until"), to: SQLBind.optional(lock)).where("id", .equal, SQLBind(id)).run()
            let detail: String? = verified ? nil : lock.map { "conta bloqueada até \($0)" } ?? "senha incorreta (\(failures))"
            try await AuditLog.record(on: sql, actor: actor, action: verified ? .login : .loginFailed,
                                      entity: User.auditEntity, entityId: String(id), detail: detail)
        }
        if verified { return user }
        throw lock == nil ? FaturaError.invalidCredentials : FaturaError.accountLocked
    }
}
