import FaturaDomain
import SQLKit

extension StatementRepository {
    /// Statements with a line still waiting for a person to match it (ambiguous or not found):
    /// the supervisor's day lists them until every line is matched.
    public func awaitingMatch(payerIds: [Int]) async throws -> Int {
        guard !payerIds.isEmpty else { return 0 }
        return try await database.read { sql in
            try await sql.raw("""
                SELECT COUNT(*) AS n FROM statements s WHERE s.payer_id IN (\(binds: payerIds))
                  AND EXISTS (SELECT 1 FROM statement_lines l WHERE l.statement_id = s.id AND l.match_state IN ('ambiguous', 'unmatched'))
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
