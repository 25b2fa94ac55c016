import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import ServiceLifecycle
import SQLKit
import SQLiteKit
import FaturaDomain

/// The one door to the database for every repository: `read` for queries, `write` for a single
/// statement, `transaction` for everything that must be all or nothing.
///
/// SQLite runs in WAL mode with one writer connection (guarded by a lock: SQLite has one writer
/// anyway, and a transaction keeps its connection to itself) and a small pool of read-only
/// connections on threads of their own, so a long import or a slow page never stalls `/health`
/// or the other readers. Transactions start with `BEGIN IMMEDIATE`: the write lock is taken at the
/// start, where `busy_timeout` waits for another process (a `fatura` batch) instead of failing on
/// the upgrade from read to write. PostgreSQL uses PostgresNIO's pooled client.
public final class Database: Sendable {
    public let kind: DatabaseKind
    public let logger: Logger
    private let backend: Backend

    /// Read connections of an SQLite database (each also a thread of its pool).
    public static let sqliteReaders = 4

    private enum Backend: Sendable {
        case sqlite(writer: SQLiteConnection, lock: AsyncLock, readers: SQLiteReaderPool, threads: [NIOThreadPool])
        /// The client's run loop: a task of this database's own (CLI, tests), or nil when the
        /// application's `ServiceGroup` runs the client (`services`).
        case postgres(PostgresClient, Task<Void, Never>?)
    }

    private init(kind: DatabaseKind, backend: Backend, logger: Logger) {
        self.kind = kind
        self.backend = backend
        self.logger = logger
    }

    /// What must run in the application's `ServiceGroup` for this database to work: PostgreSQL's
    /// client when it was opened with `clientAsService`; nothing for SQLite.
    public var services: [any Service] {
        if case .postgres(let client, nil) = backend { return [client] }
        return []
    }

    /// Opens (and for SQLite creates, with its folder) the database. Call `shutdown()` when done.
    /// `clientAsService`: PostgreSQL's client is not started here but listed in `services`, for the
    /// application's `ServiceGroup` to run (it then answers once the group has started); the CLI and
    /// the tests leave it false and the database runs the client itself until `shutdown()`.
    public static func open(_ location: DatabaseLocation, logger: Logger, clientAsService: Bool = false) async throws -> Database {
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let writerThread = NIOThreadPool(numberOfThreads: 1)
            let readerThreads = NIOThreadPool(numberOfThreads: sqliteReaders)
            writerThread.start()
            readerThreads.start()
            let writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: writerThread, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any()).get()
            let sql = writer.sql()
            // WAL lets readers (the pool, backups, `fatura` batch jobs) work beside the writer;
            // busy_timeout makes a second process wait instead of failing at once.
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await configure(sql)
            var readers: [SQLiteConnection] = []
            for _ in 0..<sqliteReaders {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), threadPool: readerThreads, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any()).get()
                try await configure(reader.sql())
                // A write through `read` is a bug: it fails loudly instead of racing the writer.
                try await reader.sql().raw("PRAGMA query_only = ON").run()
                readers.append(reader)
            }
            return Database(kind: .sqlite, backend: .sqlite(writer: writer, lock: AsyncLock(), readers: SQLiteReaderPool(readers),
                                                           threads: [writerThread, readerThreads]), logger: logger)
        case .postgres(let url):
            let configuration = try Self.postgresConfiguration(url)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            if clientAsService { return Database(kind: .postgres, backend: .postgres(client, nil), logger: logger) }
            let task = Task { await client.run() }
            let database = Database(kind: .postgres, backend: .postgres(client, task), logger: logger)
            // Fail at start, with a clear message, rather than on the first request.
            try await database.read { try await $0.raw("SELECT 1").run() }
            return database
        }
    }

    private static func configure(_ sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA busy_timeout = 10000").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        // 16 MB of pages per connection (SQLite's default is 2 MB): reading pages again was a tenth of
        // a worklist request on a year of data. Not mmap: mapped pages count as the process's memory
        // (the exam-rule batch peaked at 550 MB with a 256 MB map).
        try await sql.raw("PRAGMA cache_size = -16384").run()
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

    /// Runs `body` on a read connection, outside a transaction. On SQLite the connection is
    /// read-only: writes go through `write` or `transaction`.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await Self.classifying {
            switch backend {
            case .sqlite(_, _, let readers, _):
                return try await readers.with { try await body($0.sql()) }
            case .postgres(let client, _):
                return try await client.withConnection { try await body($0.sql()) }
            }
        }
    }

    /// Runs single-statement writes (a heartbeat, a timestamp) on the writer, without a transaction.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await Self.classifying {
            switch backend {
            case .sqlite(let writer, let lock, _, _):
                return try await lock.withLock { try await body(writer.sql()) }
            case .postgres(let client, _):
                return try await client.withConnection { try await body($0.sql()) }
            }
        }
    }

    /// Runs `body` in one transaction: it commits if `body` returns and rolls back if it throws,
    /// so nothing is ever half-saved.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await write { sql in
            try await sql.raw(SQLQueryString(begin)).run()
            do {
                let value = try await body(sql)
                try await sql.raw("COMMIT").run()
                return value
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                // PostgreSQL runs transactions side by side: two people numbering an appeal or
                // importing the same file at the same instant meet at a unique constraint. The one
                // that lost is told to look again, as with any stale page (SQLite has one writer).
                try? await sql.raw("ROLLBACK").run()
                throw FaturaError.concurrentChange("Outra pessoa gravou o mesmo registro neste instante: nada foi salvo. Recarregue a página e confira antes de repetir.")
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// A database that is busy (another process holds the write lock past the timeout) or gone is
    /// the server's trouble, never the client's: it becomes `FaturaError.unavailable` (503).
    static func classifying<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError where [.busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot].contains(error.reason) {
            throw FaturaError.unavailable
        }
    }

    public func shutdown() async {
        switch backend {
        case .sqlite(let writer, let lock, let readers, let threads):
            await readers.close()
            // After the writer's current work; a cancelled shutdown (the task stopping) closes it at once.
            do { try await lock.withLock { try await writer.close() } } catch { try? await writer.close() }
            for pool in threads { try? await pool.shutdownGracefully() }
        case .postgres(_, let task):
            // A client run by the ServiceGroup stops with it, after the services that use it.
            task?.cancel()
            await task?.value
        }
    }
}

/// The read-only SQLite connections, lent one at a time; a reader waits for the first one free.
actor SQLiteReaderPool {
    private var idle: [SQLiteConnection]
    private var all: [SQLiteConnection]
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []

    init(_ connections: [SQLiteConnection]) {
        idle = connections
        all = connections
    }

    private func acquire() async -> SQLiteConnection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func release(_ connection: SQLiteConnection) {
        if waiters.isEmpty { idle.append(connection) } else { waiters.removeFirst().resume(returning: connection) }
    }

    nonisolated func with<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = await acquire()
        do {
            let value = try await body(connection)
            await release(connection)
            return value
        } catch {
            await release(connection)
            throw error
        }
    }

    func close() async {
        for connection in all { try? await connection.close() }
        idle = []
    }
}
