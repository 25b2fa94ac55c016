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
        var item = ChargeItem(id: ID(try cells.value("id", as: Int.self)), externalId: try cells.value("external_id"), partialId: ID(try cells.value("partial_id", as: Int.self)),
                              kind: try cells.code("kind", as: ChargeItemKind.self), priceTable: try cells.code("price_table", as: PriceTableKind.self),
                              code: try cells.value("code"), description: try cells.value("description"),
                              performedAt: try cells.dateTime("performed_at"), quantity: Quantity(tenThousandths: try cells.value("quantity")),
                              executingProfessional: try cells.optional("executing_professional"), contractId: try cells.optional("contract_id", as: Int.self).map { ID<Contract>($0) },
                              porte: porte, priced: priced, total: Money(cents: try cells.value("total")),
                              pricingMessage: try cells.optional("pricing_error"))
        item.baseUnitValue = Money(cents: try cells.value("base_unit_value"))
        item.unitValue = Money(cents: try cells.value("unit_value"))
        item.examPercentage = try cells.optional("exam_percentage_bp", as: Int.self).map(Percentage.init(basisPoints:))
        item.examPercentageManual = try cells.value("exam_percentage_manual")
        item.examIncidence = try cells.optional("exam_incidence", as: Int.self)
        item.splitFromId = try cells.optional("split_from_id", as: Int.self).map { ID<ChargeItem>($0) }
        item.origin = try cells.code("origin", as: ChargeOrigin.self)
        if let at = try cells.optional("corrected_at", as: String.self) {
            item.correction = ChargeCorrection(at: at, by: try cells.optional("corrected_by") ?? "", reason: try cells.optional("correction_reason") ?? "")
        }
        if let json = try cells.optional("his_line_json", as: String.self) {
            guard let line = ChargeLineJSON.decode(json) else { throw cells.invalid("his_line_json", String(json.prefix(80))) }
            item.hisLine = line
        }
        item.hisConflict = try cells.optional("his_conflict")
        return item
    }
}

/// Charge items as rows: read into the domain item, and the HIS's writes of what it sent.
public enum ChargeItemRepository {
    public static func items(ofPartial partialId: ID<PartialBill>, on sql: any SQLDatabase) async throws -> [ChargeItem] {
        try await ChargeItemRow.load(on: sql) { $0.where("partial_id", .equal, SQLBind(partialId)).orderBy("id") }
    }

    public static func item(externalId: String, on sql: any SQLDatabase) async throws -> ChargeItem? {
        try await ChargeItemRow.load(on: sql) { $0.where("external_id", .equal, SQLBind(externalId)) }.first
    }

    /// The lines the exam rule split off an item.
    public static func splits(of itemId: ID<ChargeItem>, on sql: any SQLDatabase) async throws -> [ChargeItem] {
        try await ChargeItemRow.load(on: sql) { $0.where("split_from_id", .equal, SQLBind(itemId)) }
    }

    public static func deleteSplits(of itemId: ID<ChargeItem>, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "charge_items").where("split_from_id", .equal, SQLBind(itemId)).run()
    }

    /// Writes what the HIS sent over a stored item (its price is written by pricing right after).
    public static func updateSent(_ item: ChargeItem, at now: String, on sql: any SQLDatabase) async throws {
        guard let id = item.id else { throw FaturaError.storedValueInvalid(table: "charge_items", column: "id", value: "ausente") }
        try await sql.update("charge_items")
            .set("kind", to: SQLBind(item.kind.rawValue)).set("price_table", to: SQLBind(item.priceTable.rawValue)).set("code", to: SQLBind(item.code))
            .set("description", to: SQLBind(item.description)).set("performed_at", to: SQLBind(item.performedAt.iso))
            .set("performed_day", to: SQLBind(item.performedAt.day.iso)).set("quantity", to: SQLBind(item.quantity.tenThousandths))
            .set("executing_professional", to: SQLBind.optional(item.executingProfessional)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Inserts a new, still unpriced item and returns its id.
    public static func insertSent(_ item: ChargeItem, at now: String, on sql: any SQLDatabase) async throws -> ID<ChargeItem> {
        ID(try await InsertedId.of(sql.insert(into: "charge_items")
            .columns("external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day", "quantity",
                     "executing_professional", "pricing_status", "created_at", "updated_at")
            .values(SQLBind(item.externalId), SQLBind(item.partialId), SQLBind(item.kind.rawValue), SQLBind(item.priceTable.rawValue), SQLBind(item.code),
                    SQLBind(item.description), SQLBind(item.performedAt.iso), SQLBind(item.performedAt.day.iso), SQLBind(item.quantity.tenThousandths),
                    SQLBind.optional(item.executingProfessional), SQLBind(PricingStatus.unpriced.rawValue), SQLBind(now), SQLBind(now)),
            table: "charge_items"))
    }
}
