import Foundation
import SQLKit
import FaturaDomain

/// "Regra de Cobrança de Exames em Lote" (DOMAIN.md §3.8): every draft partial of one company whose
/// payer is billed as a convênio (not SUS, not Particular), for the exam groups whose day lies in the
/// last 90 days. One transaction per partial; manual percentages are kept and listed; closed partials
/// are never touched. A run is recorded with its progress and report, and one company has at most
/// one run at a time.
public struct ExamRuleBatch: Sendable {
    let database: Database
    public static let windowDays = 90
    /// A run that stopped beating for this long was killed: a new run may start (`BatchRunLiveness`).
    public static let staleAfter = TimeInterval(BatchRunLiveness.staleAfterSeconds)

    public init(database: Database) { self.database = database }

    public struct Report: Sendable, Equatable, Codable {
        public var partialsExamined = 0
        public var partialsChanged = 0
        public var itemsExamined = 0
        public var itemsChanged = 0
        public var reductionCents: Int64 = 0
        /// Partials whose manual percentages were kept, with the items.
        public var manualKept: [ManualKept] = []
        /// Items left as they were, and why.
        public var skipped: [String] = []
        /// Partials that changed state during the run (closed, edited) and were left for the next run.
        public var partialsLeft: [String] = []
        public init() {}
    }

    public struct ManualKept: Sendable, Equatable, Codable {
        public var partialId: Int
        public var partialExternalId: String
        public var itemIds: [Int]
    }

    public struct Run: Sendable, Equatable, Decodable {
        public var id: Int
        public var companyId: Int
        public var status: BatchRunStatus
        public var dryRun: Bool
        public var startedBy: String
        public var startedAt: String
        public var heartbeatAt: String
        public var finishedAt: String?
        public var windowStart: String
        public var partialsTotal: Int
        public var partialsDone: Int
        public var itemsExamined: Int
        public var itemsChanged: Int
        public var reductionCents: Int64
        public var reportJson: String?
        public var error: String?
        public var processId: Int?
        public var host: String?
        public var partialsChanged: Int

        public var isRunning: Bool { status == .running }
        public var report: Report? { reportJson.flatMap { try? JSONDecoder().decode(Report.self, from: Data($0.utf8)) } }
    }

