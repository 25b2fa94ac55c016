import FaturaDomain
import Foundation
import SQLKit

/// Statements as rows: the statement, its lines with their match, and the reconciliation of an
/// invoice from them. `FaturaBilling.StatementService` decides; these read and write inside its
/// transaction. Writes are set-based: a 100 000-line statement is a few hundred statements.
public struct StatementRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public enum Source: String, Sendable, CaseIterable {
        case xml, csv, xlsx, manual

        public var label: String {
            switch self {
            case .xml: "XML TISS"
            case .csv: "Planilha CSV"
            case .xlsx: "Planilha XLSX"
            case .manual: "Digitado"
            }
        }
    }

    public enum MatchState: String, Sendable, CaseIterable {
        case matched, inferred, ambiguous, unmatched
    }

    /// A statement as the list and its page show it.
    public struct Stored: Sendable, Equatable {
        public var id: Int
        public var payerId: Int
        public var number: String?
        public var issuedOn: CalendarDay
        public var source: Source
        public var fileName: String?
        public var lines: Int
        public var matched: Int
        public var informed: Money
        public var released: Money
        public var glosa: Money
        /// The statement's own flags (`StatementCheck`), one message each.
        public var problems: [String]
        public var importedAt: String
        public var importedBy: String
    }

    /// A line to store.
    public struct NewLine: Sendable {
        public var position: Int
        public var line: StatementLine
        public var claimItemId: Int?
        public var invoiceId: Int?
        public var state: MatchState
        public var reason: String?
        public var candidates: [Int]

        public init(position: Int, line: StatementLine, claimItemId: Int?, invoiceId: Int?, state: MatchState, reason: String? = nil, candidates: [Int] = []) {
            self.position = position
            self.line = line
            self.claimItemId = claimItemId
            self.invoiceId = invoiceId
            self.state = state
            self.reason = reason
            self.candidates = candidates
        }
    }

    /// A stored line, for the statement's page (the lines a person must match first).
    public struct StoredLine: Sendable, Equatable {
        public var id: Int
        public var position: Int
        public var claimNumber: String
        public var sequence: Int?
        public var day: CalendarDay?
        public var code: String
        public var informed: Money
        public var released: Money
        public var glosa: Money
        public var glosaCodes: [String]
        public var sourceLine: Int?
        public var state: MatchState
        public var reason: String?
        public var candidates: [Int]
        public var claimItemId: Int?
        public var replaced: Bool

        /// The line's denials as the payer stated them.
        public var glosaValues: [StatementGlosa] {
            glosaCodes.compactMap { pair in
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let cents = Int64(parts[1]) else { return nil }
                return StatementGlosa(code: String(parts[0]), value: Money(cents: cents))
            }
        }
    }

    // MARK: - Reading

    public static func find(payerId: Int, fileHash: String, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column("id").from("statements").where("payer_id", .equal, SQLBind(payerId))
            .where("file_hash", .equal, SQLBind(fileHash)).first()?.decode(column: "id", as: Int.self)
    }

    public func find(_ id: Int) async throws -> Stored? {
        try await database.read { try await Self.find(id, on: $0) }
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.select().column("*").from("statements").where("id", .equal, SQLBind(id)).first().map(stored)
    }

    public func list(payerId: Int?, page: Int, perPage: Int = 50) async throws -> Page<Stored> {
        let page = Page<Stored>.clamp(page)
        return try await database.read { sql in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                payerId.map { select.where("payer_id", .equal, SQLBind($0)) } ?? select
            }
            let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("statements"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await filtered(sql.select().column("*").from("statements")).orderBy("id", .descending)
                .limit(perPage).offset((page - 1) * perPage).all()
            return Page(items: try rows.map(Self.stored), page: page, perPage: perPage, total: total)
        }
    }

    /// A statement's lines in the order it gave them; `states` keeps only some (unmatched, ambiguous).
    public func lines(of statementId: Int, states: [MatchState]? = nil, limit: Int = 500) async throws -> [StoredLine] {
        try await database.read { sql in
            var select = sql.select().column("*").from("statement_lines").where("statement_id", .equal, SQLBind(statementId))
            if let states { select = select.where("match_state", .in, SQLBind.group(states.map(\.rawValue))) }
            return try await select.orderBy("position").limit(limit).all().map(Self.storedLine)
        }
    }

    public static func line(_ id: Int, on sql: any SQLDatabase) async throws -> StoredLine? {
        try await sql.select().column("*").from("statement_lines").where("id", .equal, SQLBind(id)).first().map(storedLine)
    }

    public static func statementId(ofLine lineId: Int, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column("statement_id").from("statement_lines").where("id", .equal, SQLBind(lineId)).first()?
            .decode(column: "statement_id", as: Int.self)
    }

    /// Another line of the statement already stands for this item.
    public static func itemTaken(_ claimItemId: Int, in statementId: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("statement_lines").where("statement_id", .equal, SQLBind(statementId))
            .where("claim_item_id", .equal, SQLBind(claimItemId)).first() != nil
    }

    /// How many lines of each state a statement has.
    public func counts(of statementId: Int) async throws -> [MatchState: Int] {
        try await database.read { sql in
            var counts: [MatchState: Int] = [:]
            for row in try await sql.select().column("match_state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("statement_lines")
                .where("statement_id", .equal, SQLBind(statementId)).groupBy("match_state").all() {
                counts[try StoredRow.code(try row.decode(column: "match_state", as: String.self), as: MatchState.self, table: "statement_lines",
                                          column: "match_state")] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    // MARK: - Writing

    public struct Header: Sendable {
        public var payerId: Int
        public var number: String?
        public var issuedOn: CalendarDay
        public var source: Source
        public var fileName: String?
        public var fileHash: String
        public var lines: Int
        public var matched: Int
        public var totals: Reconciliation
        public var problems: [String]

        public init(payerId: Int, number: String?, issuedOn: CalendarDay, source: Source, fileName: String?, fileHash: String, lines: Int, matched: Int,
                    totals: Reconciliation, problems: [String]) {
            self.payerId = payerId
            self.number = number
            self.issuedOn = issuedOn
            self.source = source
            self.fileName = fileName
            self.fileHash = fileHash
            self.lines = lines
            self.matched = matched
            self.totals = totals
            self.problems = problems
        }
    }

    public static func insert(_ header: Header, by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws -> Int {
        guard let row = try await sql.insert(into: "statements")
            .columns("payer_id", "number", "issued_on", "source", "file_name", "file_hash", "lines", "matched", "informed", "released", "glosa",
                     "problems", "imported_at", "imported_by")
            .values(SQLBind(header.payerId), SQLBind.optional(header.number), SQLBind(header.issuedOn.iso), SQLBind(header.source.rawValue),
                    SQLBind.optional(header.fileName), SQLBind(header.fileHash), SQLBind(header.lines), SQLBind(header.matched),
                    SQLBind(header.totals.presented.cents), SQLBind(header.totals.released.cents), SQLBind(header.totals.glosa.cents),
                    SQLBind(header.problems.joined(separator: "\n")), SQLBind(now), SQLBind(actor.username))
            .returning("id").first() else { throw FaturaError.noIdReturned(table: "statements") }
        return try row.decode(column: "id", as: Int.self)
    }

    static let linesInsert = BulkInsert(into: "statement_lines", [
        ("statement_id", .integer), ("position", .integer), ("claim_item_id", .integer), ("invoice_id", .integer), ("protocol_number", .text),
        ("claim_number", .text), ("sequence", .integer), ("performed_on", .text), ("table_code", .text), ("code", .text), ("description", .text),
        ("informed", .integer), ("released", .integer), ("glosa", .integer), ("glosa_codes", .text), ("source_line", .integer), ("match_state", .text),
        ("unmatched_reason", .text), ("candidates", .text),
    ])

    /// The lines, set-based (`BulkInsert`).
    public static func insertLines(_ lines: [NewLine], statementId: Int, on sql: any SQLDatabase) async throws {
        try await linesInsert.run(lines, on: sql) { new, row in
            let line = new.line
            row.int(statementId)
            row.int(new.position)
            row.int(new.claimItemId)
            row.int(new.invoiceId)
            row.text(line.protocolNumber)
            row.text(line.claimNumber)
            row.int(line.sequence)
            row.text(line.day?.iso)
            row.text(line.table)
            row.text(line.code)
            row.text(line.description)
            row.int(line.informed.cents)
            row.int(line.released.cents)
            row.int(line.glosa.cents)
            row.text(line.glosas.map { "\($0.code):\($0.value.cents)" }.joined(separator: ","))
            row.int(line.source)
            row.text(new.state.rawValue)
            row.text(new.reason)
            row.text(new.candidates.map(String.init).joined(separator: ","))
        }
    }

    /// The id of each stored line with a denial by its position in the statement (the lines its
    /// glosas point to).
    public static func lineIds(of statementId: Int, on sql: any SQLDatabase) async throws -> [Int: Int] {
        var ids: [Int: Int] = [:]
        for row in try await sql.select().column("id").column("position").from("statement_lines")
            .where("statement_id", .equal, SQLBind(statementId)).where("claim_item_id", .isNot, SQLLiteral.null)
            .where("glosa", .greaterThan, SQLBind(0)).all() {
            ids[try row.decode(column: "position", as: Int.self)] = try row.decode(column: "id", as: Int.self)
        }
        return ids
    }

    /// The earlier current lines of items this statement speaks of (a corrected statement), or of
    /// one item only (a line matched by hand).
    static func earlierLines(than statementId: Int, item: Int?) -> SQLQueryString {
        if let item {
            return """
                SELECT old.id FROM statement_lines old
                WHERE old.replaced_by IS NULL AND old.statement_id <> \(bind: statementId) AND old.claim_item_id = \(bind: item)
                """
        }
        return """
            SELECT old.id FROM statement_lines old
            WHERE old.replaced_by IS NULL AND old.statement_id <> \(bind: statementId)
              AND old.claim_item_id IN (SELECT claim_item_id FROM statement_lines WHERE statement_id = \(bind: statementId) AND claim_item_id IS NOT NULL)
            """
    }

    /// Whether any item of this statement already has a current line of another statement (this
    /// one corrects an earlier analysis).
    public static func replacesEarlier(_ statementId: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT 1 AS found WHERE EXISTS (\(earlierLines(than: statementId, item: nil)))").first() != nil
    }

    /// Glosas of the lines this statement replaces that someone already worked on (an owner, an
    /// opinion, a decision): a corrected statement may not silently undo them.
    public static func workedGlosasReplaced(by statementId: Int, item: Int? = nil, on sql: any SQLDatabase) async throws
        -> [(glosaId: Int, claimNumber: String, sequence: Int?)] {
        let query: SQLQueryString = """
            SELECT g.id, l.claim_number, l.sequence FROM glosas g JOIN statement_lines l ON l.id = g.statement_line_id
            WHERE g.statement_line_id IN (\(earlierLines(than: statementId, item: item)))
              AND (g.status <> 'open' OR g.owner IS NOT NULL OR g.opinion IS NOT NULL OR g.rounds > 0)
            ORDER BY g.id
            """
        return try await sql.raw(query).all().map { row in
            (try row.decode(column: "id", as: Int.self), try row.decode(column: "claim_number", as: String.self),
             try row.decode(column: "sequence", as: Int?.self))
        }
    }

    /// The corrected statement takes over: the glosas of the lines it replaces go (none was worked
    /// on: `workedGlosasReplaced` was empty) and each replaced line points to its replacement.
    /// Returns how many lines were replaced.
    @discardableResult
    public static func replaceEarlier(by statementId: Int, item: Int? = nil, on sql: any SQLDatabase) async throws -> Int {
        let earlier = earlierLines(than: statementId, item: item)
        try await sql.raw("DELETE FROM glosas WHERE statement_line_id IN (\(earlier))").run()
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM (\(earlier)) replaced").first()?.decode(column: "n", as: Int.self) ?? 0
        guard count > 0 else { return 0 }
        try await sql.raw("""
            UPDATE statement_lines SET replaced_by = (
                SELECT n.id FROM statement_lines n WHERE n.statement_id = \(bind: statementId) AND n.claim_item_id = statement_lines.claim_item_id)
            WHERE id IN (\(earlier))
            """).run()
        return count
    }

    /// The statement whose line is the item's current analysis, if any.
    public static func currentStatement(of claimItemId: Int, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column("statement_id").from("statement_lines").where("claim_item_id", .equal, SQLBind(claimItemId))
            .where("replaced_by", .is, SQLLiteral.null).first()?.decode(column: "statement_id", as: Int.self)
    }

    /// A line matched by a person: its item, and the invoice it is in.
    /// Refused (false) when the line was matched meanwhile by someone else.
    public static func setMatch(lineId: Int, claimItemId: Int, invoiceId: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.update("statement_lines").set("claim_item_id", to: SQLBind(claimItemId)).set("invoice_id", to: SQLBind(invoiceId))
            .set("match_state", to: SQLBind(MatchState.matched.rawValue)).set("unmatched_reason", to: SQLLiteral.null).set("candidates", to: SQLBind(""))
            .where("id", .equal, SQLBind(lineId))
            .where("match_state", .in, SQLBind.group([MatchState.ambiguous.rawValue, MatchState.unmatched.rawValue]))
            .returning("id").first() != nil
    }

    /// The statement's count of matched lines, after a person matched one.
    public static func recount(_ statementId: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE statements SET matched = (SELECT COUNT(*) FROM statement_lines WHERE statement_id = \(bind: statementId)
                AND match_state = 'matched') WHERE id = \(bind: statementId)
            """).run()
    }

    // MARK: - Rows

    static func stored(_ row: any SQLRow) throws -> Stored {
        let cells = StoredRow(row, table: "statements")
        let problems: String = try cells.value("problems")
        return Stored(id: try cells.value("id"), payerId: try cells.value("payer_id"), number: try cells.optional("number"),
                      issuedOn: try cells.day("issued_on"), source: try cells.code("source", as: Source.self), fileName: try cells.optional("file_name"),
                      lines: try cells.value("lines"), matched: try cells.value("matched"), informed: Money(cents: try cells.value("informed")),
                      released: Money(cents: try cells.value("released")), glosa: Money(cents: try cells.value("glosa")),
                      problems: problems.isEmpty ? [] : problems.components(separatedBy: "\n"), importedAt: try cells.value("imported_at"),
                      importedBy: try cells.value("imported_by"))
    }

    static func storedLine(_ row: any SQLRow) throws -> StoredLine {
        let cells = StoredRow(row, table: "statement_lines")
        let codes: String = try cells.value("glosa_codes")
        let candidates: String = try cells.optional("candidates") ?? ""
        return StoredLine(
            id: try cells.value("id"), position: try cells.value("position"), claimNumber: try cells.value("claim_number"),
            sequence: try cells.optional("sequence"), day: try StoredRow.day(try cells.optional("performed_on", as: String.self), table: "statement_lines", column: "performed_on"),
            code: try cells.value("code"), informed: Money(cents: try cells.value("informed")), released: Money(cents: try cells.value("released")),
            glosa: Money(cents: try cells.value("glosa")), glosaCodes: codes.isEmpty ? [] : codes.components(separatedBy: ","),
            sourceLine: try cells.optional("source_line"), state: try cells.code("match_state", as: MatchState.self),
            reason: try cells.optional("unmatched_reason"),
            candidates: try candidates.isEmpty ? [] : candidates.components(separatedBy: ",").map { text in
                guard let id = Int(text) else { throw cells.invalid("candidates", candidates) }
                return id
            },
            claimItemId: try cells.optional("claim_item_id"), replaced: try cells.optional("replaced_by", as: Int.self) != nil)
    }
}
