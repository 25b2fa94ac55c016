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

    /// What pricing has loaded so far: a batch run keeps it from one batch to the next, so each
    /// code's entries are read once per run instead of once per batch.
    struct BookCache {
        var book = PriceBook()
        var payers: Set<Int> = []
        var procedureCodes: Set<String> = []
        var listCodes: Set<String> = []
    }

    /// Adds to `cache` what `targets` need: the payers' contracts, the entries of their codes, the value tables.
    static func extend(_ cache: inout BookCache, for targets: [Target], on sql: any SQLDatabase) async throws {
        let newPayers = Set(targets.map(\.payerId)).subtracting(cache.payers)
        if !newPayers.isEmpty {
            cache.payers.formUnion(newPayers)
            cache.book.contracts = try await ContractStore.forPayers(Array(cache.payers).sorted(), on: sql)
            cache.procedureCodes = []
            cache.listCodes = []
            cache.book.procedureEntries = [:]
            cache.book.pricedEntries = [:]
            let series = Array(Set(cache.book.contracts.compactMap(\.valueSeries)))
            cache.book.valueTables = [:]
            if !series.isEmpty {
                for table in try await ValueTableStore.load(series: series, on: sql) { cache.book.valueTables[table.series, default: []].append(table) }
            }
        }
        let contracts = cache.book.contracts
        let procedureTables = Set(contracts.compactMap(\.procedureTableId))
        let listTables = Set(contracts.flatMap { [$0.ownTableId, $0.drugTableId, $0.materialTableId].compactMap { $0 } })
        let procedureCodes = Set(targets.filter { $0.item.priceTable == .amb || $0.item.priceTable == .cbhpm }.map(\.item.code))
            .subtracting(cache.procedureCodes)
        let listCodes = Set(targets.filter { $0.item.priceTable != .amb && $0.item.priceTable != .cbhpm }.map(\.item.code))
            .subtracting(cache.listCodes)
        cache.procedureCodes.formUnion(procedureCodes)
        cache.listCodes.formUnion(listCodes)
        for chunk in Array(procedureCodes).sorted().chunked(500) where !procedureTables.isEmpty {
            let rows = try await sql.select().column("*").from("procedure_entries")
                .where("table_id", .in, SQLBind.group(Array(procedureTables))).where("code", .in, SQLBind.group(chunk))
                .all(decoding: ProcedureEntryRow.self, keyDecodingStrategy: .snakeCase)
            for row in rows { cache.book.procedureEntries[row.tableId, default: [:]][row.code] = row.entry }
        }
        for chunk in Array(listCodes).sorted().chunked(500) where !listTables.isEmpty {
            let rows = try await sql.select().column("*").from("priced_entries")
                .where("table_id", .in, SQLBind.group(Array(listTables))).where("code", .in, SQLBind.group(chunk)).orderBy("valid_from")
                .all(decoding: PricedEntryRow.self, keyDecodingStrategy: .snakeCase)
            for row in rows { cache.book.pricedEntries[row.tableId, default: [:]][row.code, default: []].append(try row.entry()) }
        }
    }

    /// Loads what `targets` need, for a one-off pricing (an HIS document, a partial).
    static func loadBook(for targets: [Target], on sql: any SQLDatabase) async throws -> PriceBook {
        var cache = BookCache()
        try await extend(&cache, for: targets, on: sql)
        return cache.book
    }

    /// Prices and saves, in the caller's transaction, 200 items per UPDATE statement.
    static func price(_ targets: [Target], on sql: any SQLDatabase) async throws -> Summary {
        var cache = BookCache()
        return try await price(targets, cache: &cache, on: sql)
    }

    static func price(_ targets: [Target], cache: inout BookCache, on sql: any SQLDatabase) async throws -> Summary {
        var summary = Summary()
        guard !targets.isEmpty else { return summary }
        try await extend(&cache, for: targets, on: sql)
        let book = cache.book
        let now = Timestamp.now()
        var updates: [PriceUpdate.Row] = []
        updates.reserveCapacity(targets.count)
        for target in targets {
            guard let id = target.item.id else { continue }
            let result = book.price(table: target.item.priceTable, code: target.item.code, performedAt: target.item.performedAt,
                                    quantity: target.item.quantity, payerId: target.payerId, companyId: target.companyId)
            switch result {
            case .success(let outcome):
                summary.priced += 1
                updates.append(PriceUpdate.Row(id: id, contractId: outcome.contractId, table: outcome.table.rawValue, porte: outcome.porte?.description,
                                               unit: outcome.unit, total: outcome.total, errorCode: nil, error: nil))
            case .failure(let failure):
                // Never an invented value: the price is cleared and the reason kept.
                summary.unpriced += 1
                updates.append(PriceUpdate.Row(id: id, contractId: nil, table: target.item.priceTable.rawValue, porte: nil,
                                               unit: nil, total: .zero, errorCode: failure.code, error: failure.message))
            }
        }
        // 500 lines per statement (about 6 000 bound values: within both databases' limits).
        for chunk in updates.chunked(500) {
            try await sql.execute(sql: PriceUpdate(rows: chunk, pricedAt: now)) { _ in }
        }
        // New prices mean the exam rule has to run again on these partials (issue: closing checks it).
        for chunk in Array(Set(targets.map(\.item.partialId))).sorted().chunked(500) {
            try await sql.update("partial_bills").set("exam_items_changed_at", to: SQLBind(now))
                .set("version", to: SQLRaw("version + 1")).set("unpriced_items", to: SQLRaw(UnpricedItems.count))
                .where("id", .in, SQLBind.group(chunk)).run()
        }
        return summary
    }

    /// Re-prices every item of the company's draft partials, a batch (and a transaction) at a time,
    /// so memory stays flat and a crash leaves whole batches done or untouched. For a scheduler and
    /// for `fatura bench pricing`.
    public func priceDraftItems(companyId: Int, batchSize: Int = 2_000, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        var total = Summary()
        var lastId = 0
        var cache = BookCache()
        while true {
            let after = lastId
            let carried = cache
            let (summary, last, count, updatedCache) = try await database.transaction { sql -> (Summary, Int, Int, BookCache) in
                let rows = try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("charge_items")))
                    .column(SQLColumn("payer_id", table: "partial_bills"), as: "payer_of_partial")
                    .from("charge_items")
                    .join("partial_bills", on: SQLColumn("partial_id", table: "charge_items"), .equal, SQLColumn("id", table: "partial_bills"))
                    .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
                    .where(SQLColumn("status", table: "partial_bills"), .equal, SQLBind(PartialStatus.draft.rawValue))
                    .where(SQLColumn("id", table: "charge_items"), .greaterThan, SQLBind(after))
                    .orderBy(SQLColumn("id", table: "charge_items")).limit(batchSize).all()
                var targets: [Target] = []
                targets.reserveCapacity(rows.count)
                for row in rows {
                    let item = try ChargeItemRow.item(row)
                    targets.append(Target(item: item, payerId: try row.decode(column: "payer_of_partial", as: Int.self), companyId: companyId))
                }
                var cache = carried
                let summary = try await Self.price(targets, cache: &cache, on: sql)
                return (summary, targets.last?.item.id ?? after, targets.count, cache)
            }
            cache = updatedCache
            total.priced += summary.priced
            total.unpriced += summary.unpriced
            progress?(total.priced + total.unpriced)
            if count < batchSize { break }
            lastId = last
        }
        return total
    }

    /// Re-prices every item of a draft partial (on demand, e.g. after a contract was corrected).
    public func repricePartial(_ partialId: Int, by actor: AuditActor) async throws -> Summary {
        try await database.transaction { sql in
            guard let partial = try await PartialRow.find(partialId, on: sql)?.partial else { throw FaturaError.notFound(entity: "parcial") }
            try partial.check(.prices)
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

    func entry() throws -> PricedEntry {
        PricedEntry(code: code, description: description, value: Money(cents: valueCents),
                    validFrom: try StoredRow.day(validFrom, table: "price_entries", column: "valid_from"),
                    validTo: try StoredRow.day(validTo, table: "price_entries", column: "valid_to"))
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
