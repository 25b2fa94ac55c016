/// An invoice (fatura / remessa): the closed partials of one payer and company for a competence,
/// numbered in sequence per company, frozen when closed, then sent with the payer's protocol.
public struct Invoice: Hashable, Sendable, Identifiable {
    public var id: FaturaDomain.ID<Invoice>?
    public var companyId: Int
    public var payerId: Int
    public var number: Int
    public var competence: Competence
    public var status: InvoiceStatus
    public var version: Int
    /// The payer's delivery deadline for the competence, from its terms when the invoice was made.
    public var deadline: CalendarDay?
    /// Frozen at close: how many claims and their total.
    public var claims: Int
    public var total: Money
    public var createdAt: String
    public var createdBy: String
    public var closedAt: String?
    public var closedBy: String?
    public var sending: InvoiceSending?

    public init(id: FaturaDomain.ID<Invoice>? = nil, companyId: Int, payerId: Int, number: Int, competence: Competence, status: InvoiceStatus = .open,
                version: Int = 1, deadline: CalendarDay? = nil, claims: Int = 0, total: Money = .zero, createdAt: String, createdBy: String,
                closedAt: String? = nil, closedBy: String? = nil, sending: InvoiceSending? = nil) {
        self.id = id
        self.companyId = companyId
        self.payerId = payerId
        self.number = number
        self.competence = competence
        self.status = status
        self.version = version
        self.deadline = deadline
        self.claims = claims
        self.total = total
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.sending = sending
    }

    /// The status `event` leads to, or the refusal naming what was tried; a stale version is refused too.
    public func next(_ event: InvoiceEvent, expectedVersion: Int? = nil) throws(FaturaError) -> InvoiceStatus {
        guard let next = status.next(event) else { throw .invoiceStateRefused(number: number, status: status, action: event.action) }
        if let expectedVersion, expectedVersion != version { throw .staleInvoice }
        return next
    }

    /// Adding or removing partials: only while open.
    public func checkAcceptsPartials(expectedVersion: Int? = nil) throws(FaturaError) {
        guard status.acceptsPartials else { throw .invoiceStateRefused(number: number, status: status, action: "incluir ou retirar parciais") }
        if let expectedVersion, expectedVersion != version { throw .staleInvoice }
    }

    /// Whether it was (or, not sent yet, still can be) delivered on time.
    public func isLate(today: CalendarDay) -> Bool {
        guard let deadline else { return false }
        if let sending { return sending.on > deadline }
        return status == .open || status == .closed ? today > deadline : false
    }
}

extension InvoiceEvent {
    /// The end of the refusal's sentence ("não é possível …").
    public var action: String {
        switch self {
        case .close: "fechá-la"
        case .reopen: "reabri-la (só uma fatura fechada e ainda não enviada é reaberta)"
        case .send: "marcá-la como enviada (só uma fatura fechada é enviada)"
        case .receivePayment: "registrar recebimento"
        case .settle: "liquidá-la"
        }
    }
}

public enum SendChannel: String, Sendable, CaseIterable {
    case portal
    case webservice
    case paper

    public var label: String {
        switch self {
        case .portal: "Portal do convênio"
        case .webservice: "Webservice TISS"
        case .paper: "Papel (protocolo de entrega)"
        }
    }
}

/// How and when the invoice went to the payer, and the payer's protocol.
public struct InvoiceSending: Hashable, Sendable {
    public var on: CalendarDay
    public var channel: SendChannel
    public var by: String
    public var protocolNumber: String?
    public var protocolOn: CalendarDay?

    public init(on: CalendarDay, channel: SendChannel, by: String, protocolNumber: String? = nil, protocolOn: CalendarDay? = nil) {
        self.on = on
        self.channel = channel
        self.by = by
        self.protocolNumber = protocolNumber
        self.protocolOn = protocolOn
    }

    /// The form's values, checked: the day not in the future nor before the competence, the protocol ≤ 40.
    public static func problems(on: CalendarDay?, protocolNumber: String?, competence: Competence, today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        if let on {
            if on > today { errors.add("sentOn", "A data de envio não pode ser futura.") }
            if on < competence.firstDay { errors.add("sentOn", "A data de envio é anterior à competência da fatura.") }
        } else {
            errors.add("sentOn", "Informe a data de envio.")
        }
        if let protocolNumber, protocolNumber.count > 40 { errors.add("protocolNumber", "O número de protocolo deve ter no máximo 40 caracteres.") }
        return errors.all
    }
}

/// A claim batch as generated at close: its type, claims, total, hash and the file.
public struct InvoiceBatch: Hashable, Sendable, Identifiable {
    public var id: Int?
    public var invoiceId: FaturaDomain.ID<Invoice>
    public var number: Int
    public var claimType: ClaimType
    public var tissVersion: TISSVersion
    public var hashEncoding: TISSHashEncoding
    public var claims: Int
    public var total: Money
    public var hash: String
    public var generatedAt: String
    /// The payer's protocol for this batch, from its receipt.
    public var protocolNumber: String?
    /// The protocol's situation at the payer (its `situacaoProtocolo`), and the day it said so.
    public var payerSituation: ProtocolSituation?
    public var payerSituationOn: CalendarDay?

    public init(id: Int? = nil, invoiceId: FaturaDomain.ID<Invoice>, number: Int, claimType: ClaimType, tissVersion: TISSVersion,
                hashEncoding: TISSHashEncoding, claims: Int, total: Money, hash: String, generatedAt: String, protocolNumber: String? = nil,
                payerSituation: ProtocolSituation? = nil, payerSituationOn: CalendarDay? = nil) {
        self.id = id
        self.invoiceId = invoiceId
        self.number = number
        self.claimType = claimType
        self.tissVersion = tissVersion
        self.hashEncoding = hashEncoding
        self.claims = claims
        self.total = total
        self.hash = hash
        self.generatedAt = generatedAt
        self.protocolNumber = protocolNumber
        self.payerSituation = payerSituation
        self.payerSituationOn = payerSituationOn
    }
}
