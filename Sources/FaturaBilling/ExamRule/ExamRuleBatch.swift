import Foundation
import FaturaDomain
import FaturaStore

/// "Regra de Cobrança de Exames em Lote" (DOMAIN.md §3.8): every draft partial of one company whose
/// payer is billed as a convênio (not SUS, not Particular), for the exam groups whose day lies in the
/// last 90 days. One transaction per partial; manual percentages are kept and listed; closed partials
/// are never touched. A run is recorded with its progress and report, and one company has at most
/// one run at a time.
public struct ExamRuleBatch: BillingService {
    let context: ServiceContext
    public static let windowDays = 90
    /// A run that stopped beating for this long was killed: a new run may start (`BatchRunLiveness`).
    public static let staleAfter = TimeInterval(BatchRunLiveness.staleAfterSeconds)

    public typealias Report = ExamRuleBatchReport
    public typealias Run = ExamRuleRun

    /// Registers a run, or refuses when one is already running for the company.
    public func start(companyId: Int, today: CalendarDay, dryRun: Bool, by actor: AuditActor, now: Date? = nil) async throws -> Int {
        let windowStart = today.adding(days: -Self.windowDays)
        let now = now ?? clock.now()
        return try await database.transaction { tx in
            for run in try await ExamRuleRunRepository.running(companyId: companyId, on: tx) {
                let silence = Timestamp.date(run.heartbeatAt).map { Int(now.timeIntervalSince($0)) } ?? Int.max
                let alive: Bool? = run.host == ProcessLiveness.host ? run.processId.map(ProcessLiveness.isAlive) : nil
                if BatchRunLiveness.isDead(secondsSinceHeartbeat: silence, processAlive: alive) {
                    let why = alive == false ? "o processo que a executava terminou" : "sem sinal de vida há \(silence / 60) min"
                    try await ExamRuleRunRepository.markInterrupted(
                        run.id, error: Self.interrupted(run, why: why) + " Execute de novo para concluir.",
                        at: Timestamp.string(now), on: tx)
                } else {
                    throw FaturaError.batchRunning("Já há uma execução da regra em lote para esta coligada, iniciada por \(run.startedBy) em \(clock.display(run.startedAt)) e ativa (último sinal há \(silence) s). Aguarde o fim dela.")
                }
            }
            return try await ExamRuleRunRepository.insert(companyId: companyId, dryRun: dryRun, startedBy: actor.username, windowStart: windowStart,
                                                          at: Timestamp.string(now), on: tx)
        }
    }

    /// Why a run stopped and what it had committed (the chunks written stay written).
    static func interrupted(_ run: Run, why: String) -> String {
        "Interrompida (\(why)). \(run.itemsChanged) item(ns) de \(run.partialsChanged) parcial(is) foram alterados e gravados; as demais ficaram como estavam."
    }

    /// Records a run that will not go on as interrupted, with what it committed.
    public func interrupt(_ runId: Int, why: String) async throws {
        let now = clock.timestamp()
        try await database.transaction { tx in
            guard let run = try await ExamRuleRunRepository.get(runId, on: tx), run.isRunning else { return }
            try await ExamRuleRunRepository.markInterrupted(
                runId, error: Self.interrupted(run, why: why),
                at: now, on: tx)
        }
    }

