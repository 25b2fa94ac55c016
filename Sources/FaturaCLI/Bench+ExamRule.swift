import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging
import SQLKit

/// `fatura bench exam-rule`: a 90-day window of 1 500 000 priced exam items; the product's batch on
/// it, then — on a copy of the same data — the set-based SQL a DBA would write for the same
/// reduction (`ExamRuleSetBasedSQL`), and the ratio between the two.
struct ExamRuleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exam-rule", abstract: "Regra de cobrança de exames em lote sobre 1,5 milhão de itens.")

    @Option(help: "Quantos itens de exame gerar.") var items = 1_500_000
    @Option(help: "PostgreSQL onde criar os bancos; sem ele, arquivos SQLite.") var postgres: String?
    @Option(help: "Guarda os bancos nesta pasta (SQLite: exam-rule.sqlite antes da regra, e as cópias medidas) ou não os apaga (PostgreSQL).")
    var keep: String?

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        guard (1...10_000_000).contains(items) else { throw ValidationError("Itens: de 1 a 10 milhões.") }
        let today = HospitalClock.system.today()
        let (source, dropSource) = try await BenchDatabase.make(postgres: postgres, keep: keep, name: "exam_rule", logger: logger)
        print("Gerando \(items) itens de exame (\(source.kind.rawValue))…")
        var store = try await Store.open(source, logger: logger, bcryptCost: 4)
        let companyId = try await BenchData(store: store).generateExamWindow(items: items, today: today)
        await store.shutdown()
        let (product, dropProduct) = try await BenchDatabase.copy(source, postgres: postgres, keep: keep, name: "exam_rule_batch", logger: logger)
        let (setBased, dropSetBased) = try await BenchDatabase.copy(source, postgres: postgres, keep: keep, name: "exam_rule_sql", logger: logger)
        // Both copies reach the disk before either run: the kernel writing them back would otherwise
        // slow down whichever runs first.
        sync()

        store = try await Store.open(product, logger: logger, bcryptCost: 4)
        let memoryBefore = PeakMemory.peakMB()
        var start = Date()
        let (_, report) = try await Billing(store: store).examBatch.execute(companyId: companyId, today: today, dryRun: false, by: .system)
        let batchSeconds = Date().timeIntervalSince(start)
        let batchPeak = PeakMemory.peakMB()
        await store.shutdown()
        print(String(format: "Regra em lote (produto): %.2f s; parciais %d, itens examinados %d, alterados %d, redução %@; pico de memória %.0f MB (antes %.0f MB)",
                     batchSeconds, report.partialsExamined, report.itemsExamined, report.itemsChanged,
                     BrazilianFormat.currency(Money(cents: report.reductionCents)), batchPeak, memoryBefore))

        store = try await Store.open(setBased, logger: logger, bcryptCost: 4)
        start = Date()
        let sql = try await ExamRuleSetBasedSQL.run(on: store.database, companyId: companyId, windowStart: today.adding(days: -ExamRuleBatch.windowDays))
        let sqlSeconds = Date().timeIntervalSince(start)
        await store.shutdown()
        print(String(format: "SQL em conjunto (referência de DBA, mesma cópia dos dados): %.2f s; linhas alteradas %d, redução %@",
                     sqlSeconds, sql.linesChanged, BrazilianFormat.currency(Money(cents: sql.reductionCents))))
        print(String(format: "Razão produto / SQL em conjunto: %.2f (alvo ≤ 2)", batchSeconds / sqlSeconds))
        for drop in [dropSetBased, dropProduct, dropSource] { try? await drop() }
        if let keep { print("Bancos guardados em \(keep) (\(source.kind.rawValue)).") }
    }
}

/// The yardstick, not the product's logic: the reduction as one set-based transaction — rank the
/// in-window exam lines of each draft convênio partial by band and day with a window function,
/// write the CBHPM percentages and values of the ranked lines, one audit row per changed line, and
/// stamp the partials. It ignores what the product also does (splitting quantities into incidences,
/// film kept whole, AMB and contract bands, manual percentages listed), so it is a lower bound of
/// the work.
enum ExamRuleSetBasedSQL {
    struct Outcome: Sendable {
        var linesChanged: Int
        var reductionCents: Int64
    }

