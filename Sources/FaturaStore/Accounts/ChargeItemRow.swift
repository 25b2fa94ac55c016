import SQLKit
import FaturaDomain

/// A `charge_items` row read into the domain item. A kind, table, date or porte that does not decode
/// stops with `storedValueInvalid` (`StoredRow`).
enum ChargeItemRow {
    static func load(on sql: any SQLDatabase, _ configure: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [ChargeItem] {
        try await configure(sql.select().column("*").from("charge_items")).all().map(item)
    }

    /// Column by column: the batches read hundreds of thousands of rows, and the generic decoder's
    /// keyed container (and its snake-case key conversion) was most of their time (perf).
    static func item(_ row: any SQLRow) throws -> ChargeItem {
        let cells = StoredRow(row, table: "charge_items")
        let status = try cells.code("pricing_status", as: PricingStatus.self)
        let priced = status == .priced
            ? PricedUnit(feePart: Money(cents: try cells.value("fee_part")), operatingCostPart: Money(cents: try cells.value("operating_cost_part")),
                         filmPart: Money(cents: try cells.value("film_part")), otherPart: Money(cents: try cells.value("other_part")),
                         urgency: try cells.value("urgency"))
            : nil
        let porte: Porte? = try cells.optional("porte", as: String.self).map { text in
            guard let porte = Porte(text) else { throw cells.invalid("porte", text) }
            return porte
        }
        var item = ChargeItem(id: try cells.value("id", as: Int.self), externalId: try cells.value("external_id"), partialId: try cells.value("partial_id"),
                              kind: try cells.code("kind", as: ChargeItemKind.self), priceTable: try cells.code("price_table", as: PriceTableKind.self),
                              code: try cells.value("code"), description: try cells.value("description"),
                              performedAt: try cells.dateTime("performed_at"), quantity: Quantity(tenThousandths: try cells.value("quantity")),
                              executingProfessional: try cells.optional("executing_professional"), contractId: try cells.optional("contract_id"),
                              porte: porte, priced: priced, total: Money(cents: try cells.value("total")),
                              pricingMessage: try cells.optional("pricing_error"))
        item.baseUnitValue = Money(cents: try cells.value("base_unit_value"))
        item.unitValue = Money(cents: try cells.value("unit_value"))
        item.examPercentage = try cells.optional("exam_percentage_bp", as: Int.self).map(Percentage.init(basisPoints:))
        item.examPercentageManual = try cells.value("exam_percentage_manual")
        item.examIncidence = try cells.optional("exam_incidence")
        item.splitFromId = try cells.optional("split_from_id")
        return item
    }
}
