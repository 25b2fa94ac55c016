import SQLKit
import FaturaDomain

/// The jobs table: enqueue, claim (atomically: two runners never take the same job), beat, finish,
/// and put back in the queue. Rows are read exactly: an unknown kind or status is `storedValueInvalid`.
public enum JobRepository {
    public static func enqueue(_ kind: JobKind, companyId: Int?, arguments: String, by username: String, at now: String,
                               on sql: any SQLDatabase) async throws -> Int {
        try await InsertedId.of(sql.insert(into: "jobs")
            .columns("kind", "company_id", "arguments_json", "status", "requested_by", "requested_at")
            .values(SQLBind(kind.rawValue), SQLBind.optional(companyId), SQLBind(arguments), SQLBind(JobStatus.queued.rawValue),
                    SQLBind(username), SQLBind(now)), table: "jobs")
    }

    /// Takes job `id` (or the oldest queued one) if it is still queued: it becomes running here,
    /// attempt counted. Nil when there is none or another runner took it first.
    public static func claim(_ id: Int? = nil, at now: String, on sql: any SQLDatabase) async throws -> Job? {
        var candidate: Int? = id
        if candidate == nil {
            candidate = try await sql.select().column("id").from("jobs").where("status", .equal, SQLBind(JobStatus.queued.rawValue))
                .orderBy("id").limit(1).first()?.decode(column: "id", as: Int.self)
        }
        guard let candidate else { return nil }
        let claimed = try await sql.update("jobs").set("status", to: SQLBind(JobStatus.running.rawValue))
            .set("started_at", to: SQLBind(now)).set("heartbeat_at", to: SQLBind(now)).set("finished_at", to: SQLLiteral.null)
            .set("attempts", to: SQLRaw("attempts + 1")).set("process_id", to: SQLBind(ProcessLiveness.processId))
            .set("host", to: SQLBind(ProcessLiveness.host)).set("error", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(candidate)).where("status", .equal, SQLBind(JobStatus.queued.rawValue)).returning("id").first()
        guard claimed != nil else { return nil }
        return try await get(candidate, on: sql)
    }

    public static func heartbeat(_ id: Int, done: Int?, total: Int?, at now: String, on sql: any SQLDatabase) async throws {
        var update = sql.update("jobs").set("heartbeat_at", to: SQLBind(now))
        if let done { update = update.set("progress_done", to: SQLBind(done)) }
        if let total { update = update.set("progress_total", to: SQLBind(total)) }
        try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(JobStatus.running.rawValue)).run()
    }

    /// Ends a running job as `event` says (finish, fail, or interrupt: back to the queue), with its
    /// result or error. False when it was not running (someone else ended or took it).
    public static func end(_ id: Int, _ event: JobEvent, result: String? = nil, error: String? = nil, at now: String,
                           on sql: any SQLDatabase) async throws -> Bool {
        guard let next = JobStatus.running.after(event) else { return false }
        return try await sql.update("jobs").set("status", to: SQLBind(next.rawValue))
            .set("finished_at", to: next == .queued ? SQLLiteral.null : SQLBind(now)).set("heartbeat_at", to: SQLBind(now))
            .set("result_json", to: SQLBind.optional(result)).set("error", to: SQLBind.optional(error))
            .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(JobStatus.running.rawValue)).returning("id").first() != nil
    }

    public static func get(_ id: Int, on sql: any SQLDatabase) async throws -> Job? {
        try await sql.select().column("*").from("jobs").where("id", .equal, SQLBind(id)).first().map(job)
    }

    public static func list(status: JobStatus? = nil, kind: JobKind? = nil, companyId: Int? = nil, limit: Int = 50,
                            on sql: any SQLDatabase) async throws -> [Job] {
        var select = sql.select().column("*").from("jobs")
        if let status { select = select.where("status", .equal, SQLBind(status.rawValue)) }
        if let kind { select = select.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let companyId { select = select.where("company_id", .equal, SQLBind(companyId)) }
        return try await select.orderBy("id", .descending).limit(limit).all().map(job)
    }

    static func job(_ row: any SQLRow) throws -> Job {
        let cells = StoredRow(row, table: "jobs")
        return Job(id: try cells.value("id"), kind: try cells.code("kind", as: JobKind.self), companyId: try cells.optional("company_id"),
                   arguments: try cells.value("arguments_json"), status: try cells.code("status", as: JobStatus.self),
                   progressDone: try cells.value("progress_done"), progressTotal: try cells.value("progress_total"),
                   requestedBy: try cells.value("requested_by"), requestedAt: try cells.value("requested_at"),
                   startedAt: try cells.optional("started_at"), heartbeatAt: try cells.optional("heartbeat_at"),
                   finishedAt: try cells.optional("finished_at"), attempts: try cells.value("attempts"),
                   processId: try cells.optional("process_id"), host: try cells.optional("host"),
                   result: try cells.optional("result_json"), error: try cells.optional("error"))
    }
}
