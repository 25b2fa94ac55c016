import SQLKit
import FaturaDomain

/// A `charge_items` row as stored, and its conversion to the domain item.
struct ChargeItemRow: Decodable {
    var id: Int
    var externalId: String
    var partialId: Int
    var kind: String
    var priceTable: String
    var code: String
    var description: String
    var performedAt: String
    var quantity: Int64
    var executingProfessional: String?
    var contractId: Int?
    var porte: String?
    var feePart: Int64
    var operatingCostPart: Int64
    var filmPart: Int64
    var otherPart: Int64
    var unitValue: Int64
    var total: Int64
    var urgency: Bool
    var pricingStatus: String
    var pricingErrorCode: String?
    var pricingError: String?
    var baseUnitValue: Int64
    var examPercentageBp: Int?
    var examPercentageManual: Bool
    var examIncidence: Int?
    var splitFromId: Int?

    var item: ChargeItem {
        let performed = LocalDateTime(iso: performedAt) ?? LocalDateTime(day: CalendarDay(daysSinceEpoch: 0), hour: 0, minute: 0)
        let priced = pricingStatus == "priced"
            ? PricedUnit(feePart: Money(cents: feePart), operatingCostPart: Money(cents: operatingCostPart), filmPart: Money(cents: filmPart),
                         otherPart: Money(cents: otherPart), urgency: urgency)
            : nil
        var item = ChargeItem(id: id, externalId: externalId, partialId: partialId, kind: ChargeItemKind(rawValue: kind) ?? .procedure,
                              priceTable: PriceTableKind(rawValue: priceTable) ?? .cbhpm, code: code, description: description,
                              performedAt: performed, quantity: Quantity(tenThousandths: quantity), executingProfessional: executingProfessional,
                              contractId: contractId, porte: porte.flatMap(Porte.init), priced: priced, total: Money(cents: total),
                              pricingMessage: pricingError)
        item.baseUnitValue = Money(cents: baseUnitValue)
        item.unitValue = Money(cents: unitValue)
        item.examPercentage = examPercentageBp.map(Percentage.init(basisPoints:))
        item.examPercentageManual = examPercentageManual
        item.examIncidence = examIncidence
        item.splitFromId = splitFromId
        return item
    }

    static func load(on sql: any SQLDatabase, _ configure: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [ChargeItem] {
        try await configure(sql.select().column("*").from("charge_items"))
            .all(decoding: ChargeItemRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.item)
    }
}
