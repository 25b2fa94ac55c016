import SQLKit
import FaturaDomain

struct PartialRow: Decodable {
    var id: Int
    var externalId: String
    var accountId: Int
    var companyId: Int
    var payerId: Int
    var periodStart: String
    var periodEnd: String
    var status: String
    var version: Int
    var closedAt: String?
    var closedBy: String?
    var reopenedAt: String?
    var reopenedBy: String?
    var reopenReason: String?

    /// The columns' own names, decoded without SQLKit's per-key snake-case conversion (the batch
    /// reads hundreds of thousands of partials).
    enum CodingKeys: String, CodingKey {
        case id, status, version
        case externalId = "external_id", accountId = "account_id", companyId = "company_id", payerId = "payer_id"
        case periodStart = "period_start", periodEnd = "period_end", closedAt = "closed_at", closedBy = "closed_by"
        case reopenedAt = "reopened_at", reopenedBy = "reopened_by", reopenReason = "reopen_reason"
    }

    var partial: PartialBill {
        PartialBill(id: id, externalId: externalId, accountId: accountId, companyId: companyId, payerId: payerId,
                    periodStart: CalendarDay(iso: periodStart) ?? CalendarDay(daysSinceEpoch: 0),
                    periodEnd: CalendarDay(iso: periodEnd) ?? CalendarDay(daysSinceEpoch: 0),
                    status: PartialStatus(rawValue: status) ?? .draft, version: version)
    }

    static func find(_ id: Int, on sql: any SQLDatabase) async throws -> PartialRow? {
        try await sql.select().column("*").from("partial_bills").where("id", .equal, SQLBind(id))
            .first(decoding: PartialRow.self)
    }
}
