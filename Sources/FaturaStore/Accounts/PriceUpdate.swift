import SQLKit
import FaturaDomain

/// Writes the prices of many items in one statement: a `VALUES` list joined to `charge_items`
/// (`WITH v(…) AS (VALUES …) UPDATE … FROM v`), which SQLite (3.33+) and PostgreSQL both accept.
/// One round trip per 200 items instead of one per item. Every value is bound.
public struct PriceUpdate: SQLExpression {
    public struct Row: Sendable {
        var id: ID<ChargeItem>
        var contractId: ID<Contract>?
        var table: String
        var porte: String?
        var unit: PricedUnit?
        var total: Money
        var errorCode: String?
        var error: String?

        public init(id: ID<ChargeItem>, contractId: ID<Contract>?, table: String, porte: String?, unit: PricedUnit?, total: Money, errorCode: String?, error: String?) {
            self.id = id
            self.contractId = contractId
            self.table = table
            self.porte = porte
            self.unit = unit
            self.total = total
            self.errorCode = errorCode
            self.error = error
        }
    }

    let rows: [Row]
    let pricedAt: String

    static let columns = ["id", "contract_id", "price_table", "porte", "fee_part", "operating_cost_part", "film_part", "other_part",
                          "unit_value", "total", "urgency", "pricing_status", "pricing_error_code", "pricing_error"]

    public func serialize(to serializer: inout SQLSerializer) {
        serializer.write("WITH v(" + Self.columns.joined(separator: ", ") + ") AS (VALUES ")
        for (index, row) in rows.enumerated() {
            if index > 0 { serializer.write(", ") }
            serializer.write("(")
            let unit = row.unit ?? PricedUnit()
            let values: [(any Encodable & Sendable)?] = [
                // Plain integers: the generic encoding of a typed id per value would cost the batches.
                row.id.rawValue, row.contractId?.rawValue, row.table, row.porte, unit.feePart.cents, unit.operatingCostPart.cents, unit.filmPart.cents,
                unit.otherPart.cents, unit.unitValue.cents, row.total.cents, unit.urgency, (row.unit == nil ? PricingStatus.unpriced : .priced).rawValue,
                row.errorCode, row.error,
            ]
            for (i, value) in values.enumerated() {
                if i > 0 { serializer.write(", ") }
                if let value { serializer.write(bind: value) } else { serializer.write("NULL") }
            }
            serializer.write(")")
        }
        // NULLs in VALUES have no type on PostgreSQL: the casts give them the column's.
        serializer.write(") UPDATE charge_items SET contract_id = CAST(v.contract_id AS BIGINT), price_table = v.price_table, ")
        serializer.write("porte = CAST(v.porte AS TEXT), fee_part = v.fee_part, operating_cost_part = v.operating_cost_part, ")
        serializer.write("film_part = v.film_part, other_part = v.other_part, unit_value = v.unit_value, total = v.total, ")
        serializer.write("urgency = v.urgency, pricing_status = v.pricing_status, pricing_error_code = CAST(v.pricing_error_code AS TEXT), ")
        serializer.write("pricing_error = CAST(v.pricing_error AS TEXT), base_unit_value = v.unit_value, ")
        // A new base undoes a reduction the exam rule made (it runs again from the base); a
        // percentage a person set is kept for that run.
        serializer.write("exam_percentage_bp = CASE WHEN charge_items.exam_percentage_manual THEN charge_items.exam_percentage_bp ELSE NULL END, ")
        serializer.write("exam_incidence = NULL, priced_at = ")
        serializer.write(bind: pricedAt)
        serializer.write(" FROM v WHERE charge_items.id = v.id")
    }
}
