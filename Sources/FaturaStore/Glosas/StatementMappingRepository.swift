import FaturaDomain
import Foundation
import SQLKit

/// A payer's statement spreadsheet columns, one row per payer (JSON: the columns' header names).
public struct StatementMappingRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func find(payerId: Int) async throws -> StatementColumns? {
        try await database.read { sql in
            guard let text = try await sql.select().column("mapping").from("statement_mappings").where("payer_id", .equal, SQLBind(payerId)).first()?
                .decode(column: "mapping", as: String.self) else { return nil }
            guard let columns = try? JSONDecoder().decode(StatementColumns.self, from: Data(text.utf8)) else {
                throw FaturaError.storedValueInvalid(table: "statement_mappings", column: "mapping", value: String(text.prefix(80)))
            }
            return columns
        }
    }

    public func save(_ columns: StatementColumns, payerId: Int, by actor: AuditActor, at now: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(columns), as: UTF8.self)
        try await database.transaction { sql in
            try await sql.delete(from: "statement_mappings").where("payer_id", .equal, SQLBind(payerId)).run()
            try await sql.insert(into: "statement_mappings").columns("payer_id", "mapping", "updated_at", "updated_by")
                .values(SQLBind(payerId), SQLBind(json), SQLBind(now), SQLBind(actor.username)).run()
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "statement_mapping", entityId: String(payerId), after: columns,
                                      detail: "colunas da planilha de demonstrativo do convênio")
        }
    }
}
