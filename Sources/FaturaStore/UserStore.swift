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
        if user.role.isSectorBound {
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

    /// Sets a new password, ends the user's web sessions and revokes their API tokens, in one transaction.
    /// `keepingSession` spares the session of a user who changes their own password.
    public func setPassword(_ id: Int, _ password: String, by actor: AuditActor, keepingSession: Int? = nil) async throws {
        let errors = PasswordPolicy.validate(password)
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        let hash = try await Secrets.hashPassword(password, cost: bcryptCost)
        try await database.transaction { sql in
            guard try await Registry<User>.find(id, on: sql) != nil else { throw FaturaError.notFound(entity: User.noun) }
            let now = Timestamp.now()
            try await sql.update(User.table).set("password_hash", to: SQLBind(hash)).set("failed_logins", to: SQLBind(0))
                .set(SQLColumn("locked_until"), to: SQLLiteral.null).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            // A new password closes every door the old one opened: web sessions and API tokens.
            var sessions = sql.delete(from: "sessions").where("user_id", .equal, SQLBind(id))
            if let keepingSession { sessions = sessions.where("id", .notEqual, SQLBind(keepingSession)) }
            try await sessions.run()
            try await TokenStore.revokeAll(userId: id, at: now, on: sql)
            try await AuditLog.record(on: sql, actor: actor, action: .passwordChanged, entity: User.auditEntity, entityId: String(id),
                                      detail: "sessões encerradas e tokens de API revogados")
        }
    }

    public func find(username: String) async throws -> User? {
        try await database.read { sql in
            try await sql.select().column("*").from(User.table)
                .where("username", .equal, SQLBind(username.trimmingSpaces().lowercased()))
                .first(decoding: User.self, keyDecodingStrategy: .snakeCase)
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
    ///
    /// Each attempt first reserves its place in one atomic `UPDATE … SET failed_logins =
    /// failed_logins + 1 … RETURNING`, before the password is checked: a burst of parallel guesses
    /// gets numbers 1, 2, 3…, and only the first `maxFailedLogins` of them are ever checked. A
    /// right password resets the count; the attempt that uses up the last place locks the account.
    public func authenticate(username: String, password: String, now: Date = Date()) async throws -> User {
        let name = username.trimmingSpaces().lowercased()
        guard name.count <= 100, password.utf8.count <= 1_024 else { throw FaturaError.invalidCredentials }
        let stamp = Timestamp.string(now)
        let reserved: (User, Credentials, attempt: Int)? = try await database.transaction { sql in
            guard let row = try await sql.select().column("*").from(User.table).where("username", .equal, SQLBind(name)).first() else {
                return nil
            }
            let user = try row.decode(model: User.self, keyDecodingStrategy: .snakeCase)
            let credentials = try row.decode(model: Credentials.self, keyDecodingStrategy: .snakeCase)
            guard user.active, let id = user.id else { return (user, credentials, 0) }
            // Locked (lock still running): no place is reserved and nothing is checked.
            let reserve = sql.update(User.table)
                .set(SQLIdentifier("failed_logins"), to: SQLBinaryExpression(SQLColumn("failed_logins"), .add, SQLBind(1)))
                .where("id", .equal, SQLBind(id))
                .where { Self.notLocked($0, at: stamp) }
            guard let counted = try await reserve.returning("failed_logins").first() else { return (user, credentials, Int.max) }
            return (user, credentials, try counted.decode(column: "failed_logins", as: Int.self))
        }
        let actor = AuditActor(userId: reserved?.0.id, username: name)
        guard let (user, credentials, attempt) = reserved, user.active, let id = user.id else {
            try await AuditLog(database: database).recordEvent(actor: actor, action: .loginFailed, entity: User.auditEntity,
                                                              entityId: nil, detail: "usuário inexistente ou inativo")
            throw FaturaError.invalidCredentials
        }
        if attempt > Self.maxFailedLogins {
            // Over the limit (the account is locked, or parallel attempts used up every place): refused
            // without checking the password; as before, a refusal during a lock is not an audit entry.
            if attempt != Int.max { try await database.transaction { sql in try await lockIfNeeded(id, now: now, on: sql) } }
            throw FaturaError.accountLocked
        }
        let verified = try await Secrets.verifyPassword(password, hash: credentials.passwordHash)
        let locks = !verified && attempt >= Self.maxFailedLogins
        try await database.transaction { sql in
            if verified {
                try await sql.update(User.table).set("failed_logins", to: SQLBind(0)).set(SQLColumn("locked_until"), to: SQLLiteral.null)
                    .where("id", .equal, SQLBind(id)).run()
            } else if locks {
                try await lockIfNeeded(id, now: now, on: sql)
            }
            let detail: String? = verified ? nil : locks ? "conta bloqueada até \(Timestamp.string(now.addingTimeInterval(Self.lockDuration)))"
                : "senha incorreta (\(attempt))"
            try await AuditLog.record(on: sql, actor: actor, action: verified ? .login : .loginFailed,
                                      entity: User.auditEntity, entityId: String(id), detail: detail)
        }
        if verified { return user }
        throw locks ? FaturaError.accountLocked : FaturaError.invalidCredentials
    }

    /// Locks the account for `lockDuration` unless a lock is already running. The count restarts, so
    /// the first failure after the lock expires does not lock again at once.
    private func lockIfNeeded(_ id: Int, now: Date, on sql: any SQLDatabase) async throws {
        try await sql.update(User.table).set("failed_logins", to: SQLBind(0))
            .set("locked_until", to: SQLBind(Timestamp.string(now.addingTimeInterval(Self.lockDuration))))
            .where("id", .equal, SQLBind(id))
            .where { Self.notLocked($0, at: Timestamp.string(now)) }
            .run()
    }

    /// Rows with no lock running at `stamp` (never locked, or the lock expired).
    private static func notLocked<W: SQLPredicateBuilder>(_ builder: W, at stamp: String) -> W {
        builder.where(SQLColumn("locked_until"), .is, SQLLiteral.null).orWhere("locked_until", .lessThanOrEqual, SQLBind(stamp))
    }
}
