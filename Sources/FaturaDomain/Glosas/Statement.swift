/// A payer's statement of what it analysed (demonstrativo de análise de conta, DOMAIN.md §6), in
/// whatever form it came — TISS XML, the payer's spreadsheet, or typed on the invoice's page — as
/// the payer stated it: its own totals are kept beside the lines so that a statement whose totals
/// do not add up is flagged instead of trusted.
public struct Statement: Hashable, Sendable {
    /// The payer's number of the statement (`numeroDemonstrativo`), when it has one.
    public var number: String?
    public var payerANS: String?
    public var issuedOn: CalendarDay?
    public var protocols: [StatementProtocol]
    public var stated: StatementTotals?

    public init(number: String? = nil, payerANS: String? = nil, issuedOn: CalendarDay? = nil, protocols: [StatementProtocol],
                stated: StatementTotals? = nil) {
        self.number = number
        self.payerANS = payerANS
        self.issuedOn = issuedOn
        self.protocols = protocols
        self.stated = stated
    }

    public var lines: [StatementLine] { protocols.flatMap { $0.claims.flatMap(\.lines) } }
}

/// The four amounts a statement states at each level (`valorInformado…`, `valorProcessado…`,
/// `valorLiberado…`, `valorGlosa…`).
public struct StatementTotals: Hashable, Sendable {
    public var informed: Money
    public var processed: Money?
    public var released: Money
    public var glosa: Money

    public init(informed: Money, processed: Money? = nil, released: Money, glosa: Money) {
        self.informed = informed
        self.processed = processed
        self.released = released
        self.glosa = glosa
    }

    /// What the payer neither released nor denied (still under analysis).
    public var pending: Money { informed - released - glosa }
}

/// TISS `dm_statusProtocolo` (DOMAIN.md §6).
public enum ProtocolSituation: String, Sendable, CaseIterable, Codable {
    case received = "1"
    case underAnalysis = "2"
    case releasedForPayment = "3"
    case closedWithoutPayment = "4"
    case analysedAwaitingRelease = "5"
    case paid = "6"
    case notFound = "7"
    case awaitingInformation = "8"
    case cancelled = "9"
    /// 4.03.00: the provider's payments are blocked by a court.
    case judicialBlock = "10"

    public var label: String {
        switch self {
        case .received: "Recebido"
        case .underAnalysis: "Em análise"
        case .releasedForPayment: "Liberado para pagamento"
        case .closedWithoutPayment: "Encerrado sem pagamento"
        case .analysedAwaitingRelease: "Analisado e aguardando liberação"
        case .paid: "Pagamento efetuado"
        case .notFound: "Não localizado"
        case .awaitingInformation: "Aguardando informação complementar"
        case .cancelled: "Cancelado"
        case .judicialBlock: "Bloqueio judicial do prestador"
        }
    }
}

public struct StatementProtocol: Hashable, Sendable {
    public var batchNumber: String?
    public var protocolNumber: String?
    public var protocolDate: CalendarDay?
    public var situation: ProtocolSituation?
    public var claims: [StatementClaim]
    public var stated: StatementTotals?

    public init(batchNumber: String? = nil, protocolNumber: String?, protocolDate: CalendarDay? = nil, situation: ProtocolSituation? = nil,
                claims: [StatementClaim], stated: StatementTotals? = nil) {
        self.batchNumber = batchNumber
        self.protocolNumber = protocolNumber
        self.protocolDate = protocolDate
        self.situation = situation
        self.claims = claims
        self.stated = stated
    }
}

public struct StatementClaim: Hashable, Sendable {
    /// `numeroGuiaPrestador`: the hospital's claim number (the partial's).
    public var claimNumber: String
    public var lines: [StatementLine]
    public var stated: StatementTotals?

    public init(claimNumber: String, lines: [StatementLine], stated: StatementTotals? = nil) {
        self.claimNumber = claimNumber
        self.lines = lines
        self.stated = stated
    }
}

/// One item of the statement: what the payer says was informed, processed and released, and each
/// denial on it with its TUSS 38 code.
public struct StatementLine: Hashable, Sendable {
    public var protocolNumber: String?
    public var claimNumber: String
    /// `sequencialItem`; some payers omit it (then the line is matched by code, day and value).
    public var sequence: Int?
    public var day: CalendarDay?
    public var table: String?
    public var code: String
    public var description: String?
    public var quantity: Quantity?
    public var informed: Money
    public var processed: Money?
    public var released: Money
    public var glosas: [StatementGlosa]
    /// Where the line is in its file (line of the XML or row of the sheet), for messages.
    public var source: Int?

    public init(protocolNumber: String? = nil, claimNumber: String, sequence: Int?, day: CalendarDay? = nil, table: String? = nil, code: String,
                description: String? = nil, quantity: Quantity? = nil, informed: Money, processed: Money? = nil, released: Money,
                glosas: [StatementGlosa] = [], source: Int? = nil) {
        self.protocolNumber = protocolNumber
        self.claimNumber = claimNumber
        self.sequence = sequence
        self.day = day
        self.table = table
        self.code = code
        self.description = description
        self.quantity = quantity
        self.informed = informed
        self.processed = processed
        self.released = released
        self.glosas = glosas
        self.source = source
    }

    public var glosa: Money { glosas.reduce(.zero) { $0 + $1.value } }
    public var totals: StatementTotals { StatementTotals(informed: informed, processed: processed, released: released, glosa: glosa) }

    /// "guia P-1, item 2" (or the code when the payer gave no sequence), for messages.
    public var label: String {
        "guia \(claimNumber), " + (sequence.map { "item \($0)" } ?? "código \(code)") + (source.map { " (linha \($0))" } ?? "")
    }
}

public struct StatementGlosa: Hashable, Sendable {
    /// TUSS table 38.
    public var code: String
    public var value: Money

    public init(code: String, value: Money) {
        self.code = code
        self.value = value
    }
}
