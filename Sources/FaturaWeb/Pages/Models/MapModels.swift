import FaturaDomain

/// `map.mustache` and `map_print.mustache`: the invoice tracking map with its filters, sortable
/// headers, payer groups with subtotals, the totals row and the export links for what is shown.
struct MapModel: Sendable {
    typealias Option = OptionModel
    /// A column header: a link that sorts by it (again: the other way), with the arrow when active.
    struct Header: Sendable {
        let label: String
        let href: String
        let numeric: Bool
        let sorted: Bool
        let descending: Bool
        /// `aria-sort` for the active column.
        let ariaSort: String
    }
    struct Row: Sendable {
        let href: String
        let payer: String
        let competence: String
        let number: Int
        let batches: String
        let hasBatches: Bool
        let protocols: String
        let claims: Int
        let presented: String
        let deadline: String
        let sentOn: String
        let deliveryLate: Bool
        let paymentExpected: String
        let paymentOverdue: Bool
        let paid: String
        let glosa: String
        let underAppeal: String
        let recovered: String
        let givenUp: String
        let balance: String
        let status: String
    }
    struct Totals: Sendable {
        let label: String
        let invoices: String
        let claims: Int
        let presented: String
        let paid: String
        let glosa: String
        let underAppeal: String
        let recovered: String
        let givenUp: String
        let balance: String
    }
    struct Group: Sendable {
        let payer: String
        let rows: [Row]
        let subtotal: Totals
    }

    let problems: [String]
    let hasProblems: Bool
    let payers: [Option]
    let statuses: [Option]
    let from: String
    let to: String
    let lateOnly: Bool
    let withBalance: Bool
    let grouped: Bool
    let sort: String
    let descending: Bool
    let headers: [Header]
    /// One group (no payer line) when not grouped.
    let groups: [Group]
    let totals: Totals
    let empty: Bool
    let truncated: Bool
    let limit: String
    let csvHref: String
    let xlsxHref: String
    let printHref: String
    /// For the printed page's header.
    let company: String
    let printedOn: String
    let filterSummary: String
    /// The table itself, already escaped (`MapTableHTML`).
    let mapTable: String
}

/// The map as kept between requests: its model (the print version renders it) and the page's
/// content rendered from it.
struct MapPage: Sendable {
    struct Content: Sendable { let contentHTML: String }
    let model: MapModel
    let contentHTML: String
}
