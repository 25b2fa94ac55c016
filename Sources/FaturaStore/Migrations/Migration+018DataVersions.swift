import SQLKit

extension Migration {
    /// A counter the database itself bumps whenever a row the tracking map shows can have changed
    /// (issue 14's figures): a page built from the data may be kept while the counter has not moved,
    /// and no code path can forget to say so — the triggers fire for every writer, this process or
    /// another, the CLI or a second server.
    ///
    /// PostgreSQL: a deferred constraint trigger bumps the row once per transaction at commit, so
    /// writers hold its lock only for the instant before they commit (taking it last, they cannot
    /// deadlock on it). SQLite has one writer at a time: a plain trigger per row.
    static let m018DataVersions = Migration(18, "data-versions") { db in
        // The tables whose rows the tracking map and the indicators' money sections are built from
        // (a table added to the map later gets its triggers in a new migration).
        let tables = ["invoices", "invoice_batches", "invoice_money", "glosa_money", "claim_money", "payers", "payer_terms", "companies", "sectors"]
        var statements = [
            "CREATE TABLE data_versions (name TEXT PRIMARY KEY, version \(db.bigint) NOT NULL, bumped_in \(db.bigint))",
            "INSERT INTO data_versions (name, version) VALUES ('money', 1)",
        ]
        switch db {
        case .sqlite:
            for table in tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    statements.append("""
                        CREATE TRIGGER \(table)_money_\(event.lowercased()) AFTER \(event) ON \(table)
                        BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'money'; END
                        """)
                }
            }
        case .postgres:
            statements.append("""
                CREATE FUNCTION bump_money_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE data_versions SET version = version + 1, bumped_in = txid_current()
                    WHERE name = 'money' AND bumped_in IS DISTINCT FROM txid_current();
                    RETURN NULL;
                END
                $$
                """)
            for table in tables {
                statements.append("""
                    CREATE CONSTRAINT TRIGGER \(table)_money AFTER INSERT OR UPDATE OR DELETE ON \(table)
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_money_version()
                    """)
            }
        }
        return statements
    }
}
