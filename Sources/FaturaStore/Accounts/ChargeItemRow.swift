import SQLKit
import FaturaDomain

/// A `charge_items` row as stored, and its conversion to the domain item.
struct ChargeItemRow {
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
        try await configure(sql.select().column("*").from("charge_items")).all().map { try ChargeItemRow(row: $0).item }
    }

    /// Column by column: the batches read hundreds of thousands of rows, and the generic decoder's
    /// snake-case key conversion was most of their time (measured with perf).
    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int.self)
        externalId = try row.decode(column: "external_id", as: String.self)
        partialId = try row.decode(column: "partial_id", as: Int.self)
        kind = try row.decode(column: "kind", as: String.self)
        priceTable = try row.decode(column: "price_table", as: String.self)
        code = try row.decode(column: "code", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        performedAt = try row.decode(column: "performed_at", as: String.self)
        quantity = try row.decode(column: "quantity", as: Int64.self)
        executingProfessional = try row.decode(column: "executing_professional", as: String?.self)
        contractId = try row.decode(column: "contract_id", as: Int?.self)
        porte = try row.decode(column: "porte", as: String?.self)
        feePart = try row.decode(column: "fee_part", as: Int64.self)
        operatingCostPart = try row.decode(column: "operating_cost_part", as: Int64.self)
        filmPart = try row.decode(column: "film_part", as: Int64.self)
        otherPart = try row.decode(column: "other_part", as: Int64.self)
        unitValue = try row.decode(column: "unit_value", as: Int64.self)
        total = try row.decode(column: "total", as: Int64.self)
        urgency = try row.decode(column: "urgency", as: Bool.self)
        pricingStatus = try row.decode(column: "pricing_status", as: String.self)
        pricingErrorCode = try row.decode(column: "pricing_error_code", as: String?.self)
        pricingError = try row.decode(column: "pricing_error", as: String?.self)
        baseUnitValue = try row.decode(column: "base_unit_value", as: Int64.self)
        examPercentageBp = try row.decode(column: "exam_percentage_bp", as: Int?.self)
        examPercentageManual = try row.decode(column: "exam_percentage_manual", as: Bool.self)
        examIncidence = try row.decode(column: "exam_incidence", as: Int?.self)
        splitFromId = try row.decode(column: "split_from_id", as: Int?.self)
    }
}
