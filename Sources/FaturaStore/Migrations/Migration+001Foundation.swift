extension Migration {
    /// Companies, payers, sectors, users, sessions, API tokens and the audit log.
    /// Timestamps are ISO-8601 UTC text and days `yyyy-MM-dd`: the same on both databases and sortable.
    static let m001Foundation = Migration(1, "foundation") { db in
        [
            """
            CREATE TABLE companies (
                id \(db.primaryKey),
                name TEXT NOT NULL,
                cnpj TEXT NOT NULL UNIQUE,
                cnes TEXT NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE payers (
                id \(db.primaryKey),
                name TEXT NOT NULL,
                ans_registry TEXT UNIQUE,
                billing_standard TEXT NOT NULL CHECK (billing_standard IN ('convenio', 'sus', 'particular')),
                tiss_version TEXT NOT NULL,
                tiss_hash_encoding TEXT NOT NULL,
                contact_name TEXT,
                contact_email TEXT,
                contact_phone TEXT,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE sectors (
                id \(db.primaryKey),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id \(db.primaryKey),
                username TEXT NOT NULL UNIQUE,
                full_name TEXT NOT NULL,
                email TEXT,
                role TEXT NOT NULL,
                sector_id \(db.bigint) REFERENCES sectors(id),
                active BOOLEAN NOT NULL DEFAULT TRUE,
                password_hash TEXT NOT NULL,
                failed_logins INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id \(db.primaryKey),
                token_hash TEXT NOT NULL UNIQUE,
                user_id \(db.bigint) NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                company_id \(db.bigint) REFERENCES companies(id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                id \(db.primaryKey),
                user_id \(db.bigint) NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            )
            """,
            """
            CREATE TABLE audit_log (
                id \(db.primaryKey),
                at TEXT NOT NULL,
                user_id \(db.bigint),
                username TEXT,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                before_json TEXT,
                after_json TEXT,
                detail TEXT
            )
            """,
            "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
            "CREATE INDEX audit_log_at ON audit_log (at)",
            "CREATE INDEX sessions_user ON sessions (user_id)",
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
        ]
    }
}
