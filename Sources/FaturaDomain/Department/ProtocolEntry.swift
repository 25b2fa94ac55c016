/// One line of the billing department's protocol book (*livro de protocolo*): every document that
/// leaves for or arrives from a payer or another sector, numbered in sequence per year, with a
/// printable receipt for the counterpart to sign. Invoices and appeals sent, and payers' notices
/// received, write their line themselves.
public struct ProtocolEntry: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var year: Int
    public var sequence: Int
    public var day: CalendarDay
    public var direction: ProtocolDirection
    public var counterpart: String
    public var subject: String
    public var invoiceId: Int?
    public var appealId: Int?
    public var noticeId: Int?
    public var recordCopyId: Int?
    public var registeredBy: String

    public init(id: Int? = nil, companyId: Int, year: Int = 0, sequence: Int = 0, day: CalendarDay, direction: ProtocolDirection, counterpart: String,
                subject: String, invoiceId: Int? = nil, appealId: Int? = nil, noticeId: Int? = nil, recordCopyId: Int? = nil, registeredBy: String = "") {
        self.id = id
        self.companyId = companyId
        self.year = year
        self.sequence = sequence
        self.day = day
        self.direction = direction
        self.counterpart = counterpart
        self.subject = subject
        self.invoiceId = invoiceId
        self.appealId = appealId
        self.noticeId = noticeId
        self.recordCopyId = recordCopyId
        self.registeredBy = registeredBy
    }

    /// "2026/00042": the year's sequence, as written on the receipt.
    public var number: String { "\(year)/" + String(repeating: "0", count: max(0, 5 - String(sequence).count)) + String(sequence) }

    public mutating func normalize() {
        counterpart = counterpart.trimmingSpaces()
        subject = subject.trimmingSpaces()
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if counterpart.isEmpty { errors.add("counterpart", "Informe para quem vai ou de quem vem o documento.") }
        if counterpart.count > 120 { errors.add("counterpart", "Destinatário/remetente com mais de 120 caracteres.") }
        if subject.isEmpty { errors.add("subject", "Descreva o documento protocolado.") }
        if subject.count > 500 { errors.add("subject", "Assunto com mais de 500 caracteres.") }
        if day > today { errors.add("day", "A data do protocolo não pode estar no futuro.") }
        if day < today.adding(days: -366) { errors.add("day", "A data do protocolo está mais de um ano no passado.") }
        return errors.all
    }
}

public enum ProtocolDirection: String, Sendable, CaseIterable, Codable {
    case outgoing, incoming

    public var label: String {
        switch self {
        case .outgoing: "Expedido"
        case .incoming: "Recebido"
        }
    }
}
