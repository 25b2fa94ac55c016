@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import SQLKit
import Testing

/// kill -9 in the middle of the exam-rule batch and of a HIS import (the `fatura` command, as the
/// hospital runs them), then restart or resend, and compare with a clean run on a copy of the same
/// data: the stored lines, partials and audit must be equal. `.serialized`: each case spawns a
/// process, and two at once on two cores would make the timing of the kill meaningless.
@Suite(.serialized) struct CrashTests {
    @Test(arguments: TestDatabase.kinds)
    func killedExamRuleBatchThenRerunEqualsACleanRun(_ kind: DatabaseKind) async throws {
        guard let killed = try await CrashTests.killedBatch(kind) else { return }
        let (companyId, today) = (killed.companyId, killed.today)
        var store = try await Store.open(killed.location, logger: TestDatabase.logger, bcryptCost: 4)

        // Restart: the dead run is recognised at once (its process is gone) and the rerun finishes the work.
        let (_, report) = try await store.billing.examBatch.execute(companyId: companyId, today: today, dryRun: false, by: .system)
        let runs = try await store.billing.examBatch.recent(companyId: companyId)
        #expect(runs.count == 2 && runs.last?.status == .failed && runs.last?.error?.hasPrefix("Interrompida (o processo que a executava terminou)") == true)
        #expect(report.partialsLeft.isEmpty)
        let afterRerun = try await CrashTests.snapshot(store)
        await store.shutdown()
        try await CrashTests.expectEqualsACleanRun(afterRerun, killed)
    }

    /// The same kill, then `fatura jobs run` as a restarted server's runner would: the job the killed
    /// process left running goes back to the queue, is resumed (its second attempt) and finishes with
    /// what a clean run leaves.
    @Test(arguments: TestDatabase.kinds)
    func killedBatchJobIsResumedAndEqualsACleanRun(_ kind: DatabaseKind) async throws {
        guard let fatura = try CrashTests.binary(), let killed = try await CrashTests.killedBatch(kind) else { return }
        let resume = try CrashTests.spawn(fatura, ["jobs", "run", "--database", CrashTests.argument(killed.location)])
        resume.waitUntilExit()
        #expect(resume.terminationStatus == 0)
        let store = try await Store.open(killed.location, logger: TestDatabase.logger, bcryptCost: 4)
        let jobs = try await store.billing.jobs.list()
        #expect(jobs.map(\.status) == [.done])
        #expect(jobs.first?.attempts == 2)
        let runs = try await store.billing.examBatch.recent(companyId: killed.companyId)
        #expect(runs.map(\.status) == [.done, .failed])
        let afterResume = try await CrashTests.snapshot(store)
        await store.shutdown()
        try await CrashTests.expectEqualsACleanRun(afterResume, killed)
    }

