import FaturaStore
import Foundation
import Logging
import Testing

/// Fresh, empty databases for tests, one per test, on both engines.
///
/// SQLite: a file in a new temporary folder. PostgreSQL: a new database on the server named by
/// `FATURA_TEST_POSTGRES_URL` (scripts/test.sh starts a throwaway one). Without that variable the
/// PostgreSQL cases say so and pass locally, but under `CI=true` they fail: CI must run them.
public enum TestDatabase {
    public static let kinds: [DatabaseKind] = [.sqlite, .postgres]

    public static var logger: Logger {
        var logger = Logger(label: "fatura.tests")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a migrated store on a new database of `kind`, then removes the database.
    public static func withStore(_ kind: DatabaseKind, _ body: (Store) async throws -> Void) async throws {
        guard let location = try await makeLocation(kind) else { return }
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        do {
            try await body(store)
        } catch {
            await store.shutdown()
            try? await drop(location)
            throw error
        }
        await store.shutdown()
        try? await drop(location)
    }

    /// A location for a new empty database, or nil when PostgreSQL is not available outside CI.
    public static func makeLocation(_ kind: DatabaseKind) async throws -> DatabaseLocation? {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-test-\(UUID().uuidString)")
            return .sqlite(path: folder.appendingPathComponent("test.sqlite").path)
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment["FATURA_TEST_POSTGRES_URL"], !base.isEmpty else {
                if ProcessInfo.processInfo.environment["CI"] == "true" {
                    Issue.record("FATURA_TEST_POSTGRES_URL não definida: sob CI os testes em PostgreSQL são obrigatórios (use scripts/test.sh).")
                } else {
                    print("PostgreSQL não configurado (FATURA_TEST_POSTGRES_URL): caso PostgreSQL pulado; scripts/test.sh o executa.")
                }
                return nil
            }
            let name = "fatura_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(.postgres(url: base), logger: logger)
            do {
                try await admin.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            } catch {
                await admin.shutdown()
                throw error
            }
            await admin.shutdown()
            guard var components = URLComponents(string: base) else { return nil }
            components.path = "/" + name
            return .postgres(url: components.string ?? base)
        }
    }

    /// Removes a database made by `makeLocation`.
    public static func drop(_ location: DatabaseLocation) async throws {
        switch location {
        case .sqlite(let path):
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        case .postgres(let url):
            guard let base = ProcessInfo.processInfo.environment["FATURA_TEST_POSTGRES_URL"],
                  let name = URLComponents(string: url)?.path.dropFirst(), name.hasPrefix("fatura_t_") else { return }
            let admin = try await Database.open(.postgres(url: base), logger: logger)
            try? await admin.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await admin.shutdown()
        }
    }
}
