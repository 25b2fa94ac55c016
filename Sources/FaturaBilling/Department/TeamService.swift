import FaturaDomain
import FaturaStore
import Foundation

/// The team (issue 15): staff, trainings and their recycling, meetings and their follow-ups, the
/// board's guidelines acknowledged by each member, the computed performance and the evaluations.
public struct TeamService: BillingService {
    let context: ServiceContext

    public func staff(companyId: Int) async throws -> [StaffMember] {
        try await database.read { try await TeamRepository.staff(companyId: companyId, on: $0) }
    }

    /// Adds a user to the team, or updates their record (one per user and company).
    public func saveStaff(_ input: StaffMember, by actor: AuditActor) async throws -> StaffMember {
        var member = input
        member.position = member.position.trimmingSpaces()
        member.payerIds = Array(Set(member.payerIds)).sorted()
        member.sectorIds = Array(Set(member.sectorIds)).sorted()
        let problems = member.validate(today: clock.today())
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = member
        return try await database.transaction { tx in
            guard try await TeamRepository.userExists(candidate.username, on: tx) else {
                throw FaturaError.validation([FieldError("username", "Usuário não encontrado.")])
            }
            if let before = try await TeamRepository.staff(companyId: candidate.companyId, on: tx).first(where: { $0.username == candidate.username }) {
                var after = candidate
                after.id = before.id
                after.fullName = before.fullName
                try await TeamRepository.updateStaff(after, before: before, by: actor, on: tx)
                return after
            }
            return try await TeamRepository.insertStaff(candidate, by: actor, on: tx)
        }
    }

    public func trainings(companyId: Int) async throws -> [Training] {
        try await database.read { try await TeamRepository.trainings(companyId: companyId, on: $0) }
    }

    public func registerTraining(_ input: Training, by actor: AuditActor) async throws -> Training {
        var training = input
        training.normalize()
        var seen = Set<String>()
        training.attendees = training.attendees.filter { seen.insert($0.username).inserted }
        let problems = training.validate(today: clock.today())
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = training
        return try await database.transaction { tx in try await TeamRepository.insertTraining(candidate, by: actor, on: tx) }
    }

    public func meetings(companyId: Int) async throws -> [Meeting] {
        try await database.read { try await TeamRepository.meetings(companyId: companyId, on: $0) }
    }

    public func meeting(_ id: Int, companyId: Int) async throws -> Meeting {
        guard let found = try await database.read({ try await TeamRepository.meeting(id, on: $0) }), found.companyId == companyId else {
            throw FaturaError.notFound(entity: "reunião")
        }
        return found
    }

    public func registerMeeting(_ input: Meeting, by actor: AuditActor) async throws -> Meeting {
        var meeting = input
        meeting.attendees = meeting.attendees.trimmingSpaces()
        meeting.agenda = meeting.agenda.trimmingSpaces()
        meeting.decisions = meeting.decisions.trimmingSpaces()
        let problems = meeting.validate(today: clock.today()) + meeting.tasks.flatMap { $0.validate() }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = meeting
        return try await database.transaction { tx in try await TeamRepository.insertMeeting(candidate, by: actor, on: tx) }
    }

    public func addTask(_ task: MeetingTask, to meetingId: Int, companyId: Int, by actor: AuditActor) async throws -> MeetingTask {
        var task = task
        task.description = task.description.trimmingSpaces()
        task.owner = task.owner.trimmingSpaces()
        var problems = task.validate()
        let today = clock.today()
        if task.dueOn < today.adding(days: -366) || task.dueOn > today.adding(days: 3_660) { problems.append(FieldError("dueOn", "Prazo implausível.")) }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = task
        _ = try await meeting(meetingId, companyId: companyId)
        return try await database.transaction { tx in
            let saved = try await TeamRepository.insertTask(candidate, meetingId: meetingId, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "meeting", entityId: String(meetingId), after: saved, detail: "tarefa incluída")
            return saved
        }
    }

