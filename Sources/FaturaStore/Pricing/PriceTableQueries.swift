import SQLKit
import FaturaDomain

/// Reading a table's entries for its page.
public struct PriceTableQueries: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Entry: Sendable, Equatable {
        public var code: String
        public var description: String
        /// Procedure tables: porte, UCO, film, CH; value tables: the value and validity.
        public var procedure: ProcedureEntry?
        public var priced: PricedEntry?
    }

    public func entries(of table: PriceTable, code: String?, page: Int, perPage: Int = 50) async throws -> Page<Entry> {
        guard let id = table.id else { return Page(items: [], page: 1, perPage: perPage, total: 0) }
        let name = table.isProcedureTable ? "procedure_entries" : "priced_entries"
        return try await database.read { sql in
            func base(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var s = select.from(name).where("table_id", .equal, SQLBind(id))
                if let code, !code.isEmpty {
                    s = s.where { $0.where("code", .like, SQLBind(code + "%"))
                        .orWhere(SQLFunction("LOWER", args: SQLColumn("description")), .like, SQLBind("%" + code.lowercased() + "%")) }
                }
                return s
            }
            let total = try await base(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let select = base(sql.select().column("*")).orderBy("code").limit(perPage).offset((Page<Never>.clamp(page) - 1) * perPage)
            let items: [Entry]
            if table.isProcedureTable {
                items = try await select.all(decoding: ProcedureEntryRow.self, keyDecodingStrategy: .snakeCase)
                    .map { Entry(code: $0.code, description: $0.description, procedure: $0.entry) }
            } else {
                items = try await select.all(decoding: PricedEntryRow.self, keyDecodingStrategy: .snakeCase)
                    .map { Entry(code: $0.code, description: $0.description, priced: try $0.entry()) }
            }
            return Page(items: items, page: Page<Never>.clamp(page), perPage: perPage, total: total)
        }
    }
}
