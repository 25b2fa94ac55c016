import SQLKit
import FaturaDomain

/// `partial_bills.unpriced_items`: how many of a partial's items have no price, kept for the
/// worklist's filter and column (migration 7). Recounted from the items, never incremented, so a
/// missed or repeated call cannot leave it wrong for longer than the next pricing of the partial.
enum UnpricedItems {
    /// The partial's count, as a correlated subquery of `partial_bills` (a literal status, no input).
    static let count = "(SELECT COUNT(*) FROM charge_items ci WHERE ci.partial_id = partial_bills.id AND ci.pricing_status = '\(PricingStatus.unpriced.rawValue)')"

    /// Recounts every partial of a company (after a bulk load).
    static func recount(companyId: Int, on sql: any SQLDatabase) async throws {
        try await sql.update("partial_bills").set("unpriced_items", to: SQLRaw(count)).where("company_id", .equal, SQLBind(companyId)).run()
    }

    /// Recounts the given partials (within the caller's transaction).
    static func recount(_ partialIds: some Collection<ID<PartialBill>>, on sql: any SQLDatabase) async throws {
        for chunk in Array(Set(partialIds.map(\.rawValue))).sorted().chunked(500) {
            try await sql.update("partial_bills").set("unpriced_items", to: SQLRaw(count))
                .where("id", .in, SQLBind.group(chunk)).run()
        }
    }
}
