extension Migration {
    /// Background jobs that outlive their process: queued work (the exam-rule batch first; TISS
    /// generation and statement imports later) claimed by the application's job runner or by
    /// `fatura jobs run`, with who asked, where it runs, progress, heartbeat and how it ended.
    static let m008Jobs = Migration(8, "jobs") { db in
        [
            """
            CREATE TABLE jobs (
                id \(db.primaryKey),
                kind TEXT NOT NULL,
                company_id \(db.bigint) REFERENCES companies(id),
                arguments_json TEXT NOT NULL,
                status TEXT NOT NULL,
                progress_done INTEGER NOT NULL DEFAULT 0,
                progress_total INTEGER NOT NULL DEFAULT 0,
                requested_by TEXT NOT NULL,
                requested_at TEXT NOT NULL,
                started_at TEXT,
                heartbeat_at TEXT,
                finished_at TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                process_id INTEGER,
                host TEXT,
                result_json TEXT,
                error TEXT
            )
            """,
            // The runner's question, "the oldest queued job", and the running ones at start.
            "CREATE INDEX jobs_status ON jobs (status, id)",
        ]
    }
}
