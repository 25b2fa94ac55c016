extension Migration {
    /// The exam billing rule: each item keeps its priced base value, the percentage applied (and
    /// whether a person set it), its incidence and, for split lines, the line it came from; partials
    /// remember when the rule last ran; batch runs are kept with their report.
    static let m003ExamRule = Migration(3, "exam_rule") { db in
        [
            "ALTER TABLE charge_items ADD COLUMN base_unit_value \(db.bigint) NOT NULL DEFAULT 0",
            "ALTER TABLE charge_items ADD COLUMN exam_percentage_bp INTEGER",
            "ALTER TABLE charge_items ADD COLUMN exam_percentage_manual BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE charge_items ADD COLUMN exam_incidence INTEGER",
            "ALTER TABLE charge_items ADD COLUMN split_from_id \(db.bigint) REFERENCES charge_items(id)",
            "UPDATE charge_items SET base_unit_value = unit_value",
            "CREATE INDEX charge_items_split ON charge_items (split_from_id)",
            "ALTER TABLE partial_bills ADD COLUMN exam_rule_at TEXT",
            "ALTER TABLE partial_bills ADD COLUMN exam_items_changed_at TEXT",
            """
            CREATE TABLE exam_rule_runs (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                status TEXT NOT NULL,
                dry_run BOOLEAN NOT NULL DEFAULT FALSE,
                started_by TEXT NOT NULL,
                started_at TEXT NOT NULL,
                heartbeat_at TEXT NOT NULL,
                finished_at TEXT,
                window_start TEXT NOT NULL,
                partials_total INTEGER NOT NULL DEFAULT 0,
                partials_done INTEGER NOT NULL DEFAULT 0,
                items_examined INTEGER NOT NULL DEFAULT 0,
                items_changed INTEGER NOT NULL DEFAULT 0,
                reduction_cents \(db.bigint) NOT NULL DEFAULT 0,
                report_json TEXT,
                error TEXT
            )
            """,
            "CREATE INDEX exam_rule_runs_company ON exam_rule_runs (company_id, started_at)",
        ]
    }
}
