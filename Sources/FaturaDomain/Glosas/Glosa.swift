/// The audit sector's opinion on a technical glosa (DOMAIN.md §5): is the payer's denial justified?
public enum GlosaOpinion: String, Sendable, CaseIterable, Codable {
    case justified
    case notJustified = "not_justified"

    public var label: String {
        switch self {
        case .justified: "Glosa procedente"
        case .notJustified: "Glosa improcedente: recorrer"
        }
    }
}

/// One denied item line of a payer's statement, with where its money is (`GlosaBalance`) and who
/// looks after it: the billed item it denies, its TUSS 38 reason, the appeal deadline from the
/// contract, the owner, the auditor's opinion.
public struct Glosa: Hashable, Sendable, Identifiable {
    public var id: Int
    public var companyId: Int
    public var payerId: Int
    public var invoiceId: Int
    public var invoiceNumber: Int
    public var competence: Competence
    public var statementId: Int
    public var claimItemId: Int
    public var claimNumber: String
    public var batchNumber: Int
    public var protocolNumber: String?
    public var sequence: Int
    public var itemTable: String
    public var itemCode: String
    public var itemDay: CalendarDay
    /// TUSS table 38.
    public var reasonCode: String
    public var kind: GlosaKind
    public var balance: GlosaBalance
    public var appealDue: CalendarDay?
    public var owner: String?
    /// Who closed the partial (the biller who billed the item) and the partial's origin sector.
    public var biller: String?
    public var originSectorId: Int?
    public var partialId: Int
    public var opinion: GlosaOpinion?
    public var opinionText: String?
    public var opinionBy: String?
    public var decisionNote: String?
    public var nonConformityId: Int?
    public var version: Int

    public init(id: Int, companyId: Int, payerId: Int, invoiceId: Int, invoiceNumber: Int, competence: Competence, statementId: Int, claimItemId: Int,
                claimNumber: String, batchNumber: Int, protocolNumber: String?, sequence: Int, itemTable: String, itemCode: String, itemDay: CalendarDay,
                reasonCode: String, kind: GlosaKind, balance: GlosaBalance, appealDue: CalendarDay?, owner: String?, biller: String?,
                originSectorId: Int?, partialId: Int, opinion: GlosaOpinion?, opinionText: String?, opinionBy: String?, decisionNote: String?,
                nonConformityId: Int?, version: Int) {
        self.id = id
        self.companyId = companyId
        self.payerId = payerId
        self.invoiceId = invoiceId
        self.invoiceNumber = invoiceNumber
        self.competence = competence
        self.statementId = statementId
        self.claimItemId = claimItemId
        self.claimNumber = claimNumber
        self.batchNumber = batchNumber
        self.protocolNumber = protocolNumber
        self.sequence = sequence
        self.itemTable = itemTable
        self.itemCode = itemCode
        self.itemDay = itemDay
        self.reasonCode = reasonCode
        self.kind = kind
        self.balance = balance
        self.appealDue = appealDue
        self.owner = owner
        self.biller = biller
        self.originSectorId = originSectorId
        self.partialId = partialId
        self.opinion = opinion
        self.opinionText = opinionText
        self.opinionBy = opinionBy
        self.decisionNote = decisionNote
        self.nonConformityId = nonConformityId
        self.version = version
    }

    public var status: GlosaStatus { balance.status }

    /// A technical glosa waits for the audit sector before anyone appeals or accepts it.
    public var awaitsOpinion: Bool { kind == .technical && opinion == nil && balance.undecided > .zero }

    /// Days to the appeal deadline (negative: late); nil when nothing is left to decide.
    public func daysLeft(today: CalendarDay) -> Int? {
        guard balance.undecided > .zero, let due = appealDue else { return nil }
        return AppealDeadline.daysLeft(until: due, today: today)
    }
}

/// The glosa worklist's filters (all optional; amounts in centavos).
public struct GlosaFilter: Sendable, Hashable {
    /// The company of the glosas' invoices (the pages' current company).
    public var companyId: Int?
    public var payerId: Int?
    public var competence: Competence?
    public var kind: GlosaKind?
    public var reasonCode: String?
    public var minValue: Money?
    public var owner: String?
    public var status: GlosaStatus?
    /// Only glosas with something to decide whose deadline is on or before this day.
    public var dueBy: CalendarDay?
    public var invoiceId: Int?
    public var statementId: Int?
    /// Technical glosas still without the audit sector's opinion.
    public var awaitingOpinion = false
    public var page = 1
    public var perPage = 100

    public init(payerId: Int? = nil, competence: Competence? = nil, kind: GlosaKind? = nil, reasonCode: String? = nil, minValue: Money? = nil,
                owner: String? = nil, status: GlosaStatus? = nil, dueBy: CalendarDay? = nil, invoiceId: Int? = nil, statementId: Int? = nil,
                awaitingOpinion: Bool = false, page: Int = 1, perPage: Int = 100) {
        self.payerId = payerId
        self.competence = competence
        self.kind = kind
        self.reasonCode = reasonCode
        self.minValue = minValue
        self.owner = owner
        self.status = status
        self.dueBy = dueBy
        self.invoiceId = invoiceId
        self.statementId = statementId
        self.awaitingOpinion = awaitingOpinion
        self.page = page
        self.perPage = perPage
    }
}
