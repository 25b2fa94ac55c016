extension Migration {
    /// A batch run remembers the process and machine that runs it, so a run whose process is gone
    /// is known dead at once instead of blocking the next run until its heartbeat goes stale; and
    /// partials_changed is counted in the same transaction as each change, so a killed run's
    /// figures are what was really committed.
    static let m005Hardening = Migration(5, "hardening") { _ in
        [
            "ALTER TABLE exam_rule_runs ADD COLUMN process_id INTEGER",
            "ALTER TABLE exam_rule_runs ADD COLUMN host TEXT",
            "ALTER TABLE exam_rule_runs ADD COLUMN partials_changed INTEGER NOT NULL DEFAULT 0",
        ]
    }
}
