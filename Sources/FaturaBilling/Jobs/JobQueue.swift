import FaturaDomain
import FaturaStore
import Foundation

/// The jobs table as the services use it: enqueue work, find jobs left running by a dead process and
/// put them back in the queue, claim, beat and end. `JobRunner` (a service of the application) and
/// `fatura jobs run` (in the foreground) execute what is queued.
public struct JobQueue: BillingService {
    let context: ServiceContext

    /// Queues an exam-rule batch for the company.
    @discardableResult
    public func enqueue(_ arguments: ExamRuleBatchJob, by actor: AuditActor) async throws -> Int {
        try await enqueue(.examRuleBatch, companyId: arguments.companyId, arguments: arguments,
                          detail: "\(JobKind.examRuleBatch.label)\(arguments.dryRun ? " (simulação)" : "")", by: actor)
    }

    /// Queues a job of `kind` with its arguments (as JSON), audited.
    @discardableResult
    public func enqueue(_ kind: JobKind, companyId: Int?, arguments: some Encodable, detail: String, by actor: AuditActor) async throws -> Int {
        let json = try Job.json(arguments)
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let id = try await JobRepository.enqueue(kind, companyId: companyId, arguments: json, by: actor.username, at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "job", entityId: String(id), detail: detail)
            return id
        }
    }

    /// Jobs left `running` by a process that is gone go back to the queue (`JobLiveness`), so the
    /// next claim resumes them. Returns their ids.
    @discardableResult
    public func recoverOrphans() async throws -> [Int] {
        let now = clock.now()
        let running = try await store.database.read { try await JobRepository.list(status: .running, limit: 1_000, on: $0) }
        var recovered: [Int] = []
        for job in running {
            let silence = job.heartbeatAt.flatMap(Timestamp.date).map { Int(now.timeIntervalSince($0)) } ?? Int.max
            let alive: Bool? = job.host == ProcessLiveness.host ? job.processId.map(ProcessLiveness.isAlive) : nil
            guard JobLiveness.isOrphan(processAlive: alive, secondsSinceHeartbeat: silence) else { continue }
            let note = "Interrompido (o processo \(job.processId.map(String.init) ?? "?") em \(job.host ?? "?") terminou); volta para a fila."
            if try await store.database.transaction({ try await JobRepository.end(job.id, .interrupt, error: note, at: Timestamp.string(now), on: $0) }) {
                recovered.append(job.id)
            }
        }
        return recovered
    }

    /// Takes job `id`, or the oldest queued one.
    public func claim(_ id: Int? = nil) async throws -> Job? {
        let now = clock.timestamp()
        return try await store.database.transaction { try await JobRepository.claim(id, at: now, on: $0) }
    }

    public func heartbeat(_ id: Int, done: Int? = nil, total: Int? = nil) async throws {
        let now = clock.timestamp()
        try await store.database.write { try await JobRepository.heartbeat(id, done: done, total: total, at: now, on: $0) }
    }

    @discardableResult
    public func end(_ id: Int, _ event: JobEvent, result: String? = nil, error: String? = nil) async throws -> Bool {
        let now = clock.timestamp()
        return try await store.database.transaction { try await JobRepository.end(id, event, result: result, error: error, at: now, on: $0) }
    }

    public func get(_ id: Int) async throws -> Job? {
        try await store.database.read { try await JobRepository.get(id, on: $0) }
    }

    public func list(status: JobStatus? = nil, kind: JobKind? = nil, companyId: Int? = nil, limit: Int = 50) async throws -> [Job] {
        try await store.database.read { try await JobRepository.list(status: status, kind: kind, companyId: companyId, limit: limit, on: $0) }
    }
}

extension Job {
    /// The job's arguments as its kind's type, or nil when they do not decode as it.
    public func arguments<T: Decodable>(as type: T.Type) -> T? {
        try? JSONDecoder().decode(type, from: Data(arguments.utf8))
    }

    /// Arguments or a result as the jobs table keeps them (JSON text).
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
