import SQLKit
import FaturaDomain

/// Record-return documents (documentos de devolução de prontuários) as rows: the sectors with lines
/// to send, the documents and their lines, and the writes `RecordReturnService` (FaturaBilling)
/// decides.
public struct RecordReturnQueries: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A sector with open non-conformities that are in no document yet.
    public struct Pending: Sendable, Equatable, Decodable {
        public var sectorId: Int
        public var sectorName: String
        public var count: Int
        public var earliestDue: String
    }

    public func pending(companyId: Int) async throws -> [Pending] {
        try await database.read { sql in
            try await sql.select().column(SQLColumn("sector_id", table: "nonconformities"), as: "sector_id")
                .column(SQLColumn("name", table: "sectors"), as: "sector_name")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
                .column(SQLFunction("MIN", args: SQLColumn("due_on", table: "nonconformities")), as: "earliest_due")
                .from("nonconformities")
                .join("partial_bills", on: SQLColumn("partial_id", table: "nonconformities"), .equal, SQLColumn("id", table: "partial_bills"))
                .join("sectors", on: SQLColumn("sector_id", table: "nonconformities"), .equal, SQLColumn("id", table: "sectors"))
                .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
                .where(SQLColumn("status", table: "nonconformities"), .equal, SQLBind(NonConformityStatus.open.rawValue))
                .where(SQLColumn("return_id", table: "nonconformities"), .is, SQLLiteral.null)
                .groupBy(SQLColumn("sector_id", table: "nonconformities")).groupBy(SQLColumn("name", table: "sectors"))
                .orderBy(SQLColumn("name", table: "sectors"))
                .all(decoding: Pending.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// The ids and due dates of the company's open non-conformities of a sector that are in no document yet.
    public static func freeLines(companyId: Int, sectorId: Int, on sql: any SQLDatabase) async throws -> [(id: Int, dueOn: String)] {
        let rows = try await sql.select().column(SQLColumn("id", table: "nonconformities"), as: "id")
            .column(SQLColumn("due_on", table: "nonconformities"), as: "due_on")
            .from("nonconformities")
            .join("partial_bills", on: SQLColumn("partial_id", table: "nonconformities"), .equal, SQLColumn("id", table: "partial_bills"))
            .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
            .where(SQLColumn("sector_id", table: "nonconformities"), .equal, SQLBind(sectorId))
            .where(SQLColumn("status", table: "nonconformities"), .equal, SQLBind(NonConformityStatus.open.rawValue))
            .where(SQLColumn("return_id", table: "nonconformities"), .is, SQLLiteral.null)
            .orderBy(SQLColumn("id", table: "nonconformities")).all()
        return try rows.map { (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "due_on", as: String.self)) }
    }

    /// Inserts the document (numbered by `number(id)`) and returns its id.
    public static func insert(companyId: Int, sectorId: Int, dueOn: String, number: (Int) -> String, at now: String, by username: String,
                              on sql: any SQLDatabase) async throws -> Int {
        let id = try await InsertedId.of(sql.insert(into: "record_returns").columns("company_id", "sector_id", "due_on", "created_at", "created_by")
            .values(SQLBind(companyId), SQLBind(sectorId), SQLBind(dueOn), SQLBind(now), SQLBind(username)), table: "record_returns")
        try await sql.update("record_returns").set("number", to: SQLBind(number(id))).where("id", .equal, SQLBind(id)).run()
        return id
    }

    /// Puts the lines in the document, only those still free; returns how many it took (fewer: two
    /// people generated at once, and the caller must not keep a half document).
    public static func take(_ ids: [Int], into returnId: Int, on sql: any SQLDatabase) async throws -> Int {
        var taken = 0
        for chunk in ids.chunked(300) {
            taken += try await sql.update("nonconformities").set("return_id", to: SQLBind(returnId))
                .where("id", .in, SQLBind.group(chunk)).where("return_id", .is, SQLLiteral.null).returning("id").all().count
            let insert = sql.insert(into: "record_return_items").columns("return_id", "nonconformity_id")
            for ncId in chunk { _ = insert.values(SQLBind(returnId), SQLBind(ncId)) }
            try await insert.run()
        }
        return taken
    }

    /// Marks it sent if it was not yet (false: someone did first).
    public static func markSent(_ id: Int, at now: String, by username: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.update("record_returns").set("sent_at", to: SQLBind(now)).set("sent_by", to: SQLBind(username))
            .where("id", .equal, SQLBind(id)).where("sent_at", .is, SQLLiteral.null).returning("id").first() != nil
    }

    public static func header(_ id: Int, on sql: any SQLDatabase) async throws -> RecordReturn? {
        try await select(on: sql).where(SQLColumn("id", table: "record_returns"), .equal, SQLBind(id))
            .first(decoding: RecordReturn.self, keyDecodingStrategy: .snakeCase)
    }

    static func select(on sql: any SQLDatabase) -> SQLSelectBuilder {
        var s = sql.select()
        for c in ["id", "number", "company_id", "sector_id", "due_on", "created_at", "created_by", "sent_at", "sent_by"] {
            s = s.column(SQLColumn(c, table: "record_returns"), as: c)
        }
        return s.column(SQLColumn("name", table: "sectors"), as: "sector_name")
            .column(SQLRaw("(SELECT COUNT(*) FROM record_return_items i WHERE i.return_id = record_returns.id)"), as: "line_count")
            .from("record_returns")
            .join("sectors", on: SQLColumn("sector_id", table: "record_returns"), .equal, SQLColumn("id", table: "sectors"))
    }

    /// The company's most recent documents, newest first; `sectorId` narrows to one sector (a sector user's own).
    public func list(companyId: Int?, sectorId: Int? = nil, limit: Int = 100) async throws -> [RecordReturn] {
        try await database.read { sql in
            try await Self.filtered(Self.select(on: sql), companyId: companyId, sectorId: sectorId)
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "record_returns"), direction: SQLDirection.descending)).limit(limit)
                .all(decoding: RecordReturn.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// Every document of the company (or sector), a page at a time, newest first, with the true total.
    public func page(companyId: Int?, sectorId: Int? = nil, page: Int, perPage: Int = 50) async throws -> Page<RecordReturn> {
        let page = Page<Never>.clamp(page)
        let perPage = min(max(1, perPage), 200)
        return try await database.read { sql in
            let count = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("record_returns")
            let total = try await Self.filtered(count, companyId: companyId, sectorId: sectorId).first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await Self.filtered(Self.select(on: sql), companyId: companyId, sectorId: sectorId)
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "record_returns"), direction: SQLDirection.descending))
                .limit(perPage).offset((page - 1) * perPage)
                .all(decoding: RecordReturn.self, keyDecodingStrategy: .snakeCase)
            return Page(items: items, page: page, perPage: perPage, total: total)
        }
    }

    static func filtered(_ select: SQLSelectBuilder, companyId: Int?, sectorId: Int?) -> SQLSelectBuilder {
        var s = select
        if let companyId { s = s.where(SQLColumn("company_id", table: "record_returns"), .equal, SQLBind(companyId)) }
        if let sectorId { s = s.where(SQLColumn("sector_id", table: "record_returns"), .equal, SQLBind(sectorId)) }
        return s
    }

    /// The document as issued: its lines are the non-conformities it was issued with, in their state now.
    public func document(_ id: Int) async throws -> (header: RecordReturn, company: Company, lines: [NonConformityQueries.Entry]) {
        try await database.read { sql in
            guard let header = try await Self.header(id, on: sql) else { throw FaturaError.notFound(entity: "documento de devolução") }
            guard let company = try await Registry<Company>.find(header.companyId, on: sql) else { throw FaturaError.notFound(entity: "coligada") }
            let lines = try await NonConformityQueries.select(on: sql)
                .join("record_return_items", on: SQLColumn("id", table: "nonconformities"), .equal, SQLColumn("nonconformity_id", table: "record_return_items"))
                .where(SQLColumn("return_id", table: "record_return_items"), .equal, SQLBind(id))
                .orderBy(SQLColumn("name", table: "patients")).orderBy(SQLColumn("id", table: "nonconformities"))
                .all(decoding: NonConformityQueries.Entry.self, keyDecodingStrategy: .snakeCase)
            return (header, company, lines)
        }
    }
}