    public func completeTask(_ taskId: Int, of meetingId: Int, companyId: Int, by actor: AuditActor) async throws {
        _ = try await meeting(meetingId, companyId: companyId)
        let today = clock.today()
        try await database.transaction { tx in
            guard try await TeamRepository.completeTask(taskId, meetingId: meetingId, on: today, sql: tx) else {
                throw FaturaError.conflict("A tarefa já estava concluída (ou não é desta reunião).")
            }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "meeting", entityId: String(meetingId), detail: "tarefa \(taskId) concluída")
        }
    }

    public func guidelines(companyId: Int) async throws -> [(guideline: Guideline, acknowledged: Set<String>)] {
        try await database.read { try await TeamRepository.guidelines(companyId: companyId, on: $0) }
    }

    public func guideline(_ id: Int, companyId: Int) async throws -> (guideline: Guideline, acks: [(username: String, at: String)]) {
        guard let found = try await database.read({ try await TeamRepository.guideline(id, on: $0) }), found.guideline.companyId == companyId else {
            throw FaturaError.notFound(entity: "orientação da diretoria")
        }
        return found
    }

    public func issueGuideline(_ input: Guideline, by actor: AuditActor) async throws -> Guideline {
        var g = input
        g.title = g.title.trimmingSpaces()
        g.text = g.text.trimmingSpaces()
        let problems = g.validate(today: clock.today())
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = g
        return try await database.transaction { tx in try await TeamRepository.insertGuideline(candidate, by: actor, on: tx) }
    }

    /// The signed-in member confirms they read the guideline (once).
    public func acknowledgeGuideline(_ id: Int, companyId: Int, by actor: AuditActor) async throws {
        _ = try await guideline(id, companyId: companyId)
        let now = clock.timestamp()
        try await database.transaction { tx in
            if try await TeamRepository.acknowledge(id, username: actor.username, at: now, on: tx) {
                try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "guideline", entityId: String(id), detail: "ciência de \(actor.username)")
            }
        }
    }

    public func evaluations(companyId: Int) async throws -> [Evaluation] {
        try await database.read { try await TeamRepository.evaluations(companyId: companyId, on: $0) }
    }

    public func evaluation(_ id: Int, companyId: Int) async throws -> Evaluation {
        guard let found = try await database.read({ try await TeamRepository.evaluation(id, on: $0) }), found.companyId == companyId else {
            throw FaturaError.notFound(entity: "avaliação")
        }
        return found
    }

    public func evaluate(_ input: Evaluation, by actor: AuditActor) async throws -> Evaluation {
        var e = input
        e.comments = e.comments.trimmingSpaces()
        e.improvementPlan = e.improvementPlan.trimmingSpaces()
        e.evaluatedOn = clock.today()
        var problems = e.validate()
        if e.periodTo > e.evaluatedOn { problems.append(FieldError("periodTo", "O período avaliado não pode terminar no futuro.")) }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = e
        return try await database.transaction { tx in
            guard try await TeamRepository.staff(companyId: candidate.companyId, on: tx).contains(where: { $0.username == candidate.username }) else {
                throw FaturaError.validation([FieldError("username", "Escolha um colaborador da equipe.")])
            }
            return try await TeamRepository.insertEvaluation(candidate, by: actor, on: tx)
        }
    }

    /// Each person's work in `from`…`to`, computed from the partials, non-conformities, invoices and glosas.
    public func performance(companyId: Int, from: CalendarDay, to: CalendarDay) async throws -> [StaffPerformance] {
        guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch <= 1_100 else {
            throw FaturaError.validation([FieldError("ate", "Período de até três anos, com o início antes do fim.")])
        }
        let closedFrom = clock.startTimestamp(of: from), closedBefore = clock.startTimestamp(of: to.adding(days: 1))
        return try await database.read {
            try await TeamRepository.performance(companyId: companyId, from: from, to: to, closedFrom: closedFrom, closedBefore: closedBefore, on: $0)
        }
    }
}
