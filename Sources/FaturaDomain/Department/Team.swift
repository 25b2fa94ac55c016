/// A member of the billing team (*colaborador*): the user they sign in as, when they were hired,
/// their position, and the payers and sectors they cover.
public struct StaffMember: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var username: String
    public var fullName: String
    public var position: String
    public var hiredOn: CalendarDay
    public var payerIds: [Int]
    public var sectorIds: [Int]
    public var active: Bool

    public init(id: Int? = nil, companyId: Int, username: String, fullName: String = "", position: String, hiredOn: CalendarDay,
                payerIds: [Int] = [], sectorIds: [Int] = [], active: Bool = true) {
        self.id = id
        self.companyId = companyId
        self.username = username
        self.fullName = fullName
        self.position = position
        self.hiredOn = hiredOn
        self.payerIds = payerIds
        self.sectorIds = sectorIds
        self.active = active
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if position.trimmingSpaces().isEmpty { errors.add("position", "Informe a função do colaborador.") }
        if position.count > 80 { errors.add("position", "Função com mais de 80 caracteres.") }
        if hiredOn > today { errors.add("hiredOn", "A admissão não pode estar no futuro.") }
        if hiredOn.year < 1960 { errors.add("hiredOn", "Data de admissão implausível.") }
        if payerIds.count > 200 || sectorIds.count > 200 { errors.add("payerIds", "Convênios ou setores demais (até 200).") }
        return errors.all
    }
}

/// A training given to the team: topic, day, hours, instructor, material, who attended, and
/// after how many months the topic must be taught again (*reciclagem*).
public struct Training: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var topic: String
    public var day: CalendarDay
    public var minutes: Int
    public var instructor: String
    public var material: String
    /// nil: the topic needs no recycling.
    public var recyclingMonths: Int?
    public var attendees: [Attendee]

    public struct Attendee: Sendable, Equatable, Codable {
        public var username: String
        public var attended: Bool
        public init(username: String, attended: Bool) {
            self.username = username
            self.attended = attended
        }
    }

    public init(id: Int? = nil, companyId: Int, topic: String, day: CalendarDay, minutes: Int, instructor: String, material: String = "",
                recyclingMonths: Int? = nil, attendees: [Attendee] = []) {
        self.id = id
        self.companyId = companyId
        self.topic = topic
        self.day = day
        self.minutes = minutes
        self.instructor = instructor
        self.material = material
        self.recyclingMonths = recyclingMonths
        self.attendees = attendees
    }

    public mutating func normalize() {
        topic = topic.trimmingSpaces()
        instructor = instructor.trimmingSpaces()
        material = material.trimmingSpaces()
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if topic.isEmpty || topic.count > 120 { errors.add("topic", "Informe o tema do treinamento (até 120 caracteres).") }
        if instructor.isEmpty || instructor.count > 120 { errors.add("instructor", "Informe quem ministrou (até 120 caracteres).") }
        if material.count > 2_000 { errors.add("material", "Material com mais de 2.000 caracteres.") }
        if !(15...2_400).contains(minutes) { errors.add("hours", "Carga horária de 0,25 a 40 horas.") }
        if let months = recyclingMonths, !(1...60).contains(months) { errors.add("recyclingMonths", "Reciclagem de 1 a 60 meses.") }
        if day < today.adding(days: -3_660) || day > today.adding(days: 366) { errors.add("day", "A data do treinamento deve estar a menos de dez anos de hoje.") }
        if attendees.count > 500 { errors.add("attendees", "Participantes demais (até 500).") }
        return errors.all
    }

    /// The day `username` must take the topic again: the training's day plus the recycling
    /// months (the month's last day when it is shorter: 31/08 + 6 months = 28/02); nil when the
    /// topic has no recycling or the person did not attend.
    public func recyclingDue(for username: String) -> CalendarDay? {
        guard let months = recyclingMonths, attendees.contains(where: { $0.username == username && $0.attended }) else { return nil }
        return day.adding(months: months)
    }

    /// Per person and topic, the latest attended training's recycling due day.
    public static func recycling(_ trainings: [Training]) -> [(username: String, topic: String, lastOn: CalendarDay, dueOn: CalendarDay)] {
        var latest: [String: (String, String, CalendarDay, CalendarDay)] = [:]
        for t in trainings {
            for a in t.attendees where a.attended {
                guard let due = t.recyclingDue(for: a.username) else { continue }
                let key = a.username + "\u{1F}" + t.topic.lowercased()
                if let seen = latest[key], seen.2 >= t.day { continue }
                latest[key] = (a.username, t.topic, t.day, due)
            }
        }
        return latest.values.map { (username: $0.0, topic: $0.1, lastOn: $0.2, dueOn: $0.3) }
            .sorted { ($0.dueOn, $0.username, $0.topic) < ($1.dueOn, $1.username, $1.topic) }
    }
}

