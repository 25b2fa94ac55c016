/// `invoices.mustache`: the company's invoices and the form for a new one.
struct InvoicesModel: Sendable {
    struct Option: Sendable { let id: Int; let name: String; let selected: Bool }
    struct Status: Sendable { let value: String; let label: String; let selected: Bool }
    struct Row: Sendable {
        let href: String
        let number: Int
        let payer: String
        let competence: String
        let status: String
        let deadline: String
        let late: Bool
        let sent: String
        let claims: Int
        let total: String
    }

    let noCompany: Bool
    let canCreate: Bool
    let refusal: RefusalModel?
    let payers: [Option]
    let competence: String
    let filterPayers: [Option]
    let filterCompetence: String
    let statuses: [Status]
    let rows: [Row]
    let empty: Bool
    let pager: PagerModel
}

/// `invoice.mustache`: one invoice and what can be done with it now.
struct InvoiceModel: Sendable {
    struct Partial: Sendable {
        let id: Int
        let href: String
        let externalId: String
        let patient: String
        let period: String
        let total: String
        let removeAction: String
    }
    struct Problem: Sendable { let partial: String; let field: String; let message: String }
    struct Candidate: Sendable { let id: Int; let externalId: String; let patient: String; let period: String; let total: String }
    struct Channel: Sendable { let value: String; let label: String; let selected: Bool }
    struct Batch: Sendable { let number: Int; let type: String; let claims: Int; let total: String; let hash: String; let href: String; let protocolNumber: String
                             /// The protocol's situation at the payer (`situacaoProtocolo`), with the day.
                             let situation: String }
    struct ClaimRow: Sendable { let number: String; let type: String; let batch: Int; let total: String; let refused: String }

    let id: Int
    let version: Int
    let number: Int
    let payer: String
    let competence: String
    let status: String
    let tiss: String
    let particular: Bool
    let deadline: String
    let late: Bool
    let total: String
    let count: String
    let refusal: RefusalModel?
    let partials: [Partial]
    let problems: [Problem]
    let candidates: [Candidate]
    let canAdd: Bool
    let canClose: Bool
    let canReopen: Bool
    let canSend: Bool
    let canImportReceipt: Bool
    let sentOn: String
    let channels: [Channel]
    let protocolNumber: String
    let batches: [Batch]
    let zipHref: String
    let printHref: String
    let claims: [ClaimRow]
    let sending: String
    let sentLate: Bool
    let hasProblems: Bool
    let hasPartials: Bool
    let hasBatches: Bool
    let hasClaims: Bool
    /// The close job: while queued or running its progress (the page refreshes itself), when it
    /// finished for this visit the outcome, when the last one failed why.
    let closing: Closing?
    let closeDone: String
    let closeFailed: String
    /// Presented = released + glosa + pending, claim by claim, once a statement spoke of the invoice.
    let reconciliation: Reconciliation?
    /// The form to type a short statement, item by item (sent invoices of up to 200 items).
    let typing: Typing?
    /// Every event of the invoice, oldest first (created, closed, sent, protocol, statements, payments, appeals).
    let timeline: [TimelineItem]
    let hasTimeline: Bool
    /// Sent invoices, for who manages them: whether it can be settled now, or what holds it.
    let settle: Settle?

    struct Settle: Sendable {
        let can: Bool
        let blocker: String
        let balance: String
    }

    struct TimelineItem: Sendable {
        let day: String
        let iso: String
        let time: String
        let hasTime: Bool
        let kindKey: String
        let text: String
        let by: String
        let hasBy: Bool
        let href: String
        let hasLink: Bool
    }

    struct Typing: Sendable {
        struct Item: Sendable { let id: Int; let claim: String; let sequence: Int; let code: String; let day: String; let presented: String
                                let released: String; let glosa: String; let reason: String }
        let action: String
        let issuedOn: String
        let number: String
        let items: [Item]
    }

    struct Reconciliation: Sendable {
        struct Row: Sendable { let claim: String; let batch: Int; let presented: String; let released: String; let glosa: String; let pending: String; let overstated: Bool }
        let rows: [Row]
        let presented: String
        let released: String
        let glosa: String
        let pending: String
        let paid: String
        /// Released minus paid: what the payer still owes of what it released.
        let difference: String
        let canPay: Bool
        let paidOn: String
        let action: String
        let glosasHref: String
    }

    struct Closing: Sendable {
        let text: String
        let done: Int
        let total: Int
        let hasTotal: Bool
    }
}

/// `invoice_print.mustache`: the cover with claims and totals, the delivery protocol, and the
/// itemised bill of each patient for a Particular payer.
struct InvoicePrintModel: Sendable {
    struct Claim: Sendable { let number: String; let type: String; let batch: Int; let patient: String; let total: String }
    struct Batch: Sendable { let number: Int; let type: String; let claims: Int; let total: String; let hash: String }
    struct Item: Sendable { let day: String; let code: String; let description: String; let quantity: String; let unit: String; let total: String }
    struct Bill: Sendable { let partial: String; let patient: String; let period: String; let items: [Item]; let total: String }

    let company: String
    let cnpj: String
    let cnes: String
    let payer: String
    let ans: String
    let number: Int
    let competence: String
    let status: String
    let deadline: String
    let closedAt: String
    let total: String
    let count: Int
    let claims: [Claim]
    let batches: [Batch]
    let bills: [Bill]
    let isParticular: Bool
    let printedAt: String
}
