import SQLKit
import FaturaDomain

extension SQLSelectBuilder {
    /// From `partial_bills`: its account, encounter, patient and payer. Inner joins: every partial has
    /// them (foreign keys, NOT NULL), so no row is lost.
    func joiningPartialContext() -> Self {
        join("accounts", on: SQLColumn("account_id", table: "partial_bills"), .equal, SQLColumn("id", table: "accounts"))
            .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
            .join("patients", on: SQLColumn("patient_id", table: "encounters"), .equal, SQLColumn("id", table: "patients"))
            .join("payers", on: SQLColumn("payer_id", table: "partial_bills"), .equal, SQLColumn("id", table: "payers"))
    }
}

/// The non-conformities that still block a partial (`NonConformityStatus.pending`), as the
/// subqueries of the worklist and of closing. The statuses are the domain's constants written as
/// literals, never user input.
enum PendingNonConformities {
    static let statuses = NonConformityStatus.pending.map(\.rawValue)
    private static let pending = "n.status IN (" + statuses.map { "'\($0)'" }.joined(separator: ", ") + ")"
    private static let rows = "FROM nonconformities n WHERE n.partial_id = partial_bills.id AND \(pending)"

    /// How many the row's partial has.
    static let count = SQLRaw("(SELECT COUNT(*) \(rows))")
    /// The partials that have any, as a set for `partial_bills.id IN (…)`.
    static let partialIds = SQLRaw("partial_bills.id IN (SELECT n.partial_id FROM nonconformities n WHERE \(pending))")
}