extension CalendarDay {
    /// The same day `months` later (or earlier), or the month's last day when it is shorter.
    public func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let y = index / 12, m = index % 12 + 1
        var d = day
        while CalendarDay(year: y, month: m, day: d) == nil { d -= 1 }
        return CalendarDay(year: y, month: m, day: d)!
    }
}

/// A meeting of the team or with a sector: who came, the agenda, what was decided, and the
/// follow-up tasks with owner and due date.
public struct Meeting: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var day: CalendarDay
    public var withSectorId: Int?
    public var attendees: String
    public var agenda: String
    public var decisions: String
    public var tasks: [MeetingTask]

    public init(id: Int? = nil, companyId: Int, day: CalendarDay, withSectorId: Int? = nil, attendees: String, agenda: String, decisions: String = "",
                tasks: [MeetingTask] = []) {
        self.id = id
        self.companyId = companyId
        self.day = day
        self.withSectorId = withSectorId
        self.attendees = attendees
        self.agenda = agenda
        self.decisions = decisions
        self.tasks = tasks
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if attendees.trimmingSpaces().isEmpty || attendees.count > 2_000 { errors.add("attendees", "Liste os participantes (até 2.000 caracteres).") }
        if agenda.trimmingSpaces().isEmpty || agenda.count > 4_000 { errors.add("agenda", "Escreva a pauta (até 4.000 caracteres).") }
        if decisions.count > 10_000 { errors.add("decisions", "Decisões com mais de 10.000 caracteres.") }
        if day > today.adding(days: 366) || day < today.adding(days: -3_660) { errors.add("day", "A data da reunião deve estar a menos de dez anos de hoje.") }
        return errors.all
    }
}

public struct MeetingTask: Sendable, Equatable, Codable {
    public var id: Int?
    public var description: String
    public var owner: String
    public var dueOn: CalendarDay
    public var doneOn: CalendarDay?

    public init(id: Int? = nil, description: String, owner: String, dueOn: CalendarDay, doneOn: CalendarDay? = nil) {
        self.id = id
        self.description = description
        self.owner = owner
        self.dueOn = dueOn
        self.doneOn = doneOn
    }

    public func isLate(today: CalendarDay) -> Bool { doneOn.map { $0 > dueOn } ?? (today > dueOn) }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if description.trimmingSpaces().isEmpty || description.count > 500 { errors.add("description", "Descreva a tarefa (até 500 caracteres).") }
        if owner.trimmingSpaces().isEmpty || owner.count > 120 { errors.add("owner", "Informe o responsável.") }
        return errors.all
    }
}

/// A guideline of the board passed on to the team, with each member's acknowledgement.
public struct Guideline: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var issuedOn: CalendarDay
    public var title: String
    public var text: String
    public var issuedBy: String

    public init(id: Int? = nil, companyId: Int, issuedOn: CalendarDay, title: String, text: String, issuedBy: String = "") {
        self.id = id
        self.companyId = companyId
        self.issuedOn = issuedOn
        self.title = title
        self.text = text
        self.issuedBy = issuedBy
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if title.trimmingSpaces().isEmpty || title.count > 200 { errors.add("title", "Informe o título da orientação (até 200 caracteres).") }
        if text.trimmingSpaces().isEmpty || text.count > 20_000 { errors.add("text", "Escreva a orientação (até 20.000 caracteres).") }
        if issuedOn > today || issuedOn < today.adding(days: -3_660) { errors.add("issuedOn", "A data da orientação não pode estar no futuro nem a mais de dez anos.") }
        return errors.all
    }

    /// The active team members who have not acknowledged it yet.
    public static func pending(staff: [StaffMember], acknowledged: Set<String>) -> [StaffMember] {
        staff.filter { $0.active && !acknowledged.contains($0.username) }
    }
}

