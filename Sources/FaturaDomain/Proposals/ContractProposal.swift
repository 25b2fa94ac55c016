/// A payer's proposal for a new contract or a change of the current one (*proposta de contrato*):
/// the terms it offers (everything a contract version holds), billing's analysis and
/// recommendation, and the board's decision. An approved proposal becomes a contract version from
/// its start date; until then nothing it says prices anything.
public struct ContractProposal: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var payerId: Int
    /// The payer's letter or e-mail subject ("Reajuste 2027", "Novo contrato SADT").
    public var subject: String
    public var receivedOn: CalendarDay
    /// The contract version it changes (nil: a first contract with this payer).
    public var baseContractId: Int?
    /// The offered terms, as the contract version they would become (`validFrom` is the start date).
    public var terms: Contract
    /// Billing's analysis: the suggestions and changes requested, clause by clause, as text.
    public var analysis: String?
    public var recommendation: ProposalRecommendation?
    public var status: ProposalStatus
    /// The board's comment with its decision (the counter-proposal, when returned).
    public var boardComment: String?
    public var decidedBy: String?
    public var decidedOn: CalendarDay?
    /// The contract version an approval created.
    public var createdContractId: Int?
    public var version: Int

    public init(id: Int? = nil, companyId: Int, payerId: Int, subject: String, receivedOn: CalendarDay, baseContractId: Int?, terms: Contract,
                analysis: String? = nil, recommendation: ProposalRecommendation? = nil, status: ProposalStatus = .analysis,
                boardComment: String? = nil, decidedBy: String? = nil, decidedOn: CalendarDay? = nil, createdContractId: Int? = nil, version: Int = 1) {
        self.id = id
        self.companyId = companyId
        self.payerId = payerId
        self.subject = subject
        self.receivedOn = receivedOn
        self.baseContractId = baseContractId
        self.terms = terms
        self.analysis = analysis
        self.recommendation = recommendation
        self.status = status
        self.boardComment = boardComment
        self.decidedBy = decidedBy
        self.decidedOn = decidedOn
        self.createdContractId = createdContractId
        self.version = version
    }

    public static let subjectLimit = 200
    public static let textLimit = 20_000

    /// What the form can get wrong, each named by its field (the terms as a contract's own form).
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        let subject = subject.trimmingSpaces()
        if subject.isEmpty { errors.add("subject", "Informe o assunto da proposta (como na carta do convênio).") }
        if subject.count > Self.subjectLimit { errors.add("subject", "Assunto com mais de \(Self.subjectLimit) caracteres.") }
        if (analysis?.count ?? 0) > Self.textLimit { errors.add("analysis", "Análise com mais de \(BrazilianFormat.integer(Self.textLimit)) caracteres.") }
        if (boardComment?.count ?? 0) > Self.textLimit { errors.add("boardComment", "Comentário com mais de \(BrazilianFormat.integer(Self.textLimit)) caracteres.") }
        if terms.payerId != payerId || terms.companyId != companyId { errors.add("payerId", "Os termos propostos são de outro convênio ou empresa.") }
        errors.append(terms.validate())
        return errors.all
    }

    /// The next state for `action`, or why not (the board decides only what was sent to it;
    /// billing sends only an analysed proposal and edits only what is not with the board).
    public func next(_ action: ProposalAction) throws(FaturaError) -> ProposalStatus {
        switch (status, action) {
        case (.analysis, .edit), (.returned, .edit): return status
        case (.analysis, .send), (.returned, .send):
            guard let analysis, !analysis.trimmingSpaces().isEmpty, recommendation != nil else {
                throw .proposalRefused("Para enviar à diretoria, escreva a análise do faturamento e escolha a recomendação.")
            }
            return .atBoard
        case (.atBoard, .approve): return .approved
        case (.atBoard, .reject): return .rejected
        case (.atBoard, .counter): return .returned
        default:
            throw .proposalRefused("A proposta está \(status.label.lowercased()): não é possível \(action.label).")
        }
    }
}

public enum ProposalStatus: String, Sendable, CaseIterable, Codable {
    /// With billing: registered, simulated, being analysed.
    case analysis
    /// Sent to the board, waiting for its decision.
    case atBoard = "at_board"
    case approved
    case rejected
    /// The board returned it with a counter-proposal: billing negotiates and sends it again.
    case returned

    public var label: String {
        switch self {
        case .analysis: "Em análise"
        case .atBoard: "Na diretoria"
        case .approved: "Aprovada"
        case .rejected: "Rejeitada"
        case .returned: "Devolvida com contraproposta"
        }
    }
}

public enum ProposalAction: String, Sendable, CaseIterable {
    case edit, send, approve, reject, counter

    public var label: String {
        switch self {
        case .edit: "alterá-la"
        case .send: "enviá-la à diretoria"
        case .approve: "aprová-la"
        case .reject: "rejeitá-la"
        case .counter: "devolvê-la com contraproposta"
        }
    }
}

/// Billing's recommendation to the board.
public enum ProposalRecommendation: String, Sendable, CaseIterable, Codable {
    case accept
    case negotiate
    case reject

    public var label: String {
        switch self {
        case .accept: "Aceitar"
        case .negotiate: "Negociar as alterações sugeridas"
        case .reject: "Recusar"
        }
    }
}
