/// One row of the invoice tracking map (DOMAIN.md §5): an invoice and where its money is, derived
/// from the stored invoices, statement lines, glosas and payments — never typed a second time.
///
/// The identities the row keeps, to the centavo:
/// - presented = released + glosa + pending (what no statement has analysed yet);
/// - glosa = undecided + under appeal + recovered + written off + lost;
/// - balance = presented − paid − written off − lost: what the hospital still expects to receive
///   (released and not yet paid, glosas still being worked, recovered and not yet paid, pending).
public struct TrackingMapRow: Hashable, Sendable {
    public var invoiceId: Int
    public var payerId: Int
    public var payerName: String
    public var number: Int
    public var competence: Competence
    public var status: InvoiceStatus
    /// The claim batches' numbers and the protocols the payer gave them (a batch's own, else the invoice's).
    public var batchNumbers: [Int]
    public var protocols: [String]
    public var claims: Int
    public var presented: Money
    public var deadline: CalendarDay?
    public var sentOn: CalendarDay?
    /// From the payer's payment term, once sent.
    public var paymentExpected: CalendarDay?
    public var released: Money
    public var paid: Money
    public var glosa: Money
    public var underAppeal: Money
    public var recovered: Money
    /// Accepted without appeal ("aceita").
    public var writtenOff: Money
    /// Denied to the last round.
    public var lost: Money

    public init(invoiceId: Int, payerId: Int, payerName: String, number: Int, competence: Competence, status: InvoiceStatus,
                batchNumbers: [Int] = [], protocols: [String] = [], claims: Int = 0, presented: Money = .zero, deadline: CalendarDay? = nil,
                sentOn: CalendarDay? = nil, paymentExpected: CalendarDay? = nil, released: Money = .zero, paid: Money = .zero,
                glosa: Money = .zero, underAppeal: Money = .zero, recovered: Money = .zero, writtenOff: Money = .zero, lost: Money = .zero) {
        self.invoiceId = invoiceId
        self.payerId = payerId
        self.payerName = payerName
        self.number = number
        self.competence = competence
        self.status = status
        self.batchNumbers = batchNumbers
        self.protocols = protocols
        self.claims = claims
        self.presented = presented
        self.deadline = deadline
        self.sentOn = sentOn
        self.paymentExpected = paymentExpected
        self.released = released
        self.paid = paid
        self.glosa = glosa
        self.underAppeal = underAppeal
        self.recovered = recovered
        self.writtenOff = writtenOff
        self.lost = lost
    }

    /// Presented and not analysed by any statement yet.
    public var pending: Money { presented - released - glosa }
    /// Glosa given up: accepted, or lost on appeal ("baixado").
    public var givenUp: Money { writtenOff + lost }
    /// What the hospital still expects to receive.
    public var balance: Money { presented - paid - givenUp }

    /// Sent after the deadline, or not sent and the deadline passed.
    public func isDeliveryLate(today: CalendarDay) -> Bool {
        guard let deadline else { return false }
        if let sentOn { return sentOn > deadline }
        return (status == .open || status == .closed) && today > deadline
    }

    /// The payment day passed and the payer has not paid what it released.
    public func isPaymentOverdue(today: CalendarDay) -> Bool {
        guard let paymentExpected else { return false }
        return today > paymentExpected && paid < released
    }

    /// Glosa nobody has decided yet (neither accepted nor appealed).
    public var undecided: Money { glosa - underAppeal - recovered - writtenOff - lost }

    /// Why the invoice cannot be settled ("liquidada") yet, or nil when it can: everything presented
    /// was paid or given up, and no glosa waits for a decision or an appeal's answer.
    public var settlementBlocker: String? {
        if status != .sent && status != .partiallyReceived { return "só uma fatura enviada ou recebida parcialmente é liquidada" }
        if underAppeal > .zero { return "há \(BrazilianFormat.currency(underAppeal)) em recurso aguardando a resposta do convênio" }
        if undecided > .zero { return "há \(BrazilianFormat.currency(undecided)) de glosa por decidir (aceitar ou recorrer)" }
        if balance != .zero { return "o saldo ainda é \(BrazilianFormat.currency(balance)) (apresentado − pago − baixado)" }
        return nil
    }

    /// Late in either sense: the map's "atrasadas".
    public func isLate(today: CalendarDay) -> Bool { isDeliveryLate(today: today) || isPaymentOverdue(today: today) }
}

/// The money columns of a set of rows (a payer's subtotal, the map's total).
public struct TrackingMapTotals: Hashable, Sendable {
    public var invoices = 0
    public var claims = 0
    public var presented = Money.zero
    public var released = Money.zero
    public var paid = Money.zero
    public var glosa = Money.zero
    public var underAppeal = Money.zero
    public var recovered = Money.zero
    public var givenUp = Money.zero
    public var pending = Money.zero
    public var balance = Money.zero

    public init() {}

    public init(_ rows: some Sequence<TrackingMapRow>) {
        for row in rows { add(row) }
    }

    public mutating func add(_ row: TrackingMapRow) {
        invoices += 1
        claims += row.claims
        presented = presented + row.presented
        released = released + row.released
        paid = paid + row.paid
        glosa = glosa + row.glosa
        underAppeal = underAppeal + row.underAppeal
        recovered = recovered + row.recovered
        givenUp = givenUp + row.givenUp
        pending = pending + row.pending
        balance = balance + row.balance
    }
}
