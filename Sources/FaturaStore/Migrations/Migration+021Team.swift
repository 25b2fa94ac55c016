import SQLKit

extension Migration {
    /// The team (issue 15): staff members linked to their users, trainings with attendance (for the
    /// recycling due dates), meetings with follow-up tasks, the board's guidelines with each member's
    /// acknowledgement, and the periodic evaluations (criteria and scores as JSON: a form, not sums).
    static let m021Team = Migration(21, "team") { db in
        [
            """
            CREATE TABLE staff_members (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                username TEXT NOT NULL,
                position TEXT NOT NULL,
                hired_on TEXT NOT NULL,
                payer_ids TEXT NOT NULL,
                sector_ids TEXT NOT NULL,
                active BOOLEAN NOT NULL,
                UNIQUE (company_id, username)
            )
            """,
            """
            CREATE TABLE trainings (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                topic TEXT NOT NULL,
                day TEXT NOT NULL,
                minutes INTEGER NOT NULL,
                instructor TEXT NOT NULL,
                material TEXT NOT NULL,
                recycling_months INTEGER,
                created_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE training_attendees (
                training_id \(db.bigint) NOT NULL REFERENCES trainings(id),
                username TEXT NOT NULL,
                attended BOOLEAN NOT NULL,
                PRIMARY KEY (training_id, username)
            )
            """,
            """
            CREATE TABLE meetings (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                day TEXT NOT NULL,
                sector_id \(db.bigint) REFERENCES sectors(id),
                attendees TEXT NOT NULL,
                agenda TEXT NOT NULL,
                decisions TEXT NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE meeting_tasks (
                id \(db.primaryKey),
                meeting_id \(db.bigint) NOT NULL REFERENCES meetings(id),
                description TEXT NOT NULL,
                owner TEXT NOT NULL,
                due_on TEXT NOT NULL,
                done_on TEXT
            )
            """,
            """
            CREATE TABLE guidelines (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                issued_on TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                issued_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE guideline_acks (
                guideline_id \(db.bigint) NOT NULL REFERENCES guidelines(id),
                username TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (guideline_id, username)
            )
            """,
            """
            CREATE TABLE evaluations (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                username TEXT NOT NULL,
                period_from TEXT NOT NULL,
                period_to TEXT NOT NULL,
                scores_json TEXT NOT NULL,
                comments TEXT NOT NULL,
                improvement_plan TEXT NOT NULL,
                evaluated_by TEXT NOT NULL,
                evaluated_on TEXT NOT NULL
            )
            """,
            "CREATE INDEX evaluations_user ON evaluations (company_id, username)",
            // Performance reads a biller's closed partials and sent invoices by period.
            "CREATE INDEX partial_bills_closed_by ON partial_bills (company_id, closed_by, closed_at)",
        ]
    }
}
