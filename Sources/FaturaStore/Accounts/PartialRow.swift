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

    var partial: PartialBill {
        PartialBill(id: id, externalId: externalId, accountId: accountId, companyId: companyId, payerId: payerId,
                    periodStart: CalendarDay(iso: periodStart) ?? CalendarDay(daysSinceEpoch: 0),
                    periodEnd: CalendarDay(iso: periodEnd) ?? CalendarDay(daysSinceEpoch: 0),
                    status: PartialStatus(rawValue: status) ?? .draft, version: version)
    }

    static func find(_ id: Int, on sql: any SQLDatabase) async throws -> PartialRow? {
        try await sql.select().column("*").from("partial_bills").where("id", .equal, SQLBind(id))
            .first(decoding: PartialRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
