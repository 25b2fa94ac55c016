/// Background work as the jobs table keeps it: what to do (`kind` and its arguments), who asked and
/// when, where it runs, its progress and how it ended. A job survives the process that ran it: one
/// left `running` by a dead process goes back to the queue and runs again (its work is written in
/// whole units, so running it again finishes what the first attempt left).
public struct Job: Sendable, Equatable {
    public var id: Int
    public var kind: JobKind
    public var companyId: Int?
    /// The kind's arguments as JSON (each kind decodes its own).
    public var arguments: String
    public var status: JobStatus
    public var progressDone: Int
    public var progressTotal: Int
    public var requestedBy: String
    public var requestedAt: String
    public var startedAt: String?
    public var heartbeatAt: String?
    public var finishedAt: String?
    /// How many times it was claimed (2 or more: resumed after an interruption).
    public var attempts: Int
    public var processId: Int?
    public var host: String?
    public var result: String?
    public var error: String?

    public init(id: Int, kind: JobKind, companyId: Int?, arguments: String, status: JobStatus, progressDone: Int = 0, progressTotal: Int = 0,
                requestedBy: String, requestedAt: String, startedAt: String? = nil, heartbeatAt: String? = nil, finishedAt: String? = nil,
                attempts: Int = 0, processId: Int? = nil, host: String? = nil, result: String? = nil, error: String? = nil) {
        self.id = id
        self.kind = kind
        self.companyId = companyId
        self.arguments = arguments
        self.status = status
        self.progressDone = progressDone
        self.progressTotal = progressTotal
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.processId = processId
        self.host = host
        self.result = result
        self.error = error
    }
}

/// What a job does. Stored by its raw value; a value this version does not know stops with
/// `storedValueInvalid` instead of running something else.
public enum JobKind: String, Sendable, CaseIterable, Codable {
    /// The exam billing rule over a company's draft partials (DOMAIN.md §3.8).
    case examRuleBatch = "exam_rule_batch"
    /// Closing an invoice: its claims written as TISS batches and validated against the schema.
    case invoiceClose = "invoice_close"
    /// A contract proposal's impact simulation over the payer's production.
    case proposalSimulation = "proposal_simulation"

    public var label: String {
        switch self {
        case .examRuleBatch: "Regra de cobrança de exames em lote"
        case .invoiceClose: "Fechamento de fatura (geração dos lotes TISS)"
        case .proposalSimulation: "Simulação de impacto de proposta de contrato"
        }
    }
}

/// A job's state (`jobs.status`).
public enum JobStatus: String, Sendable, CaseIterable, Codable {
    case queued
    case running
    case done
    case failed

    public var label: String {
        switch self {
        case .queued: "Na fila"
        case .running: "Em execução"
        case .done: "Concluído"
        case .failed: "Falhou"
        }
    }

    /// Waiting or running: the work it stands for is not over.
    public var isActive: Bool { self == .queued || self == .running }

    /// The status after `event`, or nil when the event is not allowed from this one.
    public func after(_ event: JobEvent) -> JobStatus? {
        switch (self, event) {
        case (.queued, .claim): .running
        case (.running, .finish): .done
        case (.running, .fail): .failed
        // A shutdown stopped it between units, or its process died: it goes back to the queue.
        case (.running, .interrupt): .queued
        default: nil
        }
    }
}

public enum JobEvent: Sendable, CaseIterable {
    case claim
    case finish
    case fail
    case interrupt
}

/// Whether a job that says `running` has lost its process. On the same machine a dead process makes
/// it an orphan at once; anywhere, a silence of `staleAfterSeconds` does (the runner beats every few
/// seconds) — also when a process of that number is alive, since a restarted container reuses its
/// machine name and process number (PID 1).
public enum JobLiveness {
    public static let staleAfterSeconds = 60

    /// `processAlive` is nil when the job runs on another machine.
    public static func isOrphan(processAlive: Bool?, secondsSinceHeartbeat: Int) -> Bool {
        if processAlive == false { return true }
        return secondsSinceHeartbeat > staleAfterSeconds
    }
}

/// The arguments of an exam-rule batch job. `runId` is the run the page registered (it refused a
/// second batch at once); a resumed job, or one from the command line, registers its own.
public struct ExamRuleBatchJob: Sendable, Equatable, Codable {
    public var companyId: Int
    public var today: CalendarDay
    public var dryRun: Bool
    public var runId: Int?

    public init(companyId: Int, today: CalendarDay, dryRun: Bool, runId: Int? = nil) {
        self.companyId = companyId
        self.today = today
        self.dryRun = dryRun
        self.runId = runId
    }
}

/// The arguments of an invoice-close job. `generatedAt` is when the biller asked (ISO-8601 UTC): the
/// batches carry it as their transaction date and time, so a run resumed after an interruption
/// writes the same bytes, with the same hash, as the one that was cut short would have.
public struct InvoiceCloseJob: Sendable, Equatable, Codable {
    public var invoiceId: Int
    public var expectedVersion: Int
    public var generatedAt: String

    public init(invoiceId: Int, expectedVersion: Int, generatedAt: String) {
        self.invoiceId = invoiceId
        self.expectedVersion = expectedVersion
        self.generatedAt = generatedAt
    }
}
