import FaturaDomain
import FaturaStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Executes queued jobs, one at a time (the machine's two cores are the batch's), as a service of
/// the application's `ServiceGroup`, placed after the store so it stops first. At start it puts back
/// in the queue the jobs a dead process left running; then it claims the oldest queued job, runs
/// it with a heartbeat, and records how it ended. On graceful shutdown the running job is cancelled:
/// it stops at its next unit (the batch between chunks; each chunk is one transaction), goes back to
/// the queue, and the next start resumes it. `fatura jobs run` uses the same `execute` in the
/// foreground.
public final class JobRunner: Service, Sendable {
    let billing: Billing
    let logger: Logger
    let pollInterval: Duration
    let heartbeatInterval: Duration
    /// Opened once the schema is current (the application migrates after its services start).
    let ready: Readiness?

    public init(billing: Billing, logger: Logger, ready: Readiness? = nil, pollInterval: Duration = .milliseconds(500),
                heartbeatInterval: Duration = .seconds(5)) {
        self.billing = billing
        self.logger = logger
        self.ready = ready
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
    }

    var queue: JobQueue { billing.jobs }

    public func run() async throws {
        if let ready {
            while await !ready.isOpen {
                guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(50)) }
            }
        }
        do {
            let recovered = try await queue.recoverOrphans()
            if !recovered.isEmpty { logger.warning("tarefas interrompidas voltaram para a fila", metadata: ["jobs": "\(recovered)"]) }
        } catch {
            logger.error("não foi possível verificar tarefas interrompidas", metadata: ["error": "\(error)"])
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if let job = try await queue.claim() {
                    await execute(job)
                    continue
                }
            } catch {
                // A busy or unreachable database: try again at the next poll.
                logger.warning("fila de tarefas indisponível", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
        }
    }

    /// Runs a claimed job to its end and records it: done with its result, failed with the reason,
    /// or (cancelled by a shutdown) back in the queue.
    public func execute(_ job: Job) async {
        let metadata: Logger.Metadata = ["job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)"]
        logger.info("tarefa iniciada", metadata: metadata)
        do {
            let progress = JobProgress()
            let result = try await cancelWhenGracefulShutdown { try await self.runBeating(job, progress: progress) }
            // The last figures, which the heartbeat may not have written yet.
            let (done, total) = progress.value
            try await queue.heartbeat(job.id, done: done, total: total)
            try await queue.end(job.id, .finish, result: result)
            logger.info("tarefa concluída", metadata: metadata)
        } catch is CancellationError {
            // Recorded in a task of its own, which the cancellation does not reach.
            let queue = queue
            await Task {
                _ = try? await queue.end(job.id, .interrupt, error: "Interrompida: o servidor foi desligado; continua no próximo início.")
            }.value
            logger.warning("tarefa interrompida pelo desligamento; volta para a fila", metadata: metadata)
        } catch {
            let message = (error as? FaturaError)?.message ?? String(describing: error)
            _ = try? await queue.end(job.id, .fail, error: message)
            logger.error("tarefa falhou", metadata: metadata.merging(["error": "\(message)"]) { $1 })
        }
    }

    /// The job's work beside a heartbeat, so another process can tell it is alive.
    func runBeating(_ job: Job, progress: JobProgress) async throws -> String? {
        try await withThrowingTaskGroup(of: String?.self) { group in
            let queue = queue, interval = heartbeatInterval
            group.addTask { try await JobHandlers.run(job, billing: self.billing, progress: progress) }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    let (done, total) = progress.value
                    try? await queue.heartbeat(job.id, done: done, total: total)
                }
                return nil
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { return nil }
            return result
        }
    }
}

/// What each kind of job does.
enum JobHandlers {
    static func run(_ job: Job, billing: Billing, progress: JobProgress) async throws -> String? {
        switch job.kind {
        case .examRuleBatch: try await examRuleBatch(job, billing: billing, progress: progress)
        case .invoiceClose: try await invoiceClose(job, billing: billing, progress: progress)
        case .proposalSimulation: try await proposalSimulation(job, billing: billing, progress: progress)
        }
    }

