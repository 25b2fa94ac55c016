import Foundation
import SQLKit
import FaturaDomain

/// A run of the exam-rule batch as stored (`exam_rule_runs`): progress, heartbeat and counters
/// committed with the changes, the process that runs it, and its report.
public struct ExamRuleRun: Sendable, Equatable, Decodable {
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
    /// The first day of the run's window, or `storedValueInvalid`.
    public func windowStartDay() throws -> CalendarDay { try StoredRow.day(windowStart, table: "exam_rule_runs", column: "window_start") }
    public var report: ExamRuleBatchReport? { reportJson.flatMap { try? JSONDecoder().decode(ExamRuleBatchReport.self, from: Data($0.utf8)) } }
}

public enum ExamRuleRunRepository {
    public static func running(companyId: Int, on sql: any SQLDatabase) async throws -> [ExamRuleRun] {
        try await sql.select().column("*").from("exam_rule_runs").where("company_id", .equal, SQLBind(companyId))
            .where("status", .equal, SQLBind(BatchRunStatus.running.rawValue)).all(decoding: ExamRuleRun.self, keyDecodingStrategy: .snakeCase)
    }

    public static func markInterrupted(_ runId: Int, error: String, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("exam_rule_runs").set("status", to: SQLBind(BatchRunStatus.failed.rawValue)).set("error", to: SQLBind(error))
            .set("finished_at", to: SQLBind(now)).where("id", .equal, SQLBind(runId)).run()
    }

    public static func insert(companyId: Int, dryRun: Bool, startedBy: String, windowStart: CalendarDay, at now: String,
                              on sql: any SQLDatabase) async throws -> Int {
        try await InsertedId.of(sql.insert(into: "exam_rule_runs")
            .columns("company_id", "status", "dry_run", "started_by", "started_at", "heartbeat_at", "window_start", "process_id", "host")
            .values(SQLBind(companyId), SQLBind(BatchRunStatus.running.rawValue), SQLBind(dryRun), SQLBind(startedBy), SQLBind(now), SQLBind(now),
                    SQLBind(windowStart.iso), SQLBind(ProcessLiveness.processId), SQLBind(ProcessLiveness.host)), table: "exam_rule_runs")
    }

    public static func setTotal(_ runId: Int, partials: Int, on sql: any SQLDatabase) async throws {
        try await sql.update("exam_rule_runs").set("partials_total", to: SQLBind(partials)).where("id", .equal, SQLBind(runId)).run()
    }

    /// Adds a chunk's changes to the run's counters, in the chunk's own transaction.
    public static func count(_ runId: Int, itemsChanged: Int, partialsChanged: Int, reductionCents: Int64, on sql: any SQLDatabase) async throws {
        try await sql.update("exam_rule_runs")
            .set(SQLIdentifier("items_changed"), to: SQLBinaryExpression(SQLColumn("items_changed"), .add, SQLBind(itemsChanged)))
            .set(SQLIdentifier("partials_changed"), to: SQLBinaryExpression(SQLColumn("partials_changed"), .add, SQLBind(partialsChanged)))
            .set(SQLIdentifier("reduction_cents"), to: SQLBinaryExpression(SQLColumn("reduction_cents"), .add, SQLBind(reductionCents)))
            .where("id", .equal, SQLBind(runId)).run()
    }

    public static func heartbeat(_ runId: Int, partialsDone: Int, itemsExamined: Int, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("exam_rule_runs").set("heartbeat_at", to: SQLBind(now))
            .set("partials_done", to: SQLBind(partialsDone)).set("items_examined", to: SQLBind(itemsExamined))
            .where("id", .equal, SQLBind(runId)).run()
    }

    public static func finish(_ runId: Int, status: BatchRunStatus, report: ExamRuleBatchReport?, error: String?, at now: String,
                              on sql: any SQLDatabase) async throws {
        let json = try report.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        var update = sql.update("exam_rule_runs").set("status", to: SQLBind(status.rawValue)).set("finished_at", to: SQLBind(now))
            .set("heartbeat_at", to: SQLBind(now)).set("report_json", to: SQLBind.optional(json)).set("error", to: SQLBind.optional(error))
        if let report {
            update = update.set("partials_done", to: SQLBind(report.partialsExamined)).set("items_examined", to: SQLBind(report.itemsExamined))
                .set("items_changed", to: SQLBind(report.itemsChanged)).set("reduction_cents", to: SQLBind(report.reductionCents))
                .set("partials_changed", to: SQLBind(report.partialsChanged))
        }
        try await update.where("id", .equal, SQLBind(runId)).run()
    }

    public static func get(_ runId: Int, on sql: any SQLDatabase) async throws -> ExamRuleRun? {
        try await sql.select().column("*").from("exam_rule_runs").where("id", .equal, SQLBind(runId))
            .first(decoding: ExamRuleRun.self, keyDecodingStrategy: .snakeCase)
    }

    public static func recent(companyId: Int, limit: Int, on sql: any SQLDatabase) async throws -> [ExamRuleRun] {
        try await sql.select().column("*").from("exam_rule_runs").where("company_id", .equal, SQLBind(companyId))
            .orderBy("id", .descending).limit(limit).all(decoding: ExamRuleRun.self, keyDecodingStrategy: .snakeCase)
    }
}