    @Test(arguments: TestDatabase.kinds)
    func killedHISImportThenResentEqualsACleanImport(_ kind: DatabaseKind) async throws {
        guard let fatura = try CrashTests.binary() else { return }
        guard let killed = try await TestDatabase.makeLocation(kind), let clean = try await TestDatabase.makeLocation(kind) else { return }
        var store = try await Store.open(killed, logger: TestDatabase.logger, bcryptCost: 4)
        let fixture = try await PricingFixture.make(store)
        await store.shutdown()
        try await CrashTests.copy(killed, to: clean)
        // 1 500 encounters of 4 items each, in one document as the HIS sends at night.
        let document = HISDocument(encounters: (0..<1_500).map { n in
            HISEncounter(externalId: "ATD-\(n)", companyCnpj: PricingFixture.cnpj, payerAnsRegistry: "123455", type: "sadt", originSector: nil,
                         startedAt: "2026-11-02T08:00", patient: HISPatient(externalId: "PAC-\(n)", name: "Paciente \(n)"),
                         partials: [HISPartial(externalId: "P-\(n)", periodStart: "2026-11-01", periodEnd: "2026-11-30",
                                               items: (0..<4).map { PricingFixture.item("I-\(n)-\($0)", at: "2026-11-0\($0 + 3)T10:00") })])
        })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("his-\(UUID().uuidString).json")
        try JSONEncoder().encode(document).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        // The clean import tells how long one takes; the other is killed halfway through.
        let started = Date()
        let cleanRun = try CrashTests.spawn(fatura, ["import", "encounters", file.path, "--database", CrashTests.argument(clean)])
        cleanRun.waitUntilExit()
        #expect(cleanRun.terminationStatus == 0)
        let duration = Date().timeIntervalSince(started)
        let process = try CrashTests.spawn(fatura, ["import", "encounters", file.path, "--database", CrashTests.argument(killed)])
        try await Task.sleep(for: .milliseconds(Int(duration * 500)))
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        // Resent after the restart: the same as the clean import.
        store = try await Store.open(killed, logger: TestDatabase.logger, bcryptCost: 4)
        #expect(try await CrashTests.scalar("SELECT COUNT(*) AS n FROM charge_items", store) == 0)
        let report = try await store.billing.his.ingest(document, by: AuditActor(userId: nil, username: "cli"))
        #expect(report.itemsCreated == 6_000)
        let resent = try await CrashTests.snapshot(store)
        await store.shutdown()
        store = try await Store.open(clean, logger: TestDatabase.logger, bcryptCost: 4)
        let cleanSnapshot = try await CrashTests.snapshot(store)
        await store.shutdown()
        #expect(resent.lines.count == 6_000)
        #expect(resent.lines == cleanSnapshot.lines)
        #expect(resent.partials == cleanSnapshot.partials)
        _ = fixture
        try await TestDatabase.drop(killed)
        try await TestDatabase.drop(clean)
    }
}

extension CrashTests {
    /// A generated 90-day window (and a clean copy of it), and `fatura exam-rule batch` on it killed
    /// with SIGKILL once its first partials are committed.
    struct KilledBatch {
        var location: DatabaseLocation
        var clean: DatabaseLocation
        var companyId: Int
        var today: CalendarDay
    }