    /// The simulation asked for; running it again (after an interruption) reads and prices the same
    /// items and writes the same report.
    static func proposalSimulation(_ job: Job, billing: Billing, progress: JobProgress) async throws -> String? {
        guard let arguments = job.arguments(as: ProposalSimulationJob.self) else {
            throw FaturaError.jobInvalid("Argumentos da tarefa \(job.id) ilegíveis: \(job.arguments.prefix(200))")
        }
        let report = try await billing.proposals.simulate(arguments.proposalId, months: arguments.months) { read in progress.set(read, 0) }
        return try Job.json(ProposalSimulationJobResult(proposalId: arguments.proposalId, items: report.itemsRead, differenceCents: report.total.difference.cents))
    }

    /// Closes the invoice the page asked for, at the version the person saw. The close is one
    /// transaction: an attempt cut short left nothing, and the next one, with the same generation
    /// instant, writes the same batches. A resumed job that finds its invoice already closed at the
    /// next version (the first attempt committed but died before recording the end) is done.
    static func invoiceClose(_ job: Job, billing: Billing, progress: JobProgress) async throws -> String? {
        guard let arguments = job.arguments(as: InvoiceCloseJob.self), let generatedAt = Timestamp.date(arguments.generatedAt) else {
            throw FaturaError.jobInvalid("Argumentos da tarefa \(job.id) ilegíveis: \(job.arguments.prefix(200))")
        }
        let id = ID<Invoice>(arguments.invoiceId)
        if job.attempts > 1, let invoice = try await billing.store.invoices.find(id), invoice.status == .closed,
           invoice.version == arguments.expectedVersion + 1 {
            return try Job.json(InvoiceCloseJobResult(invoiceId: arguments.invoiceId, claims: invoice.claims))
        }
        let actor = AuditActor(userId: nil, username: job.requestedBy)
        let invoice = try await billing.invoices.close(id, expectedVersion: arguments.expectedVersion, by: actor, generatedAt: generatedAt) { done, total in
            progress.set(done, total)
        }
        return try Job.json(InvoiceCloseJobResult(invoiceId: arguments.invoiceId, claims: invoice.claims))
    }

    /// The batch over the job's company. A first attempt runs the run the page registered; a resumed
    /// one (or one from the command line) registers a new run — which also records the earlier one as
    /// interrupted — and the rule, idempotent, finishes what the first left.
    static func examRuleBatch(_ job: Job, billing: Billing, progress: JobProgress) async throws -> String? {
        guard let arguments = job.arguments(as: ExamRuleBatchJob.self) else {
            throw FaturaError.jobInvalid("Argumentos da tarefa \(job.id) ilegíveis: \(job.arguments.prefix(200))")
        }
        let actor = AuditActor(userId: nil, username: job.requestedBy)
        let batch = billing.examBatch
        var runId = arguments.runId
        if let id = runId {
            let stillRegistered = try await batch.get(id)?.isRunning == true
            // The job owns its run: one a shutdown or a crash left registered is closed as interrupted
            // here (it is this job's, whatever its heartbeat says), and a new run does the rest.
            if job.attempts > 1, stillRegistered { try await batch.interrupt(id, why: "a tarefa \(job.id) foi retomada após uma interrupção") }
            if job.attempts > 1 || !stillRegistered { runId = nil }
        }
        let id: Int
        if let runId { id = runId } else {
            id = try await batch.start(companyId: arguments.companyId, today: arguments.today, dryRun: arguments.dryRun, by: actor)
        }
        let report = try await batch.run(id, by: actor) { done, total in progress.set(done, total) }
        let summary = ExamRuleBatchJobResult(runId: id, itemsChanged: report.itemsChanged, reductionCents: report.reductionCents)
        return try Job.json(summary)
    }
}

/// What an exam-rule batch job leaves in `jobs.result_json`: the run (its page has the report).
public struct ExamRuleBatchJobResult: Sendable, Equatable, Codable {
    public var runId: Int
    public var itemsChanged: Int
    public var reductionCents: Int64
}

/// What a proposal simulation job leaves in `jobs.result_json` (the report is on the proposal).
public struct ProposalSimulationJobResult: Sendable, Equatable, Codable {
    public var proposalId: Int
    public var items: Int
    public var differenceCents: Int64
}

/// What an invoice-close job leaves in `jobs.result_json`.
public struct InvoiceCloseJobResult: Sendable, Equatable, Codable {
    public var invoiceId: Int
    public var claims: Int
}

/// The running job's progress, set by its work and written by the heartbeat.
final class JobProgress: Sendable {
    private let state = Mutex<(Int?, Int?)>((nil, nil))

    var value: (Int?, Int?) { state.withLock { $0 } }

    func set(_ done: Int, _ total: Int) { state.withLock { $0 = (done, total) } }
}
