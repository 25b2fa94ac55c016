import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging
import SQLKit

/// `fatura bench …`: speed is measured here, never in timed tests.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mede o desempenho em dados gerados.", subcommands: [PricingBench.self, ExamRuleBench.self, WorklistBench.self, TISSBench.self, InvoiceBench.self, StatementsBench.self, MapBench.self, ProposalBench.self])
}

/// A month of a large hospital: ≥ 300 000 items over ~60 000 partials of six payers; then every
/// draft item is priced from the contracts, and the time and the process's peak memory reported.
struct PricingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pricing", abstract: "Precifica um mês gerado (≥ 300 000 itens).")

    @Option(help: "Quantos itens gerar.") var items = 300_000
    @Option(help: "PostgreSQL onde criar (e apagar) um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?
    @Option(help: "Itens por lote (e por transação) ao precificar.") var batch = 2_000

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        do {
            print("Banco: \(location.kind.rawValue). Gerando \(items) itens…")
            let generated = Date()
            let companyId = try await BenchData(store: store).generate(items: items)
            print(String(format: "Gerados em %.1f s (fora da medida).", Date().timeIntervalSince(generated)))
            let rssBefore = PeakMemory.currentMB()
            let start = Date()
            let summary = try await Billing(store: store).pricing.priceDraftItems(companyId: companyId, batchSize: batch)
            let seconds = Date().timeIntervalSince(start)
            let count = summary.priced + summary.unpriced
            let itemsPerSecond = Double(count) / seconds
            print(String(format: "Precificação: %d itens (%d com preço, %d sem) em %.2f s = %.0f itens/s",
                         count, summary.priced, summary.unpriced, seconds, itemsPerSecond))
            print(String(format: "Memória: residente antes %.0f MB; pico do processo %.0f MB", rssBefore, PeakMemory.peakMB()))
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
        await store.shutdown()
        try? await cleanup()
    }
}

enum PeakMemory {
    /// The process's peak resident set (Linux reports ru_maxrss in KiB).
    static func peakMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Starts the peak over from what is resident now (Linux: `5` into `/proc/self/clear_refs`
    /// resets VmHWM), so a measure's peak leaves out what the bench generated before it.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The peak resident set since the last `resetPeak` (VmHWM).
    static func peakSinceResetMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return peakMB() }
        return kib / 1024
    }

    static func currentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}

enum BenchDatabase {
    /// A new database on the PostgreSQL server (empty, or a copy of `template`), kept under a fixed
    /// name with `keep`, else under a random one and dropped by the returned closure.
    static func postgresDatabase(on postgres: String, keep: String?, name: String, template: String?, logger: Logger) async throws
        -> (DatabaseLocation, () async throws -> Void) {
        let database = "fatura_bench_" + (keep == nil ? UUID().uuidString.prefix(8).lowercased() : name.lowercased().filter { $0.isLetter || $0 == "_" })
        let admin = try await Database.open(.postgres(url: postgres), logger: logger)
        if keep != nil { try await admin.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)").run() } }
        let copying = template.map { " TEMPLATE \($0)" } ?? ""
        try await admin.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: database)\(unsafeRaw: copying)").run() }
        await admin.shutdown()
        var components = URLComponents(string: postgres)
        components?.path = "/" + database
        let location = DatabaseLocation.postgres(url: components?.string ?? postgres)
        if keep != nil { return (location, {}) }
        return (location, {
            let admin = try await Database.open(.postgres(url: postgres), logger: logger)
            try await admin.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)").run() }
            await admin.shutdown()
        })
    }

    /// A fresh database: a temporary SQLite file (or `keep`/`name` kept for inspection), or a new
    /// PostgreSQL database on the given server (kept, and named, when `keep` is set).
    static func make(postgres: String?, keep: String? = nil, name: String = "bench", logger: Logger) async throws -> (DatabaseLocation, () async throws -> Void) {
        guard let postgres else {
            if let keep {
                try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                let path = URL(fileURLWithPath: keep).appendingPathComponent("\(name).sqlite").path
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                return (.sqlite(path: path), {})
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-bench-\(UUID().uuidString)")
            return (.sqlite(path: folder.appendingPathComponent("\(name).sqlite").path), { try FileManager.default.removeItem(at: folder) })
        }
        return try await postgresDatabase(on: postgres, keep: keep, name: name, template: nil, logger: logger)
    }
}

