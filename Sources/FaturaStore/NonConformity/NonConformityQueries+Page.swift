import SQLKit
import FaturaDomain

extension NonConformityQueries {
    /// One page of `entries(filter)` (same order) with the filter's true total, and how many of all
    /// are overdue on `today`: billing's worklist shows every one, a page at a time.
    public func entries(_ filter: Filter, page: Int, perPage: Int = 100, today: CalendarDay) async throws -> (page: Page<Entry>, overdue: Int) {
        let page = Page<Never>.clamp(page)
        let perPage = min(max(1, perPage), 500)
        let overdueFilter = { var f = filter; f.overdueOn = today; return f }()
        return try await database.read { sql in
            func count(_ filter: Filter) async throws -> Int {
                let select = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("nonconformities")
                    .join("partial_bills", on: SQLColumn("partial_id", table: "nonconformities"), .equal, SQLColumn("id", table: "partial_bills"))
                return try await Self.filtered(select, filter).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let total = try await count(filter)
            let overdue = try await count(overdueFilter)
            let items = try await Self.filtered(Self.select(on: sql), filter)
                .orderBy(SQLColumn("found_on", table: "nonconformities")).orderBy(SQLColumn("id", table: "nonconformities"))
                .limit(perPage).offset((page - 1) * perPage)
                .all(decoding: Entry.self, keyDecodingStrategy: .snakeCase)
            return (Page(items: items, page: page, perPage: perPage, total: total), overdue)
        }
    }

    /// The filter's conditions (not its limit) on a select that joins `partial_bills`.
    static func filtered(_ select: SQLSelectBuilder, _ filter: Filter) -> SQLSelectBuilder {
        var s = select
        if let id = filter.partialId { s = s.where(SQLColumn("partial_id", table: "nonconformities"), .equal, SQLBind(id)) }
        if let id = filter.companyId { s = s.where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(id)) }
        if let id = filter.sectorId { s = s.where(SQLColumn("sector_id", table: "nonconformities"), .equal, SQLBind(id)) }
        if !filter.statuses.isEmpty {
            s = s.where(SQLColumn("status", table: "nonconformities"), .in, SQLBind.group(filter.statuses.map(\.rawValue)))
        }
        if let today = filter.overdueOn {
            s = s.where(SQLColumn("status", table: "nonconformities"), .equal, SQLBind(NonConformityStatus.open.rawValue))
                .where(SQLColumn("due_on", table: "nonconformities"), .lessThan, SQLBind(today.iso))
        }
        return s
    }
}
