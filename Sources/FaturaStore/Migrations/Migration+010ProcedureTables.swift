import SQLKit

extension Migration {
    /// SUS and Particular priced like any payer: a price table may be a SIGTAP competence, and a
    /// contract's procedures may come from SIGTAP or from the hospital's own price list. Only the
    /// two CHECK lists widen. PostgreSQL replaces the constraints; SQLite edits the CHECK text in
    /// its schema, the documented way for a change that leaves every stored row as it is (a wider
    /// CHECK), with the schema version moved so every connection reads the new schema.
    static let m010ProcedureTables = Migration(10, "sigtap-and-own-procedure-tables") { sql, kind in
        let changes = [
            ("price_tables", "kind", "'amb', 'cbhpm', 'own', 'drug', 'material'", "'amb', 'cbhpm', 'own', 'drug', 'material', 'sigtap'"),
            ("contracts", "procedure_table", "'amb', 'cbhpm'", "'amb', 'cbhpm', 'sigtap', 'own'"),
        ]
        switch kind {
        case .postgres:
            for (table, column, _, wider) in changes {
                try await sql.raw(SQLQueryString("ALTER TABLE \(unsafeRaw: table) DROP CONSTRAINT IF EXISTS \(unsafeRaw: table)_\(unsafeRaw: column)_check")).run()
                try await sql.raw(SQLQueryString("ALTER TABLE \(unsafeRaw: table) ADD CONSTRAINT \(unsafeRaw: table)_\(unsafeRaw: column)_check CHECK (\(unsafeRaw: column) IN (\(unsafeRaw: wider)))")).run()
            }
        case .sqlite:
            let version = try await sql.raw("PRAGMA schema_version").first()?.decode(column: "schema_version", as: Int.self) ?? 0
            try await sql.raw("PRAGMA writable_schema = ON").run()
            for (table, column, narrow, wider) in changes {
                try await sql.raw("""
                    UPDATE sqlite_master SET sql = replace(sql, \(bind: "\(column) IN (\(narrow))"), \(bind: "\(column) IN (\(wider))"))
                    WHERE type = 'table' AND name = \(bind: table)
                    """).run()
            }
            try await sql.raw(SQLQueryString("PRAGMA schema_version = \(unsafeRaw: String(version + 1))")).run()
            try await sql.raw("PRAGMA writable_schema = OFF").run()
        }
    }
}