    /// Processes a started run to the end and records its report.
    @discardableResult
    public func run(_ runId: Int, by actor: AuditActor, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Report {
        do {
            guard let run = try await get(runId) else { throw FaturaError.notFound(entity: "execução") }
            let report = try await process(run, actor: actor, progress: progress)
            try await finish(runId, status: .done, report: report, error: nil)
            return report
        } catch is CancellationError {
            // The application is shutting down: the chunks written stay written (their counters with
            // them); recorded in a task of its own, which the cancellation does not reach.
            await Task {
                try? await finish(runId, status: .failed, report: nil,
                                  error: "Interrompida: o servidor foi desligado durante a execução. O que foi gravado ficou gravado; execute de novo para concluir.")
            }.value
            throw CancellationError()
        } catch {
            try? await finish(runId, status: .failed, report: nil, error: (error as? FaturaError)?.message ?? String(describing: error))
            throw error
        }
    }

    /// Start and run, for the command line.
    public func execute(companyId: Int, today: CalendarDay, dryRun: Bool, by actor: AuditActor,
                        progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> (Int, Report) {
        let id = try await start(companyId: companyId, today: today, dryRun: dryRun, by: actor)
        return (id, try await run(id, by: actor, progress: progress))
    }

    func process(_ run: Run, actor: AuditActor, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Report {
        let windowStart = try run.windowStartDay()
        let companyId = run.companyId
        // Loaded once: the groups, the contracts of the company's payers and which partials qualify.
        let (groups, contracts, partialIds) = try await database.read { tx -> ([ExamGroup], [Contract], [ID<PartialBill>]) in
            let (groups, contracts) = try await ExamRuleRepository.batchBook(companyId: companyId, on: tx)
            return (groups, contracts, try await ExamRuleRepository.eligiblePartials(companyId: companyId, windowStart: windowStart, on: tx))
        }
        try await database.write { tx in try await ExamRuleRunRepository.setTotal(run.id, partials: partialIds.count, on: tx) }
        let book = PriceBook(contracts: contracts)
        let context = ChunkContext(groups: groups, book: book, windowStart: windowStart)
        var report = Report()
        var lastBeat = Date()
        let chunks = partialIds.chunked(Self.partialsPerTransaction).map(Array.init)
        // Pipelined: while one chunk is written, the next is read and planned on a read connection
        // (two cores busy instead of one). A plan read outside the write is checked when written —
        // each changed partial must still be the draft at the version planned — and a chunk that
        // fails the check is read and planned again inside its write transaction, partials locked.
        var prepared: Task<Step, any Error>? = chunks.first.map { first in Task { try await prepare(first, context, on: nil) } }
        // A run that stops early (an error, a cancelled job) does not leave a read running behind it.
        defer { prepared?.cancel() }
        for (index, chunk) in chunks.enumerated() {
            // Between chunks, never inside one: a shutdown leaves every partial whole.
            try Task.checkCancellation()
            guard let current = prepared else { break }
            let planned = try await current.value
            var step = planned
            prepared = index + 1 < chunks.count ? Task { [chunks] in try await prepare(chunks[index + 1], context, on: nil) } : nil
            if !run.dryRun {
                do {
                    try await database.transaction { sql in try await write(planned, runId: run.id, actor: actor, on: sql) }
                } catch FaturaError.stalePartial {
                    step = try await database.transaction { sql in
                        let fresh = try await prepare(chunk, context, on: sql)
                        try await write(fresh, runId: run.id, actor: actor, on: sql)
                        return fresh
                    }
                }
            }
            report.partialsExamined += chunk.count
            report.partialsLeft += step.left
            for plan in step.plans { report.add(plan) }
            if Date().timeIntervalSince(lastBeat) > 2 || report.partialsExamined == partialIds.count {
                lastBeat = Date()
                try await heartbeat(run.id, report: report)
                progress?(report.partialsExamined, partialIds.count)
            }
        }
        return report
    }

    /// What every chunk's plan needs, loaded once per run.
    struct ChunkContext: Sendable {
        var groups: [ExamGroup]
        var book: PriceBook
        var windowStart: CalendarDay
    }

    /// Reads a chunk's draft partials and in-window items and plans each partial with no database.
    /// With `sql` (a write transaction) the partials are locked; without it, a read connection is
    /// used and the write checks the versions. A partial whose plan fails is left out and listed.
    func prepare(_ chunk: [ID<PartialBill>], _ context: ChunkContext, on transaction: Transaction?) async throws -> Step {
        @Sendable func read(_ tx: Transaction) async throws -> Step {
            let (partials, items) = try await ExamRuleRepository.chunk(chunk, windowStart: context.windowStart, lock: transaction != nil, on: tx)
            let itemsByPartial = Dictionary(grouping: items, by: \.partialId)
            var step = Step()
            let open = Set(partials.compactMap(\.id))
            for id in chunk where !open.contains(id) {
                step.left.append("Parcial \(id): encerrada ou removida durante a execução; não foi alterada.")
            }
            for partial in partials.sorted(by: { ($0.id?.rawValue ?? 0) < ($1.id?.rawValue ?? 0) }) {
                guard let partialId = partial.id else { continue }
                let items = itemsByPartial[partialId] ?? []
                let day = items.map(\.performedAt.day).min() ?? partial.periodStart
                let contract = context.book.contract(payerId: partial.payerId, companyId: partial.companyId, on: day)
                let rule = ExamBillingRule(groups: context.groups, usesCBHPM: contract?.usesCBHPM ?? true, contractBands: contract?.bands ?? [])
                do {
                    step.plans.append(try ExamRulePlan.make(partial, items: items, rule: rule, percentages: [:], windowStart: context.windowStart))
                } catch let error as FaturaError {
                    step.left.append("Parcial \(partial.externalId): \(error.message)")
                }
            }
            return step
        }
        if let transaction { return try await read(transaction) }
        return try await database.read(read)
    }

    /// Writes a chunk's plans (`ExamRuleWriter` refuses with `conflict` if a changed partial moved
    /// since it was read) and counts them in the run with the change itself, so a killed run's
    /// figures are what was committed.
    func write(_ step: Step, runId: Int, actor: AuditActor, on tx: Transaction) async throws {
        try await ExamRuleWriter.write(step.plans, actor: actor, at: clock.timestamp(), on: tx)
        let changed = step.plans.filter(\.changes)
        try await ExamRuleRunRepository.count(runId, itemsChanged: changed.map(\.summary.itemsChanged).reduce(0, +), partialsChanged: changed.count,
                                              reductionCents: changed.map(\.summary.reductionCents).reduce(0, +), on: tx)
    }

    /// Partials per transaction: large enough that statements carry hundreds of lines, small enough
    /// that the HIS and the billers wait a fraction of a second for the write lock.
    static let partialsPerTransaction = 250

    /// What one chunk produced: the plans (written unless a dry run) and the partials left out.
    struct Step: Sendable {
        var plans: [ExamRulePlan] = []
        var left: [String] = []
    }

    func heartbeat(_ runId: Int, report: Report) async throws {
        let now = clock.timestamp()
        try await database.write { tx in
            try await ExamRuleRunRepository.heartbeat(runId, partialsDone: report.partialsExamined, itemsExamined: report.itemsExamined, at: now, on: tx)
        }
    }

    func finish(_ runId: Int, status: BatchRunStatus, report: Report?, error: String?) async throws {
        let now = clock.timestamp()
        try await database.write { tx in try await ExamRuleRunRepository.finish(runId, status: status, report: report, error: error, at: now, on: tx) }
    }

    public func get(_ runId: Int) async throws -> Run? {
        try await database.read { try await ExamRuleRunRepository.get(runId, on: $0) }
    }

    public func recent(companyId: Int, limit: Int = 10) async throws -> [Run] {
        try await database.read { try await ExamRuleRunRepository.recent(companyId: companyId, limit: limit, on: $0) }
    }
}
