/// `glosas.mustache`: the worklist with its filters, the statement import and the latest statements.
struct GlosasModel: Sendable {
    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Row: Sendable {
        let id: Int
        let href: String
        let payer: String
        let invoice: String
        let invoiceHref: String
        let claim: String
        let item: String
        let reason: String
        let kind: String
        let value: String
        let undecided: String
        let status: String
        let due: String
        let late: Bool
        let soon: Bool
        let owner: String
        let opinion: String
        let selectable: Bool
    }
    struct StatementRow: Sendable {
        let href: String
        let number: String
        let payer: String
        let issuedOn: String
        let source: String
        let lines: Int
        let matched: Int
        let glosa: String
        let flagged: Bool
    }

    struct PaymentRow: Sendable {
        let href: String
        let number: String
        let payer: String
        let issuedOn: String
        let gross: String
        let net: String
        let flagged: Bool
    }

    let canManage: Bool
    let refusal: RefusalModel?
    let payers: [Option]
    let kinds: [Option]
    let statuses: [Option]
    let competence: String
    let reason: String
    let minValue: String
    let owner: String
    let dueBy: String
    let awaitingOpinion: Bool
    let rows: [Row]
    let empty: Bool
    let pager: PagerModel
    let totalUndecided: String
    let statements: [StatementRow]
    let hasStatements: Bool
    let payments: [PaymentRow]
    let hasPayments: Bool
    let importPayers: [Option]
    let scopes: [Option]
}

/// `glosa.mustache`: one glosa, where its money is, and the decisions open to this person.
struct GlosaModel: Sendable {
    struct Part: Sendable { let label: String; let value: String }
    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct AppealLine: Sendable { let href: String; let number: Int; let round: Int; let status: String; let amount: String; let accepted: String }

    let id: Int
    let version: Int
    let refusal: RefusalModel?
    let payer: String
    let invoice: String
    let invoiceHref: String
    let statementHref: String
    let claim: String
    let protocolNumber: String
    let item: String
    let day: String
    let reason: String
    let guidance: String
    let kind: String
    let status: String
    let value: String
    let parts: [Part]
    let due: String
    let late: Bool
    let owner: String
    let biller: String
    let sector: String
    let partialHref: String
    let opinion: String
    let opinionText: String
    let opinionBy: String
    let decisionNote: String
    let awaitsOpinion: Bool
    let canManage: Bool
    let canDecide: Bool
    let canOpine: Bool
    let kinds: [Option]
    let undecided: String
    let appeals: [AppealLine]
    let hasAppeals: Bool
    /// The non-conformity this glosa opened for its origin sector, or the form to open one.
    let nonConformity: String
    let canOpenNonConformity: Bool
    let typeOptions: [OptionModel]
    let sectorOptions: [OptionModel]
}

/// `statement_mapping.mustache`: a payer's spreadsheet columns.
struct StatementMappingModel: Sendable {
    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Field: Sendable { let name: String; let label: String; let required: Bool; let value: String }
    let refusal: RefusalModel?
    let payers: [Option]
    let hasPayer: Bool
    let payerId: Int
    let saved: Bool
    let fields: [Field]
}

/// `statement.mustache`: one imported statement, its flags, and the lines waiting for a person.
struct StatementModel: Sendable {
    struct Candidate: Sendable { let id: Int; let label: String }
    struct Line: Sendable {
        let id: Int
        let position: Int
        let sourceLine: String
        let claim: String
        let sequence: String
        let day: String
        let code: String
        let informed: String
        let released: String
        let glosa: String
        let state: String
        let reason: String
        let candidates: [Candidate]
        let hasCandidates: Bool
        let matchAction: String
    }

    let id: Int
    let refusal: RefusalModel?
    let number: String
    let payer: String
    let issuedOn: String
    let source: String
    let fileName: String
    let importedAt: String
    let importedBy: String
    let lines: Int
    let matched: Int
    let inferred: Int
    let waiting: Int
    let informed: String
    let released: String
    let glosa: String
    let problems: [String]
    let hasProblems: Bool
    let pending: [Line]
    let hasPending: Bool
    let canManage: Bool
    let glosasHref: String
}

/// `appeals.mustache` and `appeal.mustache`.
struct AppealsModel: Sendable {
    struct Row: Sendable {
        let href: String
        let number: Int
        let payer: String
        let protocolNumber: String
        let round: Int
        let scope: String
        let status: String
        let total: String
        let accepted: String
        let sentOn: String
    }
    let rows: [Row]
    let empty: Bool
    let pager: PagerModel
}

struct AppealModel: Sendable {
    struct Item: Sendable {
        let glosaId: Int
        let glosaHref: String
        let claim: String
        let sequence: Int
        let day: String
        let code: String
        let description: String
        let reason: String
        let amount: String
        let amountValue: String
        let justification: String
        let accepted: String
    }

    let id: Int
    let version: Int
    let refusal: RefusalModel?
    let number: Int
    let payer: String
    let ans: String
    let company: String
    let cnpj: String
    let batchNumber: Int
    let protocolNumber: String
    let round: Int
    let scope: String
    let status: String
    let justification: String
    let documents: [String]
    let hasDocuments: Bool
    let items: [Item]
    let total: String
    let accepted: String
    let createdAt: String
    let createdBy: String
    let sentOn: String
    let sentProtocol: String
    let answeredOn: String
    let canSend: Bool
    let canAnswer: Bool
    let canImport: Bool
    let today: String
    let xmlHref: String
    let printHref: String
    let printedAt: String
}

/// `payment_statement.mustache`: a payer's payment statement — each protocol paid on each date
/// and the invoice it settled (or why none), the date's debits and credits, and the flags.
struct PaymentStatementModel: Sendable {
    struct ProtocolRow: Sendable {
        let paidOn: String
        let method: String
        let protocolNumber: String
        let batchNumber: String
        let claims: Int
        let informed: String
        let released: String
        let glosa: String
        let invoice: String
        let invoiceHref: String
        let matched: Bool
        let reason: String
        let line: Int
    }
    struct AdjustmentRow: Sendable {
        let paidOn: String
        let kind: String
        let type: String
        let description: String
        let amount: String
    }

    let number: String
    let payer: String
    let issuedOn: String
    let fileName: String
    let importedAt: String
    let importedBy: String
    let gross: String
    let debits: String
    let credits: String
    let net: String
    /// What was recorded as payments on invoices (the protocols found).
    let recorded: String
    let problems: [String]
    let hasProblems: Bool
    let protocols: [ProtocolRow]
    let unmatched: Int
    /// Mustache treats 0 as true: the sentence about protocols without an invoice needs a Bool.
    let hasUnmatched: Bool
    let adjustments: [AdjustmentRow]
    let hasAdjustments: Bool
}