    /// Registers a run, or refuses when one is already running for the company.
    public func start(companyId: Int, today: CalendarDay, dryRun: Bool, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        let windowStart = today.adding(days: -Self.windowDays)
        return try await database.transaction { sql in
            let running = try await sql.select().column("*").from("exam_rule_runs").where("company_id", .equal, SQLBind(companyId))
                .where("status", .equal, SQLBind(BatchRunStatus.running.rawValue)).all(decoding: Run.self, keyDecodingStrategy: .snakeCase)
            for run in running {
                let silence = Timestamp.date(run.heartbeatAt).map { Int(now.timeIntervalSince($0)) } ?? Int.max
                let alive: Bool? = run.host == ProcessLiveness.host ? run.processId.map(ProcessLiveness.isAlive) : nil
                if BatchRunLiveness.isDead(secondsSinceHeartbeat: silence, processAlive: alive) {
                    let why = alive == false ? "o processo que a executava terminou" : "sem sinal de vida há \(silence / 60) min"
                    try await sql.update("exam_rule_runs").set("status", to: SQLBind(BatchRunStatus.failed.rawValue))
                        .set("error", to: SQLBind("Interrompida (\(why)). \(run.itemsChanged) item(ns) de \(run.partialsChanged) parcial(is) foram alterados e gravados; as demais ficaram como estavam. Execute de novo para concluir."))
                        .set("finished_at", to: SQLBind(Timestamp.string(now))).where("id", .equal, SQLBind(run.id)).run()
                } else {
                    throw FaturaError.batchRunning("Já há uma execução da regra em lote para esta coligada, iniciada por \(run.startedBy) em \(run.startedAt) e ativa (último sinal há \(silence) s). Aguarde o fim dela.")
                }
            }
            let stamp = Timestamp.string(now)
            let row = try await sql.insert(into: "exam_rule_runs")
                .columns("company_id", "status", "dry_run", "started_by", "started_at", "heartbeat_at", "window_start", "process_id", "host")
                .values(SQLBind(companyId), SQLBind(BatchRunStatus.running.rawValue), SQLBind(dryRun), SQLBind(actor.username), SQLBind(stamp), SQLBind(stamp),
                        SQLBind(windowStart.iso), SQLBind(ProcessLiveness.processId), SQLBind(ProcessLiveness.host))
                .returning("id").first()
            return try row?.decode(column: "id", as: Int.self) ?? 0
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
        let windowStart = try StoredRow.day(run.windowStart, table: "exam_rule_runs", column: "window_start")
        let companyId = run.companyId
        // Loaded once: the groups, the contracts of the company's payers and which partials qualify.
        let (groups, contracts, partialIds) = try await database.read { sql -> ([ExamGroup], [Contract], [Int]) in
            let groups = try await ExamGroupStore.load(on: sql)
            let payerIds = try await sql.select().column("id").from("payers").where("billing_standard", .equal, SQLBind(BillingStandard.convenio.rawValue))
                .all().map { try $0.decode(column: "id", as: Int.self) }
            let contracts = try await ContractStore.forPayers(payerIds, on: sql).filter { $0.companyId == companyId }
            let ids = try await Self.eligiblePartials(companyId: companyId, windowStart: windowStart, on: sql)
            return (groups, contracts, ids)
        }
        try await database.write { sql in
            try await sql.update("exam_rule_runs").set("partials_total", to: SQLBind(partialIds.count)).where("id", .equal, SQLBind(run.id)).run()
        }
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
            for plan in step.plans {
                let summary = plan.summary
                report.itemsExamined += summary.itemsExamined
                report.itemsChanged += summary.itemsChanged
                report.reductionCents += summary.reductionCents
                if summary.itemsChanged > 0 { report.partialsChanged += 1 }
                if !summary.manualKept.isEmpty, let id = plan.partial.id {
                    report.manualKept.append(ManualKept(partialId: id, partialExternalId: plan.partial.externalId, itemIds: summary.manualKept))
                }
                report.skipped += summary.skipped.map { "Parcial \(plan.partial.externalId): \($0)" }
            }
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
    func prepare(_ chunk: [Int], _ context: ChunkContext, on transaction: (any SQLDatabase)?) async throws -> Step {
        @Sendable func read(_ sql: any SQLDatabase) async throws -> Step {
            var partialsQuery = sql.select().column("*").from("partial_bills").where("id", .in, SQLBind.group(chunk))
                .where("status", .equal, SQLBind(PartialStatus.draft.rawValue))
            if transaction != nil { partialsQuery = partialsQuery.for(.update) }
            let partials = try await partialsQuery.all().map(PartialRow.partial)
            let items = try await ChargeItemRow.load(on: sql) {
                $0.where("partial_id", .in, SQLBind.group(chunk)).where("performed_day", .greaterThanOrEqual, SQLBind(context.windowStart.iso)).orderBy("id")
            }
            let itemsByPartial = Dictionary(grouping: items, by: \.partialId)
            var step = Step()
            let open = Set(partials.compactMap(\.id))
            for id in chunk where !open.contains(id) {
                step.left.append("Parcial \(id): encerrada ou removida durante a execução; não foi alterada.")
            }
            for partial in partials.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
                guard let partialId = partial.id else { continue }
                let items = itemsByPartial[partialId] ?? []
                let day = items.map(\.performedAt.day).min() ?? partial.periodStart
                let contract = context.book.contract(payerId: partial.payerId, companyId: partial.companyId, on: day)
                let rule = ExamBillingRule(groups: context.groups, usesCBHPM: contract?.usesCBHPM ?? true, contractBands: contract?.bands ?? [])
                do {
                    step.plans.append(try ExamRuleStore.plan(partial, items: items, rule: rule, percentages: [:], windowStart: context.windowStart))
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
    func write(_ step: Step, runId: Int, actor: AuditActor, on sql: any SQLDatabase) async throws {
        try await ExamRuleWriter.write(step.plans, actor: actor, at: Timestamp.now(), on: sql)
        let changed = step.plans.filter(\.changes)
        try await sql.update("exam_rule_runs")
            .set(SQLIdentifier("items_changed"), to: SQLBinaryExpression(SQLColumn("items_changed"), .add, SQLBind(changed.map(\.summary.itemsChanged).reduce(0, +))))
            .set(SQLIdentifier("partials_changed"), to: SQLBinaryExpression(SQLColumn("partials_changed"), .add, SQLBind(changed.count)))
            .set(SQLIdentifier("reduction_cents"), to: SQLBinaryExpression(SQLColumn("reduction_cents"), .add,
                                                                            SQLBind(changed.map(\.summary.reductionCents).reduce(0, +))))
            .where("id", .equal, SQLBind(runId)).run()
    }

    /// Partials per transaction: large enough that statements carry hundreds of lines, small enough
    /// that the HIS and the billers wait a fraction of a second for the write lock.
    static let partialsPerTransaction = 250

    /// What one chunk produced: the plans (written unless a dry run) and the partials left out.
    struct Step: Sendable {
        var plans: [ExamRulePlan] = []
        var left: [String] = []
    }

    /// Draft partials of the company, payer billed as a convênio, with an item performed in the window.
    static func eligiblePartials(companyId: Int, windowStart: CalendarDay, on sql: any SQLDatabase) async throws -> [Int] {
        try await sql.select().distinct().column(SQLColumn("id", table: "partial_bills"))
            .from("partial_bills")
            .join("payers", on: SQLColumn("payer_id", table: "partial_bills"), .equal, SQLColumn("id", table: "payers"))
            .join("charge_items", on: SQLColumn("partial_id", table: "charge_items"), .equal, SQLColumn("id", table: "partial_bills"))
            .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
            .where(SQLColumn("status", table: "partial_bills"), .equal, SQLBind(PartialStatus.draft.rawValue))
            .where(SQLColumn("billing_standard", table: "payers"), .equal, SQLBind(BillingStandard.convenio.rawValue))
            .where(SQLColumn("performed_day", table: "charge_items"), .greaterThanOrEqual, SQLBind(windowStart.iso))
            .orderBy(SQLColumn("id", table: "partial_bills")).all().map { try $0.decode(column: "id", as: Int.self) }
    }

    func heartbeat(_ runId: Int, report: Report) async throws {
        try await database.write { sql in
            try await sql.update("exam_rule_runs").set("heartbeat_at", to: SQLBind(Timestamp.now()))
                .set("partials_done", to: SQLBind(report.partialsExamined)).set("items_examined", to: SQLBind(report.itemsExamined))
                .where("id", .equal, SQLBind(runId)).run()
        }
    }

    func finish(_ runId: Int, status: BatchRunStatus, report: Report?, error: String?) async throws {
        let json = try report.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.write { sql in
            var update = sql.update("exam_rule_runs").set("status", to: SQLBind(status.rawValue)).set("finished_at", to: SQLBind(Timestamp.now()))
                .set("heartbeat_at", to: SQLBind(Timestamp.now())).set("report_json", to: SQLBind.optional(json)).set("error", to: SQLBind.optional(error))
            if let report {
                update = update.set("partials_done", to: SQLBind(report.partialsExamined)).set("items_examined", to: SQLBind(report.itemsExamined))
                    .set("items_changed", to: SQLBind(report.itemsChanged)).set("reduction_cents", to: SQLBind(report.reductionCents))
                    .set("partials_changed", to: SQLBind(report.partialsChanged))
            }
            try await update.where("id", .equal, SQLBind(runId)).run()
        }
    }

    public func get(_ runId: Int) async throws -> Run? {
        try await database.read { sql in
            try await sql.select().column("*").from("exam_rule_runs").where("id", .equal, SQLBind(runId))
                .first(decoding: Run.self, keyDecodingStrategy: .snakeCase)
        }
    }

    public func recent(companyId: Int, limit: Int = 10) async throws -> [Run] {
        try await database.read { sql in
            try await sql.select().column("*").from("exam_rule_runs").where("company_id", .equal, SQLBind(companyId))
                .orderBy("id", .descending).limit(limit).all(decoding: Run.self, keyDecodingStrategy: .snakeCase)
        }
    }
}
