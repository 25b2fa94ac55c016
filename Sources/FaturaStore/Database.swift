import Foundation
import Logging
import PostgresKit
import SQLKit
import SQLiteKit
import FaturaDomain

/// The one door to the database for every repository: a connection for reads, a transaction for writes.
///
/// SQLite runs on a single connection guarded by a lock (SQLite has one writer anyway, and a single
/// connection makes a transaction truly exclusive). PostgreSQL uses PostgresNIO's pooled client.
public final class Database: Sendable {
    public let kind: DatabaseKind
    public let logger: Logger
    private let backend: Backend

    private enum Backend: Sendable {
        case sqlite(SQLiteConnection, AsyncLock)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    private init(kind: DatabaseKind, backend: Backend, logger: Logger) {
        self.kind = kind
        self.backend = backend
        self.logger = logger
    }

    /// Opens (and for SQLite creates, with its folder) the database. Call `shutdown()` when done.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            let sql = connection.sql()
            // WAL lets readers of other processes (backups, `fatura` batch jobs) work beside the server;
            // busy_timeout makes a second process wait instead of failing at once.
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA busy_timeout = 10000").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
            return Database(kind: .sqlite, backend: .sqlite(connection, AsyncLock()), logger: logger)
        case .postgres(let url):
            let configuration = try Self.postgresConfiguration(url)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let task = Task { await client.run() }
            let database = Database(kind: .postgres, backend: .postgres(client, task), logger: logger)
            // Fail at start, with a clear message, rather than on the first request.
            try await database.read { try await $0.raw("SELECT 1").run() }
            return database
        }
    }

    static func postgresConfiguration(_ url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw FaturaError.badRequest("FATURA_DATABASE_URL inválida: use postgres://usuario:senha@host:porta/banco")
        }
        let databaseName = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
        let tls: PostgresClient.Configuration.TLS = sslmode == "require" ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password, database: databaseName.isEmpty ? nil : databaseName, tls: tls)
        configuration.options.maximumConnections = 10
        return configuration
    }

    /// Runs `body` on one connection, outside a transaction (reads, single statements).
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let connection, let lock):
            return try await lock.withLock { try await body(connection.sql()) }
        case .postgres(let client, _):
            return try await client.withConnection { try await body($0.sql()) }
        }
    }

    /// Runs `body` in one transaction: it commits if `body` returns and rolls back if it throws,
    /// so nothing is ever half-saved.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read { sql in
            try await sql.raw("BEGIN").run()
            do {
                let value = try await body(sql)
                try await sql.raw("COMMIT").run()
                return value
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func shutdown() async {
        switch backend {
        case .sqlite(let connection, let lock):
            try? await lock.withLock { try await connection.close() }
        case .postgres(_, let task):
            task.cancel()
            await task.value
        }
    }
}
