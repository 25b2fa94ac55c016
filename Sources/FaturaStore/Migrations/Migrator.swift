import Foundation
import Logging
import SQLKit

/// Brings a database up to the newest schema. Each migration runs in its own transaction and is
/// recorded, so running it again does nothing and a failure leaves the previous version intact.
public struct Migrator: Sendable {
    let database: Database
    let migrations: [Migration]

    public init(database: Database, migrations: [Migration] = Migration.all) {
        self.database = database
        self.migrations = migrations
    }

    /// Returns the versions it applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await database.write { sql in
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """).run()
        }
        let applied = try await appliedVersions()
        var done: [Int] = []
        let kind = database.kind
        for migration in migrations where !applied.contains(migration.version) {
            try await database.transaction { sql in
                for statement in migration.statements(kind) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await migration.body?(sql, kind)
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Timestamp.now()))
                    .run()
            }
            database.logger.info("migração aplicada", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            done.append(migration.version)
        }
        return done
    }

    public func appliedVersions() async throws -> Set<Int> {
        try await database.read { sql in
            let rows = try await sql.raw("SELECT version FROM schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        }
    }
}
