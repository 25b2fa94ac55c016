import FaturaDomain
import SQLKit

/// The database's own counter of changes to what the tracking map shows (migration 018's
/// triggers bump it in the same transaction as the change). Read it *before* the data: what is
/// then read is at least as new as the version, so a page kept under it is never older than it.
public enum DataVersion {
    public static func money(on sql: any SQLDatabase) async throws -> Int64 {
        guard let row = try await sql.raw("SELECT version FROM data_versions WHERE name = 'money'").first() else {
            throw FaturaError.storedValueInvalid(table: "data_versions", column: "version", value: "money")
        }
        return try StoredRow(row, table: "data_versions").value("version", as: Int64.self)
    }
}

extension Database {
    /// See `DataVersion.money`.
    public func moneyVersion() async throws -> Int64 {
        try await read { try await DataVersion.money(on: $0) }
    }
}
