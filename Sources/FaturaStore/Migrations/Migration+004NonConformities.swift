extension Migration {
    /// Non-conformities and record returns (DOMAIN.md §5), closing and reopening partials, and the
    /// payer flag that makes an authorisation number a condition to close.
    ///
    /// `item_id` has no foreign key on purpose: the exam rule and the HIS remove split lines, and a
    /// non-conformity noted on one must outlive it (the page then shows the code it was noted on).
    static let m004NonConformities = Migration(4, "nonconformities") { db in
        [
            "ALTER TABLE payers ADD COLUMN requires_authorization BOOLEAN NOT NULL DEFAULT FALSE",
            """
            CREATE TABLE nonconformity_types (
                id \(db.primaryKey),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                default_sector_code TEXT,
                deadline_business_days INTEGER NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE record_returns (
                id \(db.primaryKey),
                number TEXT UNIQUE,
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                sector_id \(db.bigint) NOT NULL REFERENCES sectors(id),
                due_on TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                sent_at TEXT,
                sent_by TEXT
            )
            """,
            "CREATE INDEX record_returns_company ON record_returns (company_id, created_at)",
            """
            CREATE TABLE nonconformities (
                id \(db.primaryKey),
                partial_id \(db.bigint) NOT NULL REFERENCES partial_bills(id),
                item_id \(db.bigint),
                item_code TEXT,
                type_id \(db.bigint) NOT NULL REFERENCES nonconformity_types(id),
                sector_id \(db.bigint) NOT NULL REFERENCES sectors(id),
                note TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'corrected', 'accepted', 'cancelled')),
                registered_on TEXT NOT NULL,
                found_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                registered_at TEXT NOT NULL,
                registered_by TEXT NOT NULL,
                corrected_on TEXT,
                corrected_at TEXT,
                corrected_by TEXT,
                correction_note TEXT,
                checked_at TEXT,
                checked_by TEXT,
                check_note TEXT,
                times_sent_back INTEGER NOT NULL DEFAULT 0,
                return_id \(db.bigint) REFERENCES record_returns(id),
                version INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX nonconformities_partial ON nonconformities (partial_id, status)",
            "CREATE INDEX nonconformities_sector ON nonconformities (sector_id, status, found_on)",
            """
            CREATE TABLE nonconformity_events (
                id \(db.primaryKey),
                nonconformity_id \(db.bigint) NOT NULL REFERENCES nonconformities(id),
                at TEXT NOT NULL,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX nonconformity_events_nc ON nonconformity_events (nonconformity_id, id)",
            """
            CREATE TABLE record_return_items (
                return_id \(db.bigint) NOT NULL REFERENCES record_returns(id),
                nonconformity_id \(db.bigint) NOT NULL REFERENCES nonconformities(id),
                PRIMARY KEY (return_id, nonconformity_id)
            )
            """,
            "ALTER TABLE partial_bills ADD COLUMN closed_by TEXT",
            "ALTER TABLE partial_bills ADD COLUMN reopened_at TEXT",
            "ALTER TABLE partial_bills ADD COLUMN reopened_by TEXT",
            "ALTER TABLE partial_bills ADD COLUMN reopen_reason TEXT",
        ]
    }
}
