import SQLKit
import FaturaDomain

/// What pricing reads and writes (DOMAIN.md §2): the book of contracts, entries and value tables for
/// the items at hand, the items of a company's drafts, and the prices written back. Deciding a price
/// is the domain's (`PriceBook.price`); running it is `PricingService` (FaturaBilling).
public enum PriceRepository {
    /// One item to price with the payer and company of its partial.
    public struct Target: Sendable {
        public var item: ChargeItem
        public var payerId: Int
        public var companyId: Int

        public init(item: ChargeItem, payerId: Int, companyId: Int) {
            self.item = item
            self.payerId = payerId
            self.companyId = companyId
        }
    }

    /// What pricing has loaded so far: a batch run keeps it from one batch to the next, so each
    /// code's entries are read once per run instead of once per batch.
    public struct BookCache: Sendable {
        public var book = PriceBook()
        var payers: Set<Int> = []
        var procedureCodes: Set<String> = []
        var listCodes: Set<String> = []
        public init() {}
    }

    /// Adds to `cache` what `targets` need: the payers' contracts, the entries of their codes, the value tables.
    public static func extend(_ cache: inout BookCache, for targets: [Target], on sql: any SQLDatabase) async throws {
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
        try await loadEntries(&cache, for: targets.map { ($0.item.code, $0.item.priceTable) }, contracts: cache.book.contracts, on: sql)
    }

    /// Adds to `cache` what pricing `items` under `contracts` needs (a proposal's terms are not
    /// stored contracts): the entries of their codes in the contracts' tables, and the value tables
    /// of their series. `cache.book.contracts` is left to the caller.
    public static func extend(_ cache: inout BookCache, for items: [ImpactSimulation.Item], contracts: [Contract], on sql: any SQLDatabase) async throws {
        let series = Set(contracts.compactMap(\.valueSeries)).subtracting(cache.book.valueTables.keys)
        if !series.isEmpty {
            for table in try await ValueTableStore.load(series: Array(series).sorted(), on: sql) { cache.book.valueTables[table.series, default: []].append(table) }
            for name in series where cache.book.valueTables[name] == nil { cache.book.valueTables[name] = [] }
        }
        try await loadEntries(&cache, for: items.map { ($0.code, $0.table) }, contracts: contracts, on: sql)
    }

    /// The entries of `codes` (each with the table its item was sent in) in the tables of
    /// `contracts`, those not loaded yet.
    private static func loadEntries(_ cache: inout BookCache, for codes: [(code: String, table: PriceTableKind)], contracts: [Contract],
                                    on sql: any SQLDatabase) async throws {
        // AMB/CBHPM editions hold procedures; a SIGTAP competence or an own price list as the
        // contract's procedure table holds a value per code, like the own, drug and material tables.
        let byCode: Set<PriceTableKind> = [.amb, .cbhpm]
        let procedureTables = Set(contracts.filter { byCode.contains($0.procedureTable) }.compactMap(\.procedureTableId))
        let listTables = Set(contracts.flatMap { contract in
            [contract.ownTableId, contract.drugTableId, contract.materialTableId, byCode.contains(contract.procedureTable) ? nil : contract.procedureTableId]
                .compactMap { $0 }
        })
        let procedureItem: Set<PriceTableKind> = [.amb, .cbhpm, .sigtap]
        let procedureCodes = Set(codes.filter { procedureItem.contains($0.table) }.map(\.code)).subtracting(cache.procedureCodes)
        // A procedure priced by a list (SIGTAP, an own price list) is looked up among the list values too.
        let listPriced = contracts.contains { !byCode.contains($0.procedureTable) }
        let listCodes = Set(codes.filter { listPriced || !procedureItem.contains($0.table) }.map(\.code)).subtracting(cache.listCodes)
        cache.procedureCodes.formUnion(procedureCodes)
        cache.listCodes.formUnion(listCodes)
        for chunk in Array(procedureCodes).sorted().chunked(500) where !procedureTables.isEmpty {
            let rows = try await sql.select().column("*").from("procedure_entries")
                .where("table_id", .in, SQLBind.group(Array(procedureTables).sorted())).where("code", .in, SQLBind.group(chunk))
                .all(decoding: ProcedureEntryRow.self, keyDecodingStrategy: .snakeCase)
            for row in rows { cache.book.procedureEntries[row.tableId, default: [:]][row.code] = row.entry }
        }
        for chunk in Array(listCodes).sorted().chunked(500) where !listTables.isEmpty {
            let rows = try await sql.select().column("*").from("priced_entries")
                .where("table_id", .in, SQLBind.group(Array(listTables).sorted())).where("code", .in, SQLBind.group(chunk)).orderBy("valid_from")
                .all(decoding: PricedEntryRow.self, keyDecodingStrategy: .snakeCase)
            for row in rows { cache.book.pricedEntries[row.tableId, default: [:]][row.code, default: []].append(try row.entry()) }
        }
    }

    /// Loads what `targets` need, for a one-off pricing (an HIS document, a partial).
    public static func loadBook(for targets: [Target], on sql: any SQLDatabase) async throws -> PriceBook {
        var cache = BookCache()
        try await extend(&cache, for: targets, on: sql)
        return cache.book
    }

    /// Writes prices (or reasons), 500 lines per statement (about 6 000 bound values: within both
    /// databases' limits), and marks the partials: the exam rule must run again, the version moves
    /// and the unpriced count is recounted.
    public static func write(_ updates: [PriceUpdate.Row], partialIds: Set<ID<PartialBill>>, at now: String, on sql: any SQLDatabase) async throws {
        for chunk in updates.chunked(500) {
            try await sql.execute(sql: PriceUpdate(rows: chunk, pricedAt: now)) { _ in }
        }
        for chunk in partialIds.map(\.rawValue).sorted().chunked(500) {
            try await sql.update("partial_bills").set("exam_items_changed_at", to: SQLBind(now))
                .set("version", to: SQLRaw("version + 1")).set("unpriced_items", to: SQLRaw(UnpricedItems.count))
                .where("id", .in, SQLBind.group(chunk)).run()
        }
    }

    /// The next `limit` items of the company's draft partials after item `after`, in id order.
    public static func draftItems(companyId: Int, after: Int, limit: Int, on sql: any SQLDatabase) async throws -> [Target] {
        let rows = try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("charge_items")))
            .column(SQLColumn("payer_id", table: "partial_bills"), as: "payer_of_partial")
            .from("charge_items")
            .join("partial_bills", on: SQLColumn("partial_id", table: "charge_items"), .equal, SQLColumn("id", table: "partial_bills"))
            .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
            .where(SQLColumn("status", table: "partial_bills"), .equal, SQLBind(PartialStatus.draft.rawValue))
            .where(SQLColumn("id", table: "charge_items"), .greaterThan, SQLBind(after))
            .orderBy(SQLColumn("id", table: "charge_items")).limit(limit).all()
        var targets: [Target] = []
        targets.reserveCapacity(rows.count)
        for row in rows {
            let item = try ChargeItemRow.item(row)
            targets.append(Target(item: item, payerId: try row.decode(column: "payer_of_partial", as: Int.self), companyId: companyId))
        }
        return targets
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
    public func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
