/// A payer's notice (*comunicado de convênio*): a letter or e-mail — a new price table, a changed
/// rule or deadline, an authorisation procedure — that billing registers and distributes to the
/// sectors that must act on it, each with a due date, until every sector has read it and done
/// what it asks.
public struct PayerNotice: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var payerId: Int
    public var receivedOn: CalendarDay
    public var subject: String
    public var text: String
    public var kind: PayerNoticeKind
    /// From when the change applies (a new table's start); nil when the notice says none.
    public var effectiveOn: CalendarDay?
    /// The contract version a table or rule change led to (registered by billing).
    public var contractId: Int?
    /// The price table version it brought in.
    public var priceTableId: Int?
    public var registeredBy: String
    public var version: Int

    public init(id: Int? = nil, companyId: Int, payerId: Int, receivedOn: CalendarDay, subject: String, text: String, kind: PayerNoticeKind,
                effectiveOn: CalendarDay? = nil, contractId: Int? = nil, priceTableId: Int? = nil, registeredBy: String = "", version: Int = 1) {
        self.id = id
        self.companyId = companyId
        self.payerId = payerId
        self.receivedOn = receivedOn
        self.subject = subject
        self.text = text
        self.kind = kind
        self.effectiveOn = effectiveOn
        self.contractId = contractId
        self.priceTableId = priceTableId
        self.registeredBy = registeredBy
        self.version = version
    }

    public static let subjectLimit = 200
    public static let textLimit = 20_000
    /// The sectors a notice goes to unless billing changes the list (the seed's distribution).
    public static let defaultSectorCodes = ["atendimento", "informatica", "controladoria", "faturamento"]
    /// Business days a sector has to act when billing does not set a due date.
    public static let defaultBusinessDays = 3
    public static let attachmentLimit = 5
    public static let attachmentBytesLimit = 1_500_000

    public mutating func normalize() {
        subject = subject.trimmingSpaces()
        text = text.trimmingSpaces()
    }

    /// What the form can get wrong, each named by its field.
    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if subject.isEmpty { errors.add("subject", "Informe o assunto do comunicado.") }
        if subject.count > Self.subjectLimit { errors.add("subject", "Assunto com mais de \(Self.subjectLimit) caracteres.") }
        if text.isEmpty { errors.add("text", "Transcreva ou resuma o texto do comunicado.") }
        if text.count > Self.textLimit { errors.add("text", "Texto com mais de \(BrazilianFormat.integer(Self.textLimit)) caracteres.") }
        if receivedOn > today { errors.add("receivedOn", "A data de recebimento não pode estar no futuro.") }
        if receivedOn < today.adding(days: -3_660) { errors.add("receivedOn", "A data de recebimento está mais de dez anos no passado.") }
        if let effectiveOn, effectiveOn < receivedOn.adding(days: -3_660) || effectiveOn > receivedOn.adding(days: 3_660) {
            errors.add("effectiveOn", "A vigência deve estar a menos de dez anos do recebimento.")
        }
        if kind != .tableChange && kind != .ruleChange, contractId != nil || priceTableId != nil {
            errors.add("kind", "Só um comunicado de mudança de tabela ou de regra se liga a um contrato ou tabela.")
        }
        return errors.all
    }

    /// The due date a sector gets by default: three business days after the notice is
    /// distributed, but not after the day the change takes effect (when that is still ahead).
    public static func defaultDue(distributedOn day: CalendarDay, effectiveOn: CalendarDay?) -> CalendarDay {
        let due = BusinessDays.adding(defaultBusinessDays, to: day)
        if let effectiveOn, effectiveOn >= day, effectiveOn < due { return effectiveOn }
        return due
    }
}

public enum PayerNoticeKind: String, Sendable, CaseIterable, Codable {
    case tableChange = "table_change"
    case ruleChange = "rule_change"
    case deadlineChange = "deadline_change"
    case authorization
    case other

    public var label: String {
        switch self {
        case .tableChange: "Mudança de tabela"
        case .ruleChange: "Mudança de regra"
        case .deadlineChange: "Mudança de prazo"
        case .authorization: "Autorização"
        case .other: "Outro"
        }
    }
}

/// A notice sent to one sector: due by a date, read, then done with a note of what the sector did.
public struct NoticeDistribution: Sendable, Equatable, Codable {
    public var id: Int?
    public var noticeId: Int
    public var sectorId: Int
    public var dueOn: CalendarDay
    public var readAt: String?
    public var readBy: String?
    public var doneAt: String?
    public var doneBy: String?
    public var doneNote: String?
    /// The day it was done (hospital time), for lateness.
    public var doneOn: CalendarDay?

    public init(id: Int? = nil, noticeId: Int, sectorId: Int, dueOn: CalendarDay, readAt: String? = nil, readBy: String? = nil,
                doneAt: String? = nil, doneBy: String? = nil, doneNote: String? = nil, doneOn: CalendarDay? = nil) {
        self.id = id
        self.noticeId = noticeId
        self.sectorId = sectorId
        self.dueOn = dueOn
        self.readAt = readAt
        self.readBy = readBy
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.doneNote = doneNote
        self.doneOn = doneOn
    }

    public static let noteLimit = 2_000

    public var status: NoticeDistributionStatus { doneAt != nil ? .done : readAt != nil ? .read : .pending }

    /// Not done by its due date: still open after it, or done after it.
    public func isLate(today: CalendarDay) -> Bool {
        if let doneOn { return doneOn > dueOn }
        return today > dueOn
    }

    /// The sector reads the notice (again is harmless: the first reading counts).
    public mutating func markRead(by username: String, at timestamp: String) {
        guard readAt == nil else { return }
        readAt = timestamp
        readBy = username
    }

    /// The sector says what it did. Only after reading it, once, and with a note.
    public mutating func markDone(note: String, by username: String, at timestamp: String, on day: CalendarDay) throws(FaturaError) {
        let note = note.trimmingSpaces()
        guard readAt != nil else { throw .noticeRefused("Marque o comunicado como lido antes de concluí-lo.") }
        guard doneAt == nil else { throw .noticeRefused("Este setor já concluiu o comunicado em \(doneOn.map(BrazilianFormat.date) ?? "—").") }
        if note.isEmpty { throw .validation([FieldError("note", "Escreva o que o setor fez (a providência tomada).")]) }
        if note.count > Self.noteLimit { throw .validation([FieldError("note", "Observação com mais de \(BrazilianFormat.integer(Self.noteLimit)) caracteres.")]) }
        doneAt = timestamp
        doneBy = username
        doneNote = note
        doneOn = day
    }
}

public enum NoticeDistributionStatus: String, Sendable, CaseIterable, Codable {
    case pending, read, done

    public var label: String {
        switch self {
        case .pending: "Não lido"
        case .read: "Lido"
        case .done: "Concluído"
        }
    }
}
