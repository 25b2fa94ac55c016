import SQLKit
import FaturaDomain

/// Prices charge items from the contract valid on each item's day (DOMAIN.md §2) and writes the
/// price and its parts on the item, or the reason it could not be priced.
public struct PricingService: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Summary: Sendable, Equatable {
        public var priced = 0
        public var unpriced = 0
        public init() {}
    }

    /// One item to price with the payer and company of its partial.
    struct Target {
        var item: ChargeItem
        var payerId: Int
        var companyId: Int
    }

    /// Loads what `targets` need: the payers' contracts, the entries of their codes, the value tables.
    static func loadBook(for targets: [Target], on sql: any SQLDatabase) async throws -> PriceBook {
        let contracts = try await ContractStore.forPayers(Array(Set(targets.map(\.payerId))).sorted(), on: sql)
        var book = PriceBook(contracts: contracts)
        let procedureTables = Set(contracts.compactMap(\.procedureTableId))
        let listTables = Set(contracts.flatMap { [$0.ownTableId, $0.drugTableId, $0.materialTableId].compactMap { $0 } })
        let procedureCodes = Set(targets.filter { $0.item.priceTable == .amb || $0.item.priceTable == .cbhpm }.map(\.item.code))
        let listCodes = Set(targets.filter { $0.item.priceTable != .amb && $0.item.priceTable != .cbhpm }.map(\.item.code))
        for chunk in Array(procedureCodes).sorted().chunked(500) where !procedureTables.isEmpty {
            let rows = try await sql.select().column("*").from("procedure_entries")
                .where("table_id", .in, SQLBind.group(Array(procedureTables))).where("code", .in, SQLBind.group(chunk))
                .all(decoding: ProcedureEntryRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            for row in rows { book.procedureEntries[row.tableId, default: [:]][row.code] = row.entry }
        }
        for chunk in Array(listCodes).sorted().chunked(500) where !listTables.isEmpty {
            let rows = try await sql.select().column("*").from("priced_entries")
                .where("table_id", .in, SQLBind.group(Array(listTables))).where("code", .in, SQLBind.group(chunk)).orderBy("valid_from")
                .all(decoding: PricedEntryRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            for row in rows { book.pricedEntries[row.tableId, default: [:]][row.code, default: []].append(row.entry) }
        }
        let series = Array(Set(contracts.compactMap(\.valueSeries)))
        if !series.isEmpty {
            for table in try await ValueTableStore.load(series: series, on: sql) { book.valueTables[table.series, default: []].append(table) }
        }
        return book
    }

    /// Prices and saves, in the caller's transaction.
    static func price(_ targets: [Target], on sql: any SQLDatabase) async throws -> Summary {
        var summary = Summary()
        guard !targets.isEmpty else { return summary }
        let book = try await loadBook(for: targets, on: sql)
        let now = Timestamp.now()
        for target in targets {
            guard let id = target.item.id else { continue }
            let result = book.price(table: target.item.priceTable, code: target.item.code, performedAt: target.item.performedAt,
                                    quantity: target.item.quantity, payerId: target.payerId, companyId: target.companyId)
            var update = sql.update("charge_items").set("priced_at", to: SQLBind(now))
            switch result {
            case .success(let outcome):
                summary.priced += 1
                update = update.set("contract_id", to: SQLBind(outcome.contractId)).set("price_table", to: SQLBind(outcome.table.rawValue))
                    .set("porte", to: SQLBind.optional(outcome.porte?.description))
                    .set("fee_part", to: SQLBind(outcome.unit.feePart.cents))
                    .set("operating_cost_part", to: SQLBind(outcome.unit.operatingCostPart.cents))
                    .set("film_part", to: SQLBind(outcome.unit.filmPart.cents)).set("other_part", to: SQLBind(outcome.unit.otherPart.cents))
                    .set("unit_value", to: SQLBind(outcome.unit.unitValue.cents)).set("total", to: SQLBind(outcome.total.cents))
                    .set("urgency", to: SQLBind(outcome.unit.urgency)).set("pricing_status", to: SQLBind("priced"))
                    .set(SQLColumn("pricing_error_code"), to: SQLLiteral.null).set(SQLColumn("pricing_error"), to: SQLLiteral.null)
            case .failure(let failure):
                // Never an invented value: the price is cleared and the reason kept.
                summary.unpriced += 1
                update = update.set(SQLColumn("contract_id"), to: SQLLiteral.null).set(SQLColumn("porte"), to: SQLLiteral.null)
                    .set("fee_part", to: SQLBind(0)).set("operating_cost_part", to: SQLBind(0)).set("film_part", to: SQLBind(0))
                    .set("other_part", to: SQLBind(0)).set("unit_value", to: SQLBind(0)).set("total", to: SQLBind(0))
                    .set("urgency", to: SQLBind(false)).set("pricing_status", to: SQLBind("unpriced"))
                    .set("pricing_error_code", to: SQLBind(failure.code)).set("pricing_error", to: SQLBind(failure.message))
            }
            try await update.where("id", .equal, SQLBind(id)).run()
        }
        return summary
    }

    /// Re-prices every item of a draft partial (on demand, e.g. after a contract was corrected).
    public func repricePartial(_ partialId: Int, by actor: AuditActor) async throws -> Summary {
        try await database.transaction { sql in
            guard let partial = try await PartialRow.find(partialId, on: sql) else { throw FaturaError.notFound(entity: "parcial") }
            guard partial.status == PartialStatus.draft.rawValue else {
                throw FaturaError.conflict("A parcial está encerrada: reabra-a antes de recalcular os preços.")
            }
            let items = try await ChargeItemRow.load(on: sql) { $0.where("partial_id", .equal, SQLBind(partialId)).orderBy("id") }
            let summary = try await Self.price(items.map { Target(item: $0, payerId: partial.payerId, companyId: partial.companyId) }, on: sql)
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "partial", entityId: String(partialId),
                                      detail: "preços recalculados: \(summary.priced) com preço, \(summary.unpriced) sem preço")
            return summary
        }
    }
}

struct ProcedureEntryRow: Decodable {
    var tableId: Int
    var code: String
    var description: String
    var porte: String?
    var uco: Int64
    var film: Int64
    var ch: Int64
    var auxiliaries: Int
    var anaestheticPorte: Int

    var entry: ProcedureEntry {
        ProcedureEntry(code: code, description: description, porte: porte.flatMap(Porte.init), uco: Quantity(tenThousandths: uco),
                       film: Quantity(tenThousandths: film), ch: Quantity(tenThousandths: ch), auxiliaries: auxiliaries,
                       anaestheticPorte: anaestheticPorte)
    }
}

struct PricedEntryRow: Decodable {
    var tableId: Int
    var code: String
    var description: String
    var valueCents: Int64
    var validFrom: String
    var validTo: String?

    var entry: PricedEntry {
        PricedEntry(code: code, description: description, value: Money(cents: valueCents),
                    validFrom: CalendarDay(iso: validFrom) ?? CalendarDay(daysSinceEpoch: 0), validTo: validTo.flatMap(CalendarDay.init(iso:)))
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