    static func killedBatch(_ kind: DatabaseKind) async throws -> KilledBatch? {
        guard let fatura = try CrashTests.binary() else { return nil }
        guard let killed = try await TestDatabase.makeLocation(kind), let clean = try await TestDatabase.makeLocation(kind) else { return nil }
        let today = CalendarDay(iso: "2026-11-23")!
        var store = try await Store.open(killed, logger: TestDatabase.logger, bcryptCost: 4)
        let companyId = try await BenchData(store: store).generateExamWindow(items: 15_000, today: today)
        await store.shutdown()
        try await CrashTests.copy(killed, to: clean)

        // The batch as the CLI runs it; killed once its first partials are committed.
        let process = try CrashTests.spawn(fatura, ["exam-rule", "batch", "--company", String(companyId), "--today", today.iso,
                                                    "--database", CrashTests.argument(killed)])
        store = try await Store.open(killed, logger: TestDatabase.logger, bcryptCost: 4)
        var committed = 0
        for _ in 0..<3_000 where committed == 0 && process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
            committed = try await CrashTests.scalar("SELECT COALESCE(MAX(partials_changed), 0) AS n FROM exam_rule_runs", store)
        }
        #expect(process.isRunning, "o lote terminou antes de ser interrompido: aumente os dados do teste")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let total = try await CrashTests.scalar("SELECT COUNT(DISTINCT partial_id) AS n FROM charge_items", store)
        let stamped = try await CrashTests.scalar("SELECT COUNT(*) AS n FROM partial_bills WHERE exam_rule_at IS NOT NULL", store)
        #expect(committed > 0 && stamped < total, "interrompido no meio: \(stamped) de \(total) parciais carimbadas")
        await store.shutdown()
        return KilledBatch(location: killed, clean: clean, companyId: companyId, today: today)
    }

    /// The batch run whole on the clean copy leaves what `snapshot` says (lines, partials, audit
    /// counts); then both databases go.
    static func expectEqualsACleanRun(_ snapshot: Snapshot, _ killed: KilledBatch) async throws {
        let store = try await Store.open(killed.clean, logger: TestDatabase.logger, bcryptCost: 4)
        _ = try await store.billing.examBatch.execute(companyId: killed.companyId, today: killed.today, dryRun: false, by: .system)
        let afterClean = try await CrashTests.snapshot(store)
        await store.shutdown()
        #expect(snapshot.lines.count > 10_000)
        #expect(snapshot.lines == afterClean.lines)
        #expect(snapshot.partials == afterClean.partials)
        #expect(snapshot.audits == afterClean.audits)
        try await TestDatabase.drop(killed.location)
        try await TestDatabase.drop(killed.clean)
    }

    struct Snapshot: Equatable {
        var lines: [String]
        var partials: [String]
        var audits: [String]
    }

    /// What a run leaves, by external ids (a split line's own id depends on insertion order).
    static func snapshot(_ store: Store) async throws -> Snapshot {
        try await store.database.read { sql in
            let lines = try await sql.raw("""
                SELECT ci.external_id || ':' || ci.quantity || ':' || ci.unit_value || ':' || ci.total || ':' || COALESCE(CAST(ci.exam_percentage_bp AS TEXT), '-')
                       || ':' || COALESCE(CAST(ci.exam_incidence AS TEXT), '-') || ':' || COALESCE(o.external_id, '-') || ':' || ci.pricing_status AS line
                FROM charge_items ci LEFT JOIN charge_items o ON o.id = ci.split_from_id ORDER BY ci.external_id
                """).all().map { try $0.decode(column: "line", as: String.self) }
            let partials = try await sql.raw("""
                SELECT external_id || ':' || version || ':' || status || ':' || CASE WHEN exam_rule_at IS NULL THEN 'no' ELSE 'yes' END AS line
                FROM partial_bills ORDER BY external_id
                """).all().map { try $0.decode(column: "line", as: String.self) }
            let audits = try await sql.raw("""
                SELECT entity || ':' || action || ':' || COUNT(*) AS line FROM audit_log WHERE entity IN ('charge_item', 'partial')
                GROUP BY entity, action ORDER BY entity, action
                """).all().map { try $0.decode(column: "line", as: String.self) }
            return Snapshot(lines: lines, partials: partials, audits: audits)
        }
    }

    static func scalar(_ query: String, _ store: Store) async throws -> Int {
        try await store.database.read { try await $0.raw(SQLQueryString(query)).first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    /// The `fatura` command of this build (scripts/test.sh builds it with the tests).
    static func binary() throws -> URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/fatura")
        if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(binary.path) não existe: sob CI os testes de interrupção são obrigatórios (swift build --build-tests o constrói).")
        } else {
            print("\(binary.path) não existe: testes de interrupção pulados.")
        }
        return nil
    }

    static func spawn(_ binary: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func argument(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): path
        case .postgres(let url): url
        }
    }

    /// A copy of a database just written and closed: the SQLite file, or a PostgreSQL template copy.
    static func copy(_ source: DatabaseLocation, to target: DatabaseLocation) async throws {
        switch (source, target) {
        case (.sqlite(let from), .sqlite(let to)):
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: to).deletingLastPathComponent().path, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: from + suffix) {
                try? FileManager.default.removeItem(atPath: to + suffix)
                try FileManager.default.copyItem(atPath: from + suffix, toPath: to + suffix)
            }
        case (.postgres(let from), .postgres(let to)):
            guard let base = ProcessInfo.processInfo.environment["FATURA_TEST_POSTGRES_URL"],
                  let source = URLComponents(string: from)?.path.dropFirst(), let name = URLComponents(string: to)?.path.dropFirst() else { return }
            let admin = try await Database.open(.postgres(url: base), logger: TestDatabase.logger)
            try await admin.read { try await $0.raw("DROP DATABASE \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            try await admin.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: String(name)) TEMPLATE \(unsafeRaw: String(source))").run() }
            await admin.shutdown()
        default:
            Issue.record("cópia entre bancos de tipos diferentes")
        }
    }
}
