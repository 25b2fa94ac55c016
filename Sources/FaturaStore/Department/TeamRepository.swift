import FaturaDomain
import Foundation
import SQLKit

/// The team's records (migration 021). Lists of ids and evaluation scores are JSON text; a value
/// that does not decode is `storedValueInvalid`, never a default.
public enum TeamRepository {
    static func json(_ value: some Encodable) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }

    static func decode<T: Decodable>(_ cells: StoredRow, _ column: String, as type: T.Type) throws -> T {
        let text: String = try cells.value(column)
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch { throw cells.invalid(column, String(text.prefix(40))) }
    }

    static func count(_ row: (any SQLRow)?, _ column: String = "n") throws -> Int {
        try row.map { try $0.decode(column: column, as: Int.self) } ?? 0
    }

    // MARK: Staff

    public static func userExists(_ username: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() != nil
    }

    public static func staff(companyId: Int, on sql: any SQLDatabase) async throws -> [StaffMember] {
        try await sql.raw("""
            SELECT m.*, COALESCE(u.full_name, m.username) AS full_name FROM staff_members m LEFT JOIN users u ON u.username = m.username
            WHERE m.company_id = \(bind: companyId) ORDER BY full_name, m.id
            """).all().map { row in
            let c = StoredRow(row, table: "staff_members")
            return StaffMember(id: try c.value("id"), companyId: try c.value("company_id"), username: try c.value("username"), fullName: try c.value("full_name"),
                               position: try c.value("position"), hiredOn: try c.day("hired_on"), payerIds: try decode(c, "payer_ids", as: [Int].self),
                               sectorIds: try decode(c, "sector_ids", as: [Int].self), active: try c.value("active"))
        }
    }

    public static func insertStaff(_ m: StaffMember, by actor: AuditActor, on sql: any SQLDatabase) async throws -> StaffMember {
        var saved = m
        saved.id = try await InsertedId.of(sql.insert(into: "staff_members")
            .columns("company_id", "username", "position", "hired_on", "payer_ids", "sector_ids", "active")
            .values(SQLBind(m.companyId), SQLBind(m.username), SQLBind(m.position), SQLBind(m.hiredOn.iso), SQLBind(try json(m.payerIds)),
                    SQLBind(try json(m.sectorIds)), SQLBind(m.active)), table: "staff_members")
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "staff_member", entityId: saved.id.map(String.init), after: saved)
        return saved
    }

    public static func updateStaff(_ m: StaffMember, before: StaffMember, by actor: AuditActor, on sql: any SQLDatabase) async throws {
        try await sql.update("staff_members").set("position", to: SQLBind(m.position)).set("hired_on", to: SQLBind(m.hiredOn.iso))
            .set("payer_ids", to: SQLBind(try json(m.payerIds))).set("sector_ids", to: SQLBind(try json(m.sectorIds))).set("active", to: SQLBind(m.active))
            .where("id", .equal, SQLBind(m.id ?? 0)).run()
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "staff_member", entityId: m.id.map(String.init), before: before, after: m)
    }

    // MARK: Trainings

    public static func trainings(companyId: Int, on sql: any SQLDatabase) async throws -> [Training] {
        let rows = try await sql.select().column("*").from("trainings").where("company_id", .equal, SQLBind(companyId))
            .orderBy("day", .descending).orderBy("id", .descending).limit(1_000).all()
        var trainings = try rows.map { row -> Training in
            let c = StoredRow(row, table: "trainings")
            return Training(id: try c.value("id"), companyId: try c.value("company_id"), topic: try c.value("topic"), day: try c.day("day"),
                            minutes: try c.value("minutes"), instructor: try c.value("instructor"), material: try c.value("material"),
                            recyclingMonths: try c.optional("recycling_months"))
        }
        guard !trainings.isEmpty else { return [] }
        let ids = trainings.compactMap(\.id)
        var attendees: [Int: [Training.Attendee]] = [:]
        for row in try await sql.select().columns("training_id", "username", "attended").from("training_attendees")
            .where("training_id", .in, SQLBind.group(ids)).orderBy("username").all() {
            let c = StoredRow(row, table: "training_attendees")
            attendees[try c.value("training_id"), default: []].append(.init(username: try c.value("username"), attended: try c.value("attended")))
        }
        for index in trainings.indices { trainings[index].attendees = attendees[trainings[index].id ?? 0] ?? [] }
        return trainings
    }

    public static func insertTraining(_ t: Training, by actor: AuditActor, on sql: any SQLDatabase) async throws -> Training {
        var saved = t
        saved.id = try await InsertedId.of(sql.insert(into: "trainings")
            .columns("company_id", "topic", "day", "minutes", "instructor", "material", "recycling_months", "created_by")
            .values(SQLBind(t.companyId), SQLBind(t.topic), SQLBind(t.day.iso), SQLBind(t.minutes), SQLBind(t.instructor), SQLBind(t.material),
                    SQLBind.optional(t.recyclingMonths), SQLBind(actor.username)), table: "trainings")
        for a in t.attendees {
            try await sql.insert(into: "training_attendees").columns("training_id", "username", "attended")
                .values(SQLBind(saved.id!), SQLBind(a.username), SQLBind(a.attended)).run()
        }
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "training", entityId: saved.id.map(String.init), after: saved)
        return saved
    }

    // MARK: Meetings

    static func meeting(_ row: any SQLRow) throws -> Meeting {
        let c = StoredRow(row, table: "meetings")
        return Meeting(id: try c.value("id"), companyId: try c.value("company_id"), day: try c.day("day"), withSectorId: try c.optional("sector_id"),
                       attendees: try c.value("attendees"), agenda: try c.value("agenda"), decisions: try c.value("decisions"))
    }

    static func task(_ row: any SQLRow) throws -> (meetingId: Int, task: MeetingTask) {
        let c = StoredRow(row, table: "meeting_tasks")
        return (try c.value("meeting_id"), MeetingTask(id: try c.value("id"), description: try c.value("description"), owner: try c.value("owner"),
                                                       dueOn: try c.day("due_on"),
                                                       doneOn: try StoredRow.day(try c.optional("done_on", as: String.self), table: "meeting_tasks", column: "done_on")))
    }

    public static func meetings(companyId: Int, on sql: any SQLDatabase) async throws -> [Meeting] {
        var meetings = try await sql.select().column("*").from("meetings").where("company_id", .equal, SQLBind(companyId))
            .orderBy("day", .descending).orderBy("id", .descending).limit(1_000).all().map(meeting)
        guard !meetings.isEmpty else { return [] }
        var tasks: [Int: [MeetingTask]] = [:]
        for row in try await sql.select().column("*").from("meeting_tasks").where("meeting_id", .in, SQLBind.group(meetings.compactMap(\.id))).orderBy("id").all() {
            let (meetingId, task) = try task(row)
            tasks[meetingId, default: []].append(task)
        }
        for index in meetings.indices { meetings[index].tasks = tasks[meetings[index].id ?? 0] ?? [] }
        return meetings
    }

    public static func meeting(_ id: Int, on sql: any SQLDatabase) async throws -> Meeting? {
        guard var found = try await sql.select().column("*").from("meetings").where("id", .equal, SQLBind(id)).first().map(meeting) else { return nil }
        found.tasks = try await sql.select().column("*").from("meeting_tasks").where("meeting_id", .equal, SQLBind(id)).orderBy("id").all().map { try task($0).task }
        return found
    }

    public static func insertMeeting(_ m: Meeting, by actor: AuditActor, on sql: any SQLDatabase) async throws -> Meeting {
        var saved = m
        saved.id = try await InsertedId.of(sql.insert(into: "meetings")
            .columns("company_id", "day", "sector_id", "attendees", "agenda", "decisions", "created_by")
            .values(SQLBind(m.companyId), SQLBind(m.day.iso), SQLBind.optional(m.withSectorId), SQLBind(m.attendees), SQLBind(m.agenda), SQLBind(m.decisions),
                    SQLBind(actor.username)), table: "meetings")
        saved.tasks = []
        for t in m.tasks { saved.tasks.append(try await insertTask(t, meetingId: saved.id!, on: sql)) }
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "meeting", entityId: saved.id.map(String.init), after: saved)
        return saved
    }

    public static func insertTask(_ t: MeetingTask, meetingId: Int, on sql: any SQLDatabase) async throws -> MeetingTask {
        var saved = t
        saved.id = try await InsertedId.of(sql.insert(into: "meeting_tasks").columns("meeting_id", "description", "owner", "due_on", "done_on")
            .values(SQLBind(meetingId), SQLBind(t.description), SQLBind(t.owner), SQLBind(t.dueOn.iso), SQLBind.optional(t.doneOn?.iso)), table: "meeting_tasks")
        return saved
    }

    /// Marks a task done on `day` if it is still open; false when it was already done.
    public static func completeTask(_ id: Int, meetingId: Int, on day: CalendarDay, sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.update("meeting_tasks").set("done_on", to: SQLBind(day.iso)).where("id", .equal, SQLBind(id))
            .where("meeting_id", .equal, SQLBind(meetingId)).where("done_on", .is, SQLLiteral.null).returning("id").all()).isEmpty
    }

    // MARK: Guidelines

    static func guideline(_ row: any SQLRow) throws -> Guideline {
        let c = StoredRow(row, table: "guidelines")
        return Guideline(id: try c.value("id"), companyId: try c.value("company_id"), issuedOn: try c.day("issued_on"), title: try c.value("title"),
                         text: try c.value("body"), issuedBy: try c.value("issued_by"))
    }

    public static func guidelines(companyId: Int, on sql: any SQLDatabase) async throws -> [(guideline: Guideline, acknowledged: Set<String>)] {
        let list = try await sql.select().column("*").from("guidelines").where("company_id", .equal, SQLBind(companyId))
            .orderBy("issued_on", .descending).orderBy("id", .descending).limit(1_000).all().map(guideline)
        guard !list.isEmpty else { return [] }
        var acks: [Int: Set<String>] = [:]
        for row in try await sql.select().columns("guideline_id", "username").from("guideline_acks").where("guideline_id", .in, SQLBind.group(list.compactMap(\.id))).all() {
            let c = StoredRow(row, table: "guideline_acks")
            acks[try c.value("guideline_id"), default: []].insert(try c.value("username"))
        }
        return list.map { ($0, acks[$0.id ?? 0] ?? []) }
    }

    public static func guideline(_ id: Int, on sql: any SQLDatabase) async throws -> (guideline: Guideline, acks: [(username: String, at: String)])? {
        guard let found = try await sql.select().column("*").from("guidelines").where("id", .equal, SQLBind(id)).first().map(guideline) else { return nil }
        let acks = try await sql.select().columns("username", "at").from("guideline_acks").where("guideline_id", .equal, SQLBind(id)).orderBy("at").all().map { row in
            let c = StoredRow(row, table: "guideline_acks")
            return (username: try c.value("username", as: String.self), at: try c.value("at", as: String.self))
        }
        return (found, acks)
    }

    public static func insertGuideline(_ g: Guideline, by actor: AuditActor, on sql: any SQLDatabase) async throws -> Guideline {
        var saved = g
        saved.issuedBy = actor.username
        saved.id = try await InsertedId.of(sql.insert(into: "guidelines").columns("company_id", "issued_on", "title", "body", "issued_by")
            .values(SQLBind(g.companyId), SQLBind(g.issuedOn.iso), SQLBind(g.title), SQLBind(g.text), SQLBind(actor.username)), table: "guidelines")
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "guideline", entityId: saved.id.map(String.init), after: saved)
        return saved
    }

    /// The member's acknowledgement, once (again changes nothing); true when it was new.
    public static func acknowledge(_ id: Int, username: String, at now: String, on sql: any SQLDatabase) async throws -> Bool {
        let seen = try await sql.select().column("username").from("guideline_acks").where("guideline_id", .equal, SQLBind(id))
            .where("username", .equal, SQLBind(username)).first()
        guard seen == nil else { return false }
        try await sql.insert(into: "guideline_acks").columns("guideline_id", "username", "at").values(SQLBind(id), SQLBind(username), SQLBind(now)).run()
        return true
    }

    // MARK: Evaluations

    static func evaluation(_ row: any SQLRow) throws -> Evaluation {
        let c = StoredRow(row, table: "evaluations")
        return Evaluation(id: try c.value("id"), companyId: try c.value("company_id"), username: try c.value("username"), periodFrom: try c.day("period_from"),
                          periodTo: try c.day("period_to"), scores: try decode(c, "scores_json", as: [Evaluation.Score].self), comments: try c.value("comments"),
                          improvementPlan: try c.value("improvement_plan"), evaluatedBy: try c.value("evaluated_by"), evaluatedOn: try c.day("evaluated_on"))
    }

    public static func evaluations(companyId: Int, on sql: any SQLDatabase) async throws -> [Evaluation] {
        try await sql.select().column("*").from("evaluations").where("company_id", .equal, SQLBind(companyId))
            .orderBy("evaluated_on", .descending).orderBy("id", .descending).limit(1_000).all().map(evaluation)
    }

    public static func evaluation(_ id: Int, on sql: any SQLDatabase) async throws -> Evaluation? {
        try await sql.select().column("*").from("evaluations").where("id", .equal, SQLBind(id)).first().map(evaluation)
    }

    public static func insertEvaluation(_ e: Evaluation, by actor: AuditActor, on sql: any SQLDatabase) async throws -> Evaluation {
        var saved = e
        saved.evaluatedBy = actor.username
        saved.id = try await InsertedId.of(sql.insert(into: "evaluations")
            .columns("company_id", "username", "period_from", "period_to", "scores_json", "comments", "improvement_plan", "evaluated_by", "evaluated_on")
            .values(SQLBind(e.companyId), SQLBind(e.username), SQLBind(e.periodFrom.iso), SQLBind(e.periodTo.iso), SQLBind(try json(e.scores)),
                    SQLBind(e.comments), SQLBind(e.improvementPlan), SQLBind(actor.username), SQLBind(e.evaluatedOn.iso)), table: "evaluations")
        // The audit log names the evaluation, not its content (kept for the supervisor and admin only).
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "evaluation", entityId: saved.id.map(String.init),
                                  detail: "avaliação de \(e.username)")
        return saved
    }

    // MARK: Performance

    /// Each person's work in `from`…`to` (days, hospital time; `closedFrom`/`closedBefore` the same
    /// bounds as timestamps): partials closed and their items, non-conformities registered (not
    /// cancelled), invoices sent and how many by their deadline, and the glosa on the claims of the
    /// partials they closed against those claims' total. One grouped query each, as a DBA would.
    public static func performance(companyId: Int, from: CalendarDay, to: CalendarDay, closedFrom: String, closedBefore: String,
                                   on sql: any SQLDatabase) async throws -> [StaffPerformance] {
        var people: [String: StaffPerformance] = [:]
        func person(_ name: String) -> StaffPerformance { people[name] ?? StaffPerformance(username: name) }
        for row in try await sql.raw("""
            SELECT p.closed_by AS who, COUNT(*) AS partials, CAST(COALESCE(SUM((SELECT COUNT(*) FROM charge_items i WHERE i.partial_id = p.id)), 0) AS BIGINT) AS items
            FROM partial_bills p
            WHERE p.company_id = \(bind: companyId) AND p.closed_by IS NOT NULL AND p.closed_at >= \(bind: closedFrom) AND p.closed_at < \(bind: closedBefore)
            GROUP BY p.closed_by
            """).all() {
            let who = try row.decode(column: "who", as: String.self)
            var p = person(who)
            p.partialsClosed = try row.decode(column: "partials", as: Int.self)
            p.items = try row.decode(column: "items", as: Int.self)
            people[who] = p
        }
        for row in try await sql.raw("""
            SELECT n.registered_by AS who, COUNT(*) AS n FROM nonconformities n JOIN partial_bills p ON p.id = n.partial_id
            WHERE p.company_id = \(bind: companyId) AND n.status <> 'cancelled' AND n.registered_on >= \(bind: from.iso) AND n.registered_on <= \(bind: to.iso)
            GROUP BY n.registered_by
            """).all() {
            let who = try row.decode(column: "who", as: String.self)
            var p = person(who)
            p.nonConformitiesFound = try row.decode(column: "n", as: Int.self)
            people[who] = p
        }
        for row in try await sql.raw("""
            SELECT v.sent_by AS who, COUNT(*) AS n, CAST(SUM(CASE WHEN v.deadline IS NULL OR v.sent_on <= v.deadline THEN 1 ELSE 0 END) AS BIGINT) AS on_time FROM invoices v
            WHERE v.company_id = \(bind: companyId) AND v.sent_by IS NOT NULL AND v.sent_on >= \(bind: from.iso) AND v.sent_on <= \(bind: to.iso)
            GROUP BY v.sent_by
            """).all() {
            let who = try row.decode(column: "who", as: String.self)
            var p = person(who)
            p.invoicesSent = try row.decode(column: "n", as: Int.self)
            p.invoicesOnTime = try row.decode(column: "on_time", as: Int.self)
            people[who] = p
        }
        for row in try await sql.raw("""
            SELECT p.closed_by AS who, CAST(COALESCE(SUM(c.total), 0) AS BIGINT) AS billed,
                   CAST(COALESCE(SUM((SELECT SUM(g.value) FROM glosas g JOIN invoice_claim_items ci ON ci.id = g.claim_item_id WHERE ci.claim_id = c.id)), 0) AS BIGINT) AS glosa
            FROM invoice_claims c JOIN partial_bills p ON p.id = c.partial_id
            WHERE p.company_id = \(bind: companyId) AND p.closed_by IS NOT NULL AND p.closed_at >= \(bind: closedFrom) AND p.closed_at < \(bind: closedBefore)
            GROUP BY p.closed_by
            """).all() {
            let who = try row.decode(column: "who", as: String.self)
            var p = person(who)
            p.billed = Money(cents: try row.decode(column: "billed", as: Int64.self))
            p.glosa = Money(cents: try row.decode(column: "glosa", as: Int64.self))
            people[who] = p
        }
        return people.values.sorted { $0.username < $1.username }
    }
}
