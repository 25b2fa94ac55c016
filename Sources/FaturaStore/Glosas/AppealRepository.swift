import FaturaDomain
import Foundation
import SQLKit

/// Appeals as rows: the appeal, the glosas it carries with the amount and justification of each,
/// what the payer accepted, and the TISS file as sent.
public struct AppealRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public static func nextNumber(payerId: Int, on sql: any SQLDatabase) async throws -> Int {
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from("appeals")
            .where("payer_id", .equal, SQLBind(payerId)).first()?.decode(column: "n", as: Int?.self) ?? 0
        return (last ?? 0) + 1
    }

    public static func insert(_ appeal: Appeal, on sql: any SQLDatabase) async throws -> Int {
        guard let row = try await sql.insert(into: "appeals")
            .columns("company_id", "payer_id", "number", "batch_number", "protocol_number", "round", "scope", "status", "justification", "documents",
                     "total", "created_at", "created_by")
            .values(SQLBind(appeal.companyId), SQLBind(appeal.payerId), SQLBind(appeal.number), SQLBind(appeal.batchNumber), SQLBind(appeal.protocolNumber),
                    SQLBind(appeal.round), SQLBind(appeal.scope.rawValue), SQLBind(appeal.status.rawValue), SQLBind.optional(appeal.justification),
                    SQLBind(appeal.documents.joined(separator: "\n")), SQLBind(appeal.total.cents), SQLBind(appeal.createdAt), SQLBind(appeal.createdBy))
            .returning("id").first() else { throw FaturaError.noIdReturned(table: "appeals") }
        let id: Int = try row.decode(column: "id", as: Int.self)
        for chunk in stride(from: 0, to: appeal.items.count, by: 400) {
            var insert = sql.insert(into: "appeal_items").columns("appeal_id", "glosa_id", "amount", "justification")
            for item in appeal.items[chunk..<min(chunk + 400, appeal.items.count)] {
                insert = insert.values(SQLBind(id), SQLBind(item.glosaId), SQLBind(item.amount.cents), SQLBind(item.justification))
            }
            try await insert.run()
        }
        return id
    }

    public func find(_ id: Int) async throws -> Appeal? {
        try await database.read { try await Self.find(id, on: $0) }
    }

    public static func find(_ id: Int, on sql: any SQLDatabase) async throws -> Appeal? {
        guard let row = try await sql.select().column("*").from("appeals").where("id", .equal, SQLBind(id)).first() else { return nil }
        let items = try await sql.raw("""
            SELECT a.glosa_id, a.amount, a.justification, a.accepted, g.reason_code, c.number AS claim_number, i.sequence, i.performed_on,
                   i.table_code, i.code, i.description
            FROM appeal_items a JOIN glosas g ON g.id = a.glosa_id JOIN invoice_claim_items i ON i.id = g.claim_item_id
            JOIN invoice_claims c ON c.id = i.claim_id
            WHERE a.appeal_id = \(bind: id) ORDER BY c.number, i.sequence, g.reason_code
            """).all().map { row in
            let cells = StoredRow(row, table: "appeal_items")
            let code: String = try cells.value("code")
            return AppealItem(glosaId: try cells.value("glosa_id"), claimNumber: try cells.value("claim_number"), sequence: try cells.value("sequence"),
                              day: try cells.day("performed_on"), table: try cells.value("table_code"), code: code,
                              description: try cells.optional("description") ?? code, reasonCode: try cells.value("reason_code"),
                              amount: Money(cents: try cells.value("amount")), justification: try cells.value("justification"),
                              accepted: try cells.optional("accepted", as: Int64.self).map { Money(cents: $0) })
        }
        return try appeal(row, items: items)
    }

    public static func require(_ id: Int, on sql: any SQLDatabase) async throws -> Appeal {
        guard let appeal = try await find(id, on: sql) else { throw FaturaError.notFound(entity: "recurso \(id)") }
        return appeal
    }

    /// Appeals, newest first (without their items).
    public func list(payerId: Int?, status: AppealStatus?, page: Int, perPage: Int = 50) async throws -> Page<Appeal> {
        let page = Page<Appeal>.clamp(page)
        return try await database.read { sql in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select
                if let payerId { select = select.where("payer_id", .equal, SQLBind(payerId)) }
                if let status { select = select.where("status", .equal, SQLBind(status.rawValue)) }
                return select
            }
            let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("appeals"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await filtered(sql.select().column("*").from("appeals")).orderBy("id", .descending).limit(perPage).offset((page - 1) * perPage).all()
            return Page(items: try rows.map { try Self.appeal($0, items: []) }, page: page, perPage: perPage, total: total)
        }
    }

    public func ids(containing glosaId: Int) async throws -> [Int] {
        try await database.read { sql in
            try await sql.select().column("appeal_id").from("appeal_items").where("glosa_id", .equal, SQLBind(glosaId)).orderBy("appeal_id").all()
                .map { try $0.decode(column: "appeal_id", as: Int.self) }
        }
    }

    /// The appeal a glosa is in that the payer has not answered yet, if any.
    public static func openAppeal(of glosaIds: [Int], on sql: any SQLDatabase) async throws -> (appeal: Int, glosa: Int)? {
        guard !glosaIds.isEmpty else { return nil }
        return try await sql.select().column(SQLColumn("appeal_id", table: "appeal_items")).column(SQLColumn("glosa_id", table: "appeal_items"))
            .from("appeal_items").join("appeals", on: SQLColumn("appeal_id", table: "appeal_items"), .equal, SQLColumn("id", table: "appeals"))
            .where(SQLColumn("glosa_id", table: "appeal_items"), .in, SQLBind.group(glosaIds))
            .where(SQLColumn("status", table: "appeals"), .notEqual, SQLBind(AppealStatus.answered.rawValue)).first()
            .map { (try $0.decode(column: "appeal_id", as: Int.self), try $0.decode(column: "glosa_id", as: Int.self)) }
    }

    /// Sent: the date, the payer's protocol of it, and the file as sent.
    public static func markSent(_ appeal: Appeal, on day: CalendarDay, protocol number: String?, file: (bytes: [UInt8], hash: String, version: TISSVersion)?,
                                by actor: AuditActor, on sql: any SQLDatabase) async throws {
        let saved = try await sql.update("appeals").set("status", to: SQLBind(AppealStatus.sent.rawValue)).set("sent_on", to: SQLBind(day.iso))
            .set("sent_protocol", to: SQLBind.optional(number)).set("sent_by", to: SQLBind(actor.username))
            .set("tiss_version", to: SQLBind.optional(file?.version.rawValue)).set("hash", to: SQLBind.optional(file?.hash))
            .set("xml_base64", to: SQLBind.optional(file.map { Data($0.bytes).base64EncodedString() }))
            .set("version", to: SQLBind(appeal.version + 1))
            .where("id", .equal, SQLBind(appeal.id)).where("version", .equal, SQLBind(appeal.version)).returning("id").first()
        guard saved != nil else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
    }

    /// The payer's protocol of an appeal marked as sent without one (its receipt came later).
    public static func setSentProtocol(_ appeal: Appeal, _ number: String, on sql: any SQLDatabase) async throws {
        let saved = try await sql.update("appeals").set("sent_protocol", to: SQLBind(number)).set("version", to: SQLBind(appeal.version + 1))
            .where("id", .equal, SQLBind(appeal.id)).where("version", .equal, SQLBind(appeal.version)).where("sent_protocol", .is, SQLLiteral.null)
            .returning("id").first()
        guard saved != nil else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
    }

    public static func markAnswered(_ appeal: Appeal, on day: CalendarDay, accepted: [Int: Money], by actor: AuditActor, on sql: any SQLDatabase) async throws {
        let saved = try await sql.update("appeals").set("status", to: SQLBind(AppealStatus.answered.rawValue)).set("answered_on", to: SQLBind(day.iso))
            .set("answered_by", to: SQLBind(actor.username)).set("version", to: SQLBind(appeal.version + 1))
            .where("id", .equal, SQLBind(appeal.id)).where("version", .equal, SQLBind(appeal.version)).returning("id").first()
        guard saved != nil else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
        for (glosaId, amount) in accepted.sorted(by: { $0.key < $1.key }) {
            try await sql.update("appeal_items").set("accepted", to: SQLBind(amount.cents))
                .where("appeal_id", .equal, SQLBind(appeal.id)).where("glosa_id", .equal, SQLBind(glosaId)).run()
        }
    }

    /// The TISS file as it was sent.
    public func file(_ id: Int) async throws -> (bytes: [UInt8], hash: String, version: String)? {
        try await database.read { sql in
            guard let row = try await sql.select().column("xml_base64").column("hash").column("tiss_version").from("appeals")
                .where("id", .equal, SQLBind(id)).first(), let base64 = try row.decode(column: "xml_base64", as: String?.self) else { return nil }
            guard let data = Data(base64Encoded: base64) else { throw FaturaError.storedValueInvalid(table: "appeals", column: "xml_base64", value: String(base64.prefix(20))) }
            return ([UInt8](data), try row.decode(column: "hash", as: String.self), try row.decode(column: "tiss_version", as: String.self))
        }
    }

    static func appeal(_ row: any SQLRow, items: [AppealItem]) throws -> Appeal {
        let cells = StoredRow(row, table: "appeals")
        let documents: String = try cells.value("documents")
        return Appeal(id: try cells.value("id"), companyId: try cells.value("company_id"), payerId: try cells.value("payer_id"),
                      number: try cells.value("number"), batchNumber: try cells.value("batch_number"), protocolNumber: try cells.value("protocol_number"),
                      round: try cells.value("round"), scope: try cells.code("scope", as: AppealScope.self), status: try cells.code("status", as: AppealStatus.self),
                      justification: try cells.optional("justification"), documents: documents.isEmpty ? [] : documents.components(separatedBy: "\n"),
                      items: items, createdAt: try cells.value("created_at"), createdBy: try cells.value("created_by"),
                      sentOn: try StoredRow.day(try cells.optional("sent_on", as: String.self), table: "appeals", column: "sent_on"),
                      sentProtocol: try cells.optional("sent_protocol"),
                      answeredOn: try StoredRow.day(try cells.optional("answered_on", as: String.self), table: "appeals", column: "answered_on"),
                      version: try cells.value("version"))
    }
}
