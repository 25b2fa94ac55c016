/// One event in an invoice's life, as its timeline on the invoice's page (and the map's row) tells
/// it: created, closed, sent, protocol, each statement, each payment, each appeal sent and answered.
/// Read from the rows those events left, never from a second record kept by hand.
public struct InvoiceHistoryEntry: Hashable, Sendable {
    /// In lifecycle order: two events of the same day are told in this order.
    public enum Kind: Int, Sendable, Comparable, CaseIterable {
        case created, closed, sent, protocolReceived, statement, payment, appealCreated, appealSent, appealAnswered

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// What the event's link opens.
    public enum Subject: Hashable, Sendable { case none, statement(Int), appeal(Int), paymentStatement(Int) }

    /// When: a day, or a stored timestamp (the caller turns it into the hospital's day and time).
    public enum When: Hashable, Sendable { case day(CalendarDay), timestamp(String) }

    public var when: When
    public var kind: Kind
    public var by: String?
    /// The protocol, statement or appeal number, or the channel.
    public var reference: String?
    public var amount: Money?
    public var secondAmount: Money?
    /// What follows the sentence (an appeal's protocol at the payer).
    public var detail: String?
    public var subject: Subject

    public init(when: When, kind: Kind, by: String? = nil, reference: String? = nil, amount: Money? = nil, secondAmount: Money? = nil, detail: String? = nil,
                subject: Subject = .none) {
        self.when = when
        self.kind = kind
        self.by = by
        self.reference = reference
        self.amount = amount
        self.secondAmount = secondAmount
        self.detail = detail
        self.subject = subject
    }

    /// The sentence the timeline shows.
    public var text: String {
        let money = { (value: Money?) in value.map(BrazilianFormat.currency) ?? "—" }
        switch kind {
        case .created: return "Fatura criada"
        case .closed: return "Fechada com \(money(amount))" + (reference.map { " em \($0)" } ?? "")
        case .sent: return "Enviada ao convênio" + (reference.map { " (\($0))" } ?? "")
        case .protocolReceived: return "Protocolo \(reference ?? "—") registrado"
        case .statement: return "Demonstrativo \(reference ?? "sem número"): liberado \(money(amount)), glosado \(money(secondAmount))"
        case .payment: return "Pagamento de \(money(amount))" + (reference.map { " — \($0)" } ?? "")
        case .appealCreated: return "Recurso nº \(reference ?? "—") preparado: \(money(amount)) recorridos"
        case .appealSent: return "Recurso nº \(reference ?? "—") enviado" + (detail.map { " (protocolo \($0))" } ?? "")
        case .appealAnswered: return "Recurso nº \(reference ?? "—") respondido: \(money(amount)) acatados"
        }
    }
}

/// The entries with their day and time resolved, in the order the timeline tells them.
public struct InvoiceTimelineEntry: Hashable, Sendable {
    public let day: CalendarDay
    /// "14:05" for events stored with a time.
    public let time: String?
    public let entry: InvoiceHistoryEntry

    public init(day: CalendarDay, time: String?, entry: InvoiceHistoryEntry) {
        self.day = day
        self.time = time
        self.entry = entry
    }

    /// By day; within a day, lifecycle order (a day-only "sent" after the same day's "closed at
    /// 10:05"), each appeal's events kept together in the order of the appeals, then time.
    public static func ordered(_ entries: [InvoiceTimelineEntry]) -> [InvoiceTimelineEntry] {
        func key(_ e: InvoiceTimelineEntry) -> (Int, Int, Int) {
            switch e.entry.kind {
            case .appealCreated, .appealSent, .appealAnswered:
                if case .appeal(let id) = e.entry.subject { return (InvoiceHistoryEntry.Kind.appealCreated.rawValue, id, e.entry.kind.rawValue) }
                return (InvoiceHistoryEntry.Kind.appealCreated.rawValue, 0, e.entry.kind.rawValue)
            default: return (e.entry.kind.rawValue, 0, 0)
            }
        }
        return entries.sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            let (ka, kb) = (key(a), key(b))
            if ka != kb { return ka < kb }
            return (a.time ?? "") < (b.time ?? "")
        }
    }
}