    static func run(on database: Database, companyId: Int, windowStart: CalendarDay) async throws -> Outcome {
        let now = Timestamp.now()
        return try await database.transaction { sql in
            try await sql.raw("""
                CREATE TEMP TABLE bench_exam_lines AS
                SELECT r.id, r.partial_id, r.old_total, r.old_bp, r.pct, (r.base_unit_value * r.pct + 5000) / 10000 AS unit,
                       ((r.base_unit_value * r.pct + 5000) / 10000) * r.quantity / 10000 AS total
                FROM (SELECT ci.id, ci.partial_id, ci.total AS old_total, ci.exam_percentage_bp AS old_bp, ci.base_unit_value, ci.quantity,
                             CASE ROW_NUMBER() OVER (PARTITION BY ci.partial_id, g.band, ci.performed_day ORDER BY ci.id)
                                  WHEN 1 THEN 10000 WHEN 2 THEN g.cbhpm_second_bp ELSE g.cbhpm_third_bp END AS pct
                      FROM charge_items ci
                      JOIN partial_bills pb ON pb.id = ci.partial_id
                      JOIN payers p ON p.id = pb.payer_id
                      JOIN exam_group_codes c ON ci.code BETWEEN c.code_from AND c.code_to
                      JOIN exam_groups g ON g.id = c.group_id
                      WHERE pb.company_id = \(bind: companyId) AND pb.status = 'draft' AND p.billing_standard = 'convenio'
                        AND ci.performed_day >= \(bind: windowStart.iso)) r
                """).run()
            try await sql.raw("DELETE FROM bench_exam_lines WHERE total = old_total AND COALESCE(old_bp, 10000) = pct").run()
            try await sql.raw("""
                INSERT INTO audit_log (at, username, action, entity, entity_id, before_json, after_json, detail)
                SELECT \(bind: now), 'dba', 'update', 'charge_item', CAST(id AS TEXT), '{"total":"' || old_total || '"}',
                       '{"total":"' || total || '"}', 'regra de cobrança de exames (SQL em conjunto)'
                FROM bench_exam_lines
                """).run()
            try await sql.raw("""
                UPDATE charge_items SET exam_percentage_bp = l.pct, unit_value = l.unit, total = l.total, updated_at = \(bind: now)
                FROM bench_exam_lines l WHERE charge_items.id = l.id
                """).run()
            try await sql.raw("""
                UPDATE partial_bills SET exam_rule_at = \(bind: now), version = version + 1
                WHERE id IN (SELECT DISTINCT partial_id FROM bench_exam_lines)
                """).run()
            let row = try await sql.raw("SELECT COUNT(*) AS n, CAST(COALESCE(SUM(old_total - total), 0) AS BIGINT) AS r FROM bench_exam_lines").first()
            try await sql.raw("DROP TABLE bench_exam_lines").run()
            return Outcome(linesChanged: try row?.decode(column: "n", as: Int.self) ?? 0, reductionCents: try row?.decode(column: "r", as: Int64.self) ?? 0)
        }
    }
}

extension BenchDatabase {
    /// A copy of a bench database: the SQLite file (the source was closed, so its WAL is merged), or
    /// `CREATE DATABASE … TEMPLATE` on PostgreSQL.
    static func copy(_ source: DatabaseLocation, postgres: String?, keep: String?, name: String, logger: Logger) async throws
        -> (DatabaseLocation, () async throws -> Void) {
        switch source {
        case .sqlite(let path):
            let (target, drop) = try await make(postgres: nil, keep: keep, name: name, logger: logger)
            guard case .sqlite(let targetPath) = target else { return (target, drop) }
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: targetPath).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: targetPath)
            try FileManager.default.copyItem(atPath: path, toPath: targetPath)
            if FileManager.default.fileExists(atPath: path + "-wal") {
                try? FileManager.default.removeItem(atPath: targetPath + "-wal")
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: targetPath + "-wal")
            }
            return (target, drop)
        case .postgres(let url):
            guard let postgres else { return (source, {}) }
            let sourceName = String(URLComponents(string: url)?.path.dropFirst() ?? "")
            return try await postgresDatabase(on: postgres, keep: keep, name: name, template: sourceName, logger: logger)
        }
    }
}
