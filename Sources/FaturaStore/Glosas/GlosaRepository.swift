import FaturaDomain
import SQLKit

/// Glosas as rows, with the billed item, claim, batch, invoice and partial they come from (one
/// join: the worklist shows them all). A stored balance that does not add up is an error.
public struct GlosaRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct NewGlosa: Sendable {
        public var lineId: Int
        public var statementId: Int
        public var claimItemId: Int
        public var invoiceId: Int
        public var payerId: Int
        public var reasonCode: String
        public var value: Money
        public var maxRounds: Int
        public var appealDue: CalendarDay?

        public init(lineId: Int, statementId: Int, claimItemId: Int, invoiceId: Int, payerId: Int, reasonCode: String, value: Money, maxRounds: Int,
                    appealDue: CalendarDay?) {
            self.lineId = lineId
            self.statementId = statementId
            self.claimItemId = claimItemId
            self.invoiceId = invoiceId
            self.payerId = payerId
            self.reasonCode = reasonCode
            self.value = value
            self.maxRounds = maxRounds
            self.appealDue = appealDue
        }
    }

    static let glosasInsert = BulkInsert(into: "glosas", [
        ("statement_line_id", .integer), ("statement_id", .integer), ("claim_item_id", .integer), ("invoice_id", .integer), ("payer_id", .integer),
        ("reason_code", .text), ("kind", .text), ("value", .integer), ("undecided", .integer), ("max_rounds", .integer), ("status", .text),
        ("appeal_due", .text), ("created_at", .text), ("updated_at", .text),
    ])

    /// New glosas, set-based (`BulkInsert`): all their value still to decide.
    public static func insert(_ glosas: [NewGlosa], at now: String, on sql: any SQLDatabase) async throws {
        try await glosasInsert.run(glosas, on: sql) { glosa, row in
            row.int(glosa.lineId)
            row.int(glosa.statementId)
            row.int(glosa.claimItemId)
            row.int(glosa.invoiceId)
            row.int(glosa.payerId)
            row.text(glosa.reasonCode)
            row.text(GlosaKind.of(code: glosa.reasonCode).rawValue)
            row.int(glosa.value.cents)
            row.int(glosa.value.cents)
            row.int(glosa.maxRounds)
            row.text(GlosaStatus.open.rawValue)
            row.text(glosa.appealDue?.iso)
            row.text(now)
            row.text(now)
        }
    }

    // MARK: - Reading

    static func select(_ sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("g")))
            .column(SQLColumn("number", table: "v"), as: "invoice_number")
            .column(SQLColumn("company_id", table: "v"), as: "company_id")
            .column(SQLColumn("competence", table: "v"), as: "competence")
            .column(SQLColumn("number", table: "c"), as: "claim_number")
            .column(SQLColumn("number", table: "b"), as: "batch_number")
            .column(SQLFunction("COALESCE", args: SQLColumn("protocol_number", table: "b"), SQLColumn("protocol_number", table: "v")), as: "protocol_number")
            .column(SQLColumn("sequence", table: "i"), as: "sequence")
            .column(SQLColumn("table_code", table: "i"), as: "table_code")
            .column(SQLColumn("code", table: "i"), as: "item_code")
            .column(SQLColumn("description", table: "i"), as: "item_description")
            .column(SQLColumn("performed_on", table: "i"), as: "performed_on")
            .column(SQLColumn("id", table: "p"), as: "partial_id")
            .column(SQLColumn("closed_by", table: "p"), as: "biller")
            .column(SQLColumn("origin_sector_id", table: "p"), as: "origin_sector_id")
            .from(SQLAlias(SQLIdentifier("glosas"), as: SQLIdentifier("g")))
            .join(SQLAlias(SQLIdentifier("invoice_claim_items"), as: SQLIdentifier("i")), on: SQLColumn("claim_item_id", table: "g"), .equal, SQLColumn("id", table: "i"))
            .join(SQLAlias(SQLIdentifier("invoice_claims"), as: SQLIdentifier("c")), on: SQLColumn("claim_id", table: "i"), .equal, SQLColumn("id", table: "c"))
            .join(SQLAlias(SQLIdentifier("invoice_batches"), as: SQLIdentifier("b")), on: SQLColumn("batch_id", table: "c"), .equal, SQLColumn("id", table: "b"))
            .join(SQLAlias(SQLIdentifier("invoices"), as: SQLIdentifier("v")), on: SQLColumn("invoice_id", table: "g"), .equal, SQLColumn("id", table: "v"))
            .join(SQLAlias(SQLIdentifier("partial_bills"), as: SQLIdentifier("p")), on: SQLColumn("partial_id", table: "c"), .equal, SQLColumn("id", table: "p"))
    }

    static func filtered(_ select: SQLSelectBuilder, _ filter: GlosaFilter) -> SQLSelectBuilder {
        var select = select
        if let company = filter.companyId { select = select.where(SQLColumn("company_id", table: "v"), .equal, SQLBind(company)) }
        if let payer = filter.payerId { select = select.where(SQLColumn("payer_id", table: "g"), .equal, SQLBind(payer)) }
        if let competence = filter.competence { select = select.where(SQLColumn("competence", table: "v"), .equal, SQLBind(competence.description)) }
        if let kind = filter.kind { select = select.where(SQLColumn("kind", table: "g"), .equal, SQLBind(kind.rawValue)) }
        if let reason = filter.reasonCode { select = select.where(SQLColumn("reason_code", table: "g"), .equal, SQLBind(reason)) }
        if let min = filter.minValue { select = select.where(SQLColumn("value", table: "g"), .greaterThanOrEqual, SQLBind(min.cents)) }
        if let owner = filter.owner { select = select.where(SQLColumn("owner", table: "g"), .equal, SQLBind(owner)) }
        if let status = filter.status { select = select.where(SQLColumn("status", table: "g"), .equal, SQLBind(status.rawValue)) }
        if let invoice = filter.invoiceId { select = select.where(SQLColumn("invoice_id", table: "g"), .equal, SQLBind(invoice)) }
        if let statement = filter.statementId { select = select.where(SQLColumn("statement_id", table: "g"), .equal, SQLBind(statement)) }
        if let due = filter.dueBy {
            select = select.where(SQLColumn("undecided", table: "g"), .greaterThan, SQLBind(0))
                .where(SQLColumn("appeal_due", table: "g"), .lessThanOrEqual, SQLBind(due.iso))
        }
        if filter.awaitingOpinion {
            select = select.where(SQLColumn("kind", table: "g"), .equal, SQLBind(GlosaKind.technical.rawValue))
                .where(SQLColumn("opinion", table: "g"), .is, SQLLiteral.null)
                .where(SQLColumn("undecided", table: "g"), .greaterThan, SQLBind(0))
        }
        return select
    }

    /// The worklist: nearest deadline first, then the largest.
    public func list(_ filter: GlosaFilter) async throws -> Page<Glosa> {
        let page = Page<Glosa>.clamp(filter.page), perPage = min(max(1, filter.perPage), 500)
        return try await database.read { sql in
            let count = try await Self.filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier("glosas"), as: SQLIdentifier("g")))
                .join(SQLAlias(SQLIdentifier("invoices"), as: SQLIdentifier("v")), on: SQLColumn("invoice_id", table: "g"), .equal, SQLColumn("id", table: "v")),
                filter).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await Self.filtered(Self.select(sql), filter)
                .orderBy(SQLColumn("appeal_due", table: "g")).orderBy(SQLOrderBy(expression: SQLColumn("value", table: "g"), direction: SQLDirection.descending)).orderBy(SQLColumn("id", table: "g"))
                .limit(perPage).offset((page - 1) * perPage).all()
            return Page(items: try rows.map(Self.glosa), page: page, perPage: perPage, total: count)
        }
    }

    public func find(_ id: Int) async throws -> Glosa? {
        try await database.read { try await Self.find(id, on: $0) }
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Glosa? {
        try await select(sql).where(SQLColumn("id", table: "g"), .equal, SQLBind(id)).first().map(glosa)
    }

    public static func require(_ id: Int, on sql: any SQLDatabase) async throws -> Glosa {
        guard let glosa = try await find(id, on: sql) else { throw FaturaError.notFound(entity: "glosa \(id)") }
        return glosa
    }

    public static func all(_ ids: [Int], on sql: any SQLDatabase) async throws -> [Glosa] {
        guard !ids.isEmpty else { return [] }
        return try await select(sql).where(SQLColumn("id", table: "g"), .in, SQLBind.group(ids)).orderBy(SQLColumn("id", table: "g")).all().map(glosa)
    }

    /// The item description as the claim sent it (older claims did not keep it: the code then).
    public static func itemDescription(_ glosaId: Int, on sql: any SQLDatabase) async throws -> String? {
        try await select(sql).where(SQLColumn("id", table: "g"), .equal, SQLBind(glosaId)).first()?.decode(column: "item_description", as: String?.self)
    }

    /// Glosas of a company with something to decide whose deadline falls within `days` from
    /// `today`, the late ones among them, and the technical ones waiting for the audit sector.
    public func dueSoon(companyId: Int, today: CalendarDay, days: Int) async throws -> (count: Int, value: Money, late: Int, awaitingOpinion: Int) {
        try await database.read { sql in
            let row = try await sql.raw("""
                SELECT CAST(COALESCE(SUM(CASE WHEN g.appeal_due <= \(bind: today.adding(days: days).iso) THEN 1 ELSE 0 END), 0) AS BIGINT) AS n,
                       CAST(COALESCE(SUM(CASE WHEN g.appeal_due <= \(bind: today.adding(days: days).iso) THEN g.undecided ELSE 0 END), 0) AS BIGINT) AS v,
                       CAST(COALESCE(SUM(CASE WHEN g.appeal_due < \(bind: today.iso) THEN 1 ELSE 0 END), 0) AS BIGINT) AS late,
                       CAST(COALESCE(SUM(CASE WHEN g.kind = 'technical' AND g.opinion IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS opinion
                FROM glosas g JOIN invoices v ON v.id = g.invoice_id
                WHERE v.company_id = \(bind: companyId) AND g.undecided > 0
                """).first()
            return (try row?.decode(column: "n", as: Int.self) ?? 0, Money(cents: try row?.decode(column: "v", as: Int64.self) ?? 0),
                    try row?.decode(column: "late", as: Int.self) ?? 0, try row?.decode(column: "opinion", as: Int.self) ?? 0)
        }
    }

    // MARK: - Writing

    /// Saves what a step changed (balance, owner, opinion, kind, note), if nobody changed it since.
    public static func save(_ glosa: Glosa, expectedVersion: Int, at now: String, on sql: any SQLDatabase) async throws -> Glosa {
        try await saveAll([(glosa, expectedVersion)], at: now, on: sql)
        return try await require(glosa.id, on: sql)
    }

    /// Several glosas changed in one transaction (an appeal's, its answer's): each saved as `save`
    /// does, the map's and the indicators' sums of their invoices recomputed once, not once a glosa.
    public static func saveAll(_ changes: [(glosa: Glosa, expectedVersion: Int)], at now: String, on sql: any SQLDatabase) async throws {
        for (glosa, expectedVersion) in changes { try await update(glosa, expectedVersion: expectedVersion, at: now, on: sql) }
        try await InvoiceMoney.refresh(changes.map(\.glosa.invoiceId), on: sql)
    }

    private static func update(_ glosa: Glosa, expectedVersion: Int, at now: String, on sql: any SQLDatabase) async throws {
        let b = glosa.balance
        let updated = try await sql.update("glosas")
            .set("undecided", to: SQLBind(b.undecided.cents)).set("written_off", to: SQLBind(b.writtenOff.cents))
            .set("under_appeal", to: SQLBind(b.underAppeal.cents)).set("recovered", to: SQLBind(b.recovered.cents)).set("lost", to: SQLBind(b.lost.cents))
            .set("rounds", to: SQLBind(b.rounds)).set("status", to: SQLBind(b.status.rawValue)).set("kind", to: SQLBind(glosa.kind.rawValue))
            .set("appeal_due", to: SQLBind.optional(glosa.appealDue?.iso)).set("owner", to: SQLBind.optional(glosa.owner))
            .set("opinion", to: SQLBind.optional(glosa.opinion?.rawValue)).set("opinion_text", to: SQLBind.optional(glosa.opinionText))
            .set("opinion_by", to: SQLBind.optional(glosa.opinionBy)).set("decision_note", to: SQLBind.optional(glosa.decisionNote))
            .set("nonconformity_id", to: SQLBind.optional(glosa.nonConformityId))
            .set("updated_at", to: SQLBind(now)).set("version", to: SQLBind(expectedVersion + 1))
            .where("id", .equal, SQLBind(glosa.id)).where("version", .equal, SQLBind(expectedVersion))
            .returning("id").first()
        guard updated != nil else { throw FaturaError.concurrentChange("A glosa \(glosa.id) foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira.") }
    }

    /// Glosas whose parts do not add up to their value (the table's CHECK forbids it; a database
    /// edited by hand could still hold one): `fatura glosas check`.
    public func unbalanced() async throws -> [(id: Int, message: String)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT id, value, undecided + written_off + under_appeal + recovered + lost AS parts FROM glosas
                WHERE undecided + written_off + under_appeal + recovered + lost <> value
                   OR undecided < 0 OR written_off < 0 OR under_appeal < 0 OR recovered < 0 OR lost < 0 ORDER BY id
                """).all().map { row in
                (try row.decode(column: "id", as: Int.self),
                 "glosa \(BrazilianFormat.currency(Money(cents: try row.decode(column: "value", as: Int64.self)))) ≠ aceita + em recurso + recuperada + perdida + a decidir (\(BrazilianFormat.currency(Money(cents: try row.decode(column: "parts", as: Int64.self)))))")
            }
        }
    }

    // MARK: - Rows

    static func glosa(_ row: any SQLRow) throws -> Glosa {
        let cells = StoredRow(row, table: "glosas")
        let competenceText: String = try cells.value("competence")
        guard let competence = Competence(competenceText) else { throw cells.invalid("competence", competenceText) }
        let value = Money(cents: try cells.value("value"))
        guard let balance = GlosaBalance(value: value, undecided: Money(cents: try cells.value("undecided")),
                                         writtenOff: Money(cents: try cells.value("written_off")), underAppeal: Money(cents: try cells.value("under_appeal")),
                                         recovered: Money(cents: try cells.value("recovered")), lost: Money(cents: try cells.value("lost")),
                                         rounds: try cells.value("rounds"), maxRounds: try cells.value("max_rounds")) else {
            throw cells.invalid("value", String(value.cents))
        }
        let status = try cells.code("status", as: GlosaStatus.self)
        guard status == balance.status else { throw cells.invalid("status", status.rawValue) }
        return Glosa(
            id: try cells.value("id"), companyId: try cells.value("company_id"), payerId: try cells.value("payer_id"), invoiceId: try cells.value("invoice_id"),
            invoiceNumber: try cells.value("invoice_number"), competence: competence, statementId: try cells.value("statement_id"),
            claimItemId: try cells.value("claim_item_id"), claimNumber: try cells.value("claim_number"), batchNumber: try cells.value("batch_number"),
            protocolNumber: try cells.optional("protocol_number"), sequence: try cells.value("sequence"), itemTable: try cells.value("table_code"),
            itemCode: try cells.value("item_code"), itemDay: try cells.day("performed_on"), reasonCode: try cells.value("reason_code"),
            kind: try cells.code("kind", as: GlosaKind.self), balance: balance,
            appealDue: try StoredRow.day(try cells.optional("appeal_due", as: String.self), table: "glosas", column: "appeal_due"),
            owner: try cells.optional("owner"), biller: try cells.optional("biller"), originSectorId: try cells.optional("origin_sector_id"),
            partialId: try cells.value("partial_id"),
            opinion: try cells.optional("opinion", as: String.self).map { try StoredRow.code($0, as: GlosaOpinion.self, table: "glosas", column: "opinion") },
            opinionText: try cells.optional("opinion_text"), opinionBy: try cells.optional("opinion_by"), decisionNote: try cells.optional("decision_note"),
            nonConformityId: try cells.optional("nonconformity_id"), version: try cells.value("version"))
    }
}
