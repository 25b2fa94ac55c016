import Foundation
import SQLKit
import FaturaDomain

/// API bearer tokens: created by a user for a program (the HIS integration, a script), revocable.
public struct TokenStore: Sendable {
    let database: Database
    /// Tokens start with this, so a leaked one is easy to recognise in logs and secret scanners.
    public static let tokenPrefix = "fat_"

    public init(database: Database) { self.database = database }

    /// Creates a token and returns it with its secret, which is never shown again.
    public func create(for user: User, name: String, by actor: AuditActor) async throws -> (token: APIToken, secret: String) {
        guard let userId = user.id else { throw FaturaError.notFound(entity: User.noun) }
        let label = name.trimmingSpaces()
        if label.isEmpty || label.count > 100 {
            throw FaturaError.validation([FieldError("name", "Informe um nome para o token (até 100 caracteres).")])
        }
        let secret = Self.tokenPrefix + Secrets.randomToken()
        let now = Timestamp.now()
        let prefix = String(secret.prefix(12))
        return try await database.transaction { sql in
            let id = try await InsertedId.of(sql.insert(into: "api_tokens")
                .columns("user_id", "name", "token_hash", "prefix", "created_at")
                .values(SQLBind(userId), SQLBind(label), SQLBind(Secrets.sha256(secret)), SQLBind(prefix), SQLBind(now)), table: "api_tokens")
            let token = APIToken(id: id, userId: userId, name: label, prefix: prefix, createdAt: now, lastUsedAt: nil, revokedAt: nil)
            try await AuditLog.record(on: sql, actor: actor, action: .tokenCreated, entity: "api_token", entityId: String(id), after: token)
            return (token, secret)
        }
    }

    public func list(userId: Int) async throws -> [APIToken] {
        try await database.read { sql in
            try await sql.select().column("*").from("api_tokens").where("user_id", .equal, SQLBind(userId))
                .orderBy("id", .descending)
                .all(decoding: APIToken.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// Revokes a token of `userId` (users revoke their own; an admin may name any user).
    public func revoke(id: Int, userId: Int?, by actor: AuditActor) async throws {
        try await database.transaction { sql in
            var select = sql.select().column("*").from("api_tokens").where("id", .equal, SQLBind(id))
            if let userId { select = select.where("user_id", .equal, SQLBind(userId)) }
            guard let before = try await select.first(decoding: APIToken.self, keyDecodingStrategy: .snakeCase) else {
                throw FaturaError.notFound(entity: "token")
            }
            if before.isRevoked { return }
            var after = before
            after.revokedAt = Timestamp.now()
            try await sql.update("api_tokens").set("revoked_at", to: SQLBind(after.revokedAt)).where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(on: sql, actor: actor, action: .tokenRevoked, entity: "api_token", entityId: String(id),
                                      before: before, after: after)
        }
    }

    /// The active user behind a bearer token, or nil (unknown, revoked, or user inactive).
    /// `last_used_at` is written at most once a minute, so API calls do not queue on the writer.
    public func authenticate(secret: String, now: Date = Date()) async throws -> User? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.count <= 200 else { return nil }
        let hash = Secrets.sha256(secret)
        let found: (Int, String?, User)? = try await database.read { sql in
            guard let row = try await sql.select()
                .column(SQLColumn("id", table: "api_tokens"), as: "token_id")
                .column(SQLColumn("last_used_at", table: "api_tokens"), as: "token_last_used_at")
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
                .from("api_tokens")
                .join("users", on: SQLColumn("user_id", table: "api_tokens"), .equal, SQLColumn("id", table: "users"))
                .where(SQLColumn("token_hash", table: "api_tokens"), .equal, SQLBind(hash))
                .where(SQLColumn("revoked_at", table: "api_tokens"), .is, SQLLiteral.null)
                .where(SQLColumn("active", table: "users"), .equal, SQLBind(true))
                .first()
            else { return nil }
            return (try row.decode(column: "token_id", as: Int.self), try row.decode(column: "token_last_used_at", as: String?.self),
                    try row.decode(model: User.self, keyDecodingStrategy: .snakeCase))
        }
        guard let (tokenId, lastUsed, user) = found else { return nil }
        if lastUsed.flatMap(Timestamp.date).map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await database.write { sql in
                try await sql.update("api_tokens").set("last_used_at", to: SQLBind(Timestamp.string(now)))
                    .where("id", .equal, SQLBind(tokenId)).run()
            }
        }
        return user
    }

    /// Revokes every live token of a user (password reset, deactivation), inside the caller's transaction.
    static func revokeAll(userId: Int, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("api_tokens").set("revoked_at", to: SQLBind(now))
            .where("user_id", .equal, SQLBind(userId)).where("revoked_at", .is, SQLLiteral.null).run()
    }
}