/// A periodic evaluation of a team member: each criterion scored 1 to 5, comments and an
/// improvement plan. Seen by the supervisor and the administrator only.
public struct Evaluation: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var username: String
    public var periodFrom: CalendarDay
    public var periodTo: CalendarDay
    public var scores: [Score]
    public var comments: String
    public var improvementPlan: String
    public var evaluatedBy: String
    public var evaluatedOn: CalendarDay

    public struct Score: Sendable, Equatable, Codable {
        public var criterion: String
        public var score: Int
        public init(criterion: String, score: Int) {
            self.criterion = criterion
            self.score = score
        }
    }

    /// The form's criteria, from the supervisor's duties in the seed.
    public static let criteria = ["Qualidade do faturamento (glosas evitáveis)", "Cumprimento de prazos", "Conhecimento das regras dos convênios",
                                  "Relacionamento com os setores", "Iniciativa e organização"]

    public init(id: Int? = nil, companyId: Int, username: String, periodFrom: CalendarDay, periodTo: CalendarDay, scores: [Score], comments: String,
                improvementPlan: String, evaluatedBy: String = "", evaluatedOn: CalendarDay) {
        self.id = id
        self.companyId = companyId
        self.username = username
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.scores = scores
        self.comments = comments
        self.improvementPlan = improvementPlan
        self.evaluatedBy = evaluatedBy
        self.evaluatedOn = evaluatedOn
    }

    /// The mean score in hundredths (4 and 5 → 450), nil without scores.
    public var averageHundredths: Int? {
        guard !scores.isEmpty else { return nil }
        let total = scores.reduce(0) { $0 + $1.score } * 100
        return (total + scores.count / 2) / scores.count
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if scores.count != Self.criteria.count { errors.add("scores", "Dê uma nota a cada critério.") }
        for (index, s) in scores.enumerated() where !(1...5).contains(s.score) {
            errors.add("score\(index)", "Nota de 1 a 5 em “\(s.criterion)”.")
        }
        if periodTo < periodFrom { errors.add("periodTo", "O fim do período é anterior ao início.") }
        if periodTo.daysSinceEpoch - periodFrom.daysSinceEpoch > 731 { errors.add("periodTo", "Período de no máximo dois anos.") }
        if comments.count > 4_000 { errors.add("comments", "Comentários com mais de 4.000 caracteres.") }
        if improvementPlan.count > 4_000 { errors.add("improvementPlan", "Plano de melhoria com mais de 4.000 caracteres.") }
        return errors.all
    }
}

/// One biller's work in a period, computed from the data (never typed).
public struct StaffPerformance: Sendable, Equatable {
    public var username: String
    public var partialsClosed: Int
    public var items: Int
    public var nonConformitiesFound: Int
    public var invoicesSent: Int
    public var invoicesOnTime: Int
    /// What the payers denied of the claims of the partials they closed, and those claims' total.
    public var glosa: Money
    public var billed: Money

    public init(username: String, partialsClosed: Int = 0, items: Int = 0, nonConformitiesFound: Int = 0, invoicesSent: Int = 0, invoicesOnTime: Int = 0,
                glosa: Money = .zero, billed: Money = .zero) {
        self.username = username
        self.partialsClosed = partialsClosed
        self.items = items
        self.nonConformitiesFound = nonConformitiesFound
        self.invoicesSent = invoicesSent
        self.invoicesOnTime = invoicesOnTime
        self.glosa = glosa
        self.billed = billed
    }

    public var glosaRate: Percentage? { Percentage.ratio(glosa, billed) }
}
