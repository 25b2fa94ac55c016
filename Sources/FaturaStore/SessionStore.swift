import Foundation
import SQLKit
import FaturaDomain

/// A signed-in browser: the user, the anti-forgery token of its forms and the current company.
public struct WebSession: Sendable, Equatable {
    public var id: Int
    public var user: User
    public var csrfToken: String
    public var companyId: Int?
    public var expiresAt: String
}

/// Server-side sessions. The cookie holds a random token; the table holds only its SHA-256.
public struct SessionStore: Sendable {
    let database: Database
    /// A working day and a bit: a biller signs in once per shift.
    public static let lifetime: TimeInterval = 10 * 60 * 60

    public init(database: Database) { self.database = database }

    /// Returns the cookie token (shown once, never stored in clear).
    public func create(for user: User, companyId: Int?, now: Date = Date()) async throws -> String {
        guard let userId = user.id else { throw FaturaError.notFound(entity: User.noun) }
        let token = Secrets.randomToken()
        try await database.transaction { sql in
            // Old expired sessions go away as new ones are made; no separate sweeper is needed.
            try await sql.delete(from: "sessions").where("expires_at", .lessThan, SQLBind(Timestamp.string(now))).run()
            try await sql.insert(into: "sessions")
                .columns("token_hash", "user_id", "csrf_token", "company_id", "created_at", "expires_at")
                .values(SQLBind(Secrets.sha256(token)), SQLBind(userId), SQLBind(Secrets.randomToken()), SQLBind.optional(companyId),
                        SQLBind(Timestamp.string(now)), SQLBind(Timestamp.string(now.addingTimeInterval(Self.lifetime))))
                .run()
        }
        return token
    }

    private struct Row: Decodable {
        var sessionId: Int
        var csrfToken: String
        var companyId: Int?
        var expiresAt: String
    }

    /// The live session of a cookie token, or nil when unknown, expired or its user is inactive.
    public func find(token: String, now: Date = Date()) async throws -> WebSession? {
        try await database.read { sql in
            guard let row = try await sql.select()
                .column(SQLColumn("id", table: "sessions"), as: "session_id")
                .column(SQLColumn("csrf_token", table: "sessions"))
                .column(SQLColumn("company_id", table: "sessions"))
                .column(SQLColumn("expires_at", table: "sessions"))
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
                .from("sessions")
                .join("users", on: SQLColumn("user_id", table: "sessions"), .equal, SQLColumn("id", table: "users"))
                .where(SQLColumn("token_hash", table: "sessions"), .equal, SQLBind(Secrets.sha256(token)))
                .where(SQLColumn("expires_at", table: "sessions"), .greaterThan, SQLBind(Timestamp.string(now)))
                .where(SQLColumn("active", table: "users"), .equal, SQLBind(true))
                .first()
            else { return nil }
            let session = try row.decode(model: Row.self, keyDecodingStrategy: .snakeCase)
            let user = try row.decode(model: User.self, keyDecodingStrategy: .snakeCase)
            return WebSession(id: session.sessionId, user: user, csrfToken: session.csrfToken,
                              companyId: session.companyId, expiresAt: session.expiresAt)
        }
    }

    public func setCompany(sessionId: Int, companyId: Int?) async throws {
        try await database.transaction { sql in
            try await sql.update("sessions").set("company_id", to: SQLBind.optional(companyId))
                .where("id", .equal, SQLBind(sessionId)).run()
        }
    }

    public func delete(token: String) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "sessions").where("token_hash", .equal, SQLBind(Secrets.sha256(token))).run()
        }
    }

    /// Signs a user out everywhere (after deactivation or a password change by an admin).
    public func deleteAll(userId: Int) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "sessions").where("user_id", .equal, SQLBind(userId)).run()
        }
    }
}
