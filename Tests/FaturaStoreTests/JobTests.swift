@testable import FaturaBilling
import FaturaDomain
@testable import FaturaStore
import FaturaTestSupport
import Foundation
import Logging
import ServiceLifecycle
import SQLKit
import Testing

/// Background jobs: queued work claimed once, run by the application's runner, put back in the queue
/// by a shutdown or a dead process, and resumed with the same result as an uninterrupted run.
@Suite struct JobTests {
    let today = CalendarDay(iso: "2026-11-23")!

    /// The AMB 100/70/50 of the fixture's three CTs (500,00 / 400,00 with 50,00 of film / 300,00):
    /// 500,00; (400,00 − 50,00) × 70% + 50,00 = 295,00; 300,00 × 50% = 150,00.
    let reduced: [String: [Int64]] = ["OK-A": [50_000], "OK-B": [29_500], "OK-C": [15_000]]
    let untouched: [String: [Int64]] = ["OK-A": [50_000], "OK-B": [40_000], "OK-C": [30_000]]

    /// The fixture's payer with one partial of three CTs on 10/11/2026, and the services on `today`.
    func withExamPartial(_ kind: DatabaseKind, _ body: (Billing, ExamFixture, ID<PartialBill>) async throws -> Void) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            try await body(store.billing(on: today), f, try await f.ingest(partial: "OK", day: "2026-11-10"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aJobIsClaimedOnce(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let jobs = store.billing(on: today).jobs
            let id = try await jobs.enqueue(ExamRuleBatchJob(companyId: f.companyId, today: today, dryRun: false), by: .system)
            let first = try #require(try await jobs.claim())
            #expect(first.id == id && first.status == .running && first.attempts == 1 && first.processId == ProcessLiveness.processId)
            #expect(try await jobs.claim() == nil)
            #expect(try await jobs.claim(id) == nil)
            // A running job of a live process (this one) is no orphan.
            #expect(try await jobs.recoverOrphans().isEmpty)
        }
    }

    /// Cancelled at its first unit (a shutdown): back in the queue with nothing written; claimed
    /// again, it resumes in a new run, records the old one as interrupted, and writes the AMB values.
    @Test(arguments: TestDatabase.kinds)
    func anInterruptedJobIsResumedWithTheSameResult(_ kind: DatabaseKind) async throws {
        try await withExamPartial(kind) { billing, f, ok in
            let runner = JobRunner(billing: billing, logger: TestDatabase.logger)
            let runId = try await billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            let id = try await billing.jobs.enqueue(ExamRuleBatchJob(companyId: f.companyId, today: today, dryRun: false, runId: runId), by: .system)
            let job = try #require(try await billing.jobs.claim(id))
            let interrupted = Task {
                withUnsafeCurrentTask { $0?.cancel() } // the shutdown came first
                await runner.execute(job)
            }
            await interrupted.value
            let queued = try #require(try await billing.jobs.get(id))
            #expect(queued.status == .queued)
            #expect(queued.error?.hasPrefix("Interrompida: o servidor foi desligado") == true)
            #expect(try await f.values(ok) == untouched)

            let resumed = try #require(try await billing.jobs.claim())
            #expect(resumed.id == id && resumed.attempts == 2)
            await runner.execute(resumed)
            let done = try #require(try await billing.jobs.get(id))
            #expect(done.status == .done)
            let result = try JSONDecoder().decode(ExamRuleBatchJobResult.self, from: Data(try #require(done.result).utf8))
            #expect(result.runId != runId && result.itemsChanged == 2)
            #expect(try await f.values(ok) == reduced)
            #expect(try await billing.examBatch.get(runId)?.status == .failed)
        }
    }

    /// The runner as a service of the application: it runs what is queued and stops on shutdown.
    @Test(arguments: TestDatabase.kinds)
    func theRunnerServiceRunsQueuedJobs(_ kind: DatabaseKind) async throws {
        try await withExamPartial(kind) { billing, f, ok in
            let id = try await billing.jobs.enqueue(ExamRuleBatchJob(companyId: f.companyId, today: today, dryRun: false), by: .system)
            let runner = JobRunner(billing: billing, logger: TestDatabase.logger, pollInterval: .milliseconds(20))
            let group = ServiceGroup(configuration: .init(services: [runner], logger: TestDatabase.logger))
            let service = Task { try await group.run() }
            var job = try await billing.jobs.get(id)
            for _ in 0..<500 where job?.status != .done {
                try await Task.sleep(for: .milliseconds(20))
                job = try await billing.jobs.get(id)
            }
            await group.triggerGracefulShutdown()
            try await service.value
            #expect(job?.status == .done && job?.attempts == 1)
            // One partial in the window, examined: the job's progress says so.
            #expect(job?.progressDone == 1 && job?.progressTotal == 1)
            #expect(try await f.values(ok) == reduced)
        }
    }

    /// A job row with a kind or status this version does not know stops with the clear error.
    @Test(arguments: TestDatabase.kinds)
    func anUnknownStoredStatusOrKindIsRefused(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let jobs = store.billing.jobs
            let id = try await jobs.enqueue(ExamRuleBatchJob(companyId: f.companyId, today: today, dryRun: false), by: .system)
            try await store.database.write { try await $0.update("jobs").set("status", to: SQLBind("paused")).where("id", .equal, SQLBind(id)).run() }
            await #expect(throws: FaturaError.storedValueInvalid(table: "jobs", column: "status", value: "paused")) { _ = try await jobs.get(id) }
            try await store.database.write {
                try await $0.update("jobs").set("status", to: SQLBind("queued")).set("kind", to: SQLBind("tiss_export")).where("id", .equal, SQLBind(id)).run()
            }
            await #expect(throws: FaturaError.storedValueInvalid(table: "jobs", column: "kind", value: "tiss_export")) { _ = try await jobs.claim() }
        }
    }
}

/// The hospital's clock, injected: deadlines and document numbers follow the day the clock says,
/// not the machine's today.
@Suite struct InjectedClockTests {
    /// Thursday 19/11/2026; Friday 20/11 is a national holiday (Consciência Negra), then a weekend.
    @Test(arguments: TestDatabase.kinds)
    func aDeadlineCountsFromTheClocksDay(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let partialId = try await f.cleanPartial("P-1")
            let billing = store.billing(on: CalendarDay(iso: "2026-11-19")!)
            // Missing signature: 2 business days from Thursday 19/11 skip the holiday and the weekend: Mon 23, Tue 24.
            let nc = try await billing.nonConformities.register(.init(partialId: partialId, typeId: f.types["assinatura"], note: "Sem assinatura"),
                                                                by: NonConformityFixture.ana)
            #expect(nc.foundOn == CalendarDay(iso: "2026-11-19"))
            #expect(nc.dueOn == CalendarDay(iso: "2026-11-24"))
            // The document issued on the clock's day carries its year: on 04/01/2027, DEV-2027-….
            let january = store.billing(on: CalendarDay(iso: "2027-01-04")!)
            let document = try await january.recordReturns.generate(companyId: f.base.companyId, sectorId: nc.sectorId, by: NonConformityFixture.ana)
            #expect(document.number == "DEV-2027-00001")
            // Sent back on Monday 04/01/2027 (a plain week): 2 business days → Wednesday 06/01/2027.
            let id = try #require(nc.id)
            try await january.nonConformities.act(id, .correct, note: "Assinado", by: NonConformityFixture.imagem)
            try await january.nonConformities.act(id, .sendBack, note: "Falta o carimbo", by: NonConformityFixture.ana)
            let entry = try #require(try await store.nonConformityQueries.entries(.init(sectorId: nc.sectorId)).first { $0.id == id })
            #expect(entry.dueOn == "2027-01-06")
        }
    }

    @Test func aFixedClockSaysItsDayInTheHospitalsZone() {
        let clock = HospitalClock.fixed(CalendarDay(iso: "2026-12-31")!, hour: 23, timeZone: TimeZone(identifier: "America/Sao_Paulo")!)
        #expect(clock.today() == CalendarDay(iso: "2026-12-31"))
        // 23:00 in São Paulo (UTC−3) is 02:00 of the next day in UTC, as stored.
        #expect(clock.timestamp() == "2027-01-01T02:00:00Z")
        #expect(clock.display(clock.timestamp()) == "31/12/2026 23:00")
    }
}

/// The application runs PostgreSQL's client in its ServiceGroup; the CLI and the tests let the
/// database run it. SQLite has nothing to run.
@Suite struct DatabaseServicesTests {
    @Test(arguments: TestDatabase.kinds)
    func theClientIsAServiceOnlyWhenAsked(_ kind: DatabaseKind) async throws {
        guard let location = try await TestDatabase.makeLocation(kind) else { return }
        let own = try await Database.open(location, logger: TestDatabase.logger)
        #expect(own.services.isEmpty)
        await own.shutdown()
        let asService = try await Database.open(location, logger: TestDatabase.logger, clientAsService: true)
        #expect(asService.services.count == (kind == .postgres ? 1 : 0))
        await asService.shutdown()
        try? await TestDatabase.drop(location)
    }
}
