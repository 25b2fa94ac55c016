import SQLKit

extension Migration {
    /// The glosa-risk rule of each company (issue 14): thresholds the supervisor sets on the risks page.
    /// The tracking map and the indicators need no table: they are grouped sums of the rows.
    static let m016GlosaRisk = Migration(16, "glosa-risk-rule") { db in
        [
            """
            CREATE TABLE glosa_risk_rules (
                company_id \(db.bigint) PRIMARY KEY REFERENCES companies(id),
                minimum_basis_points INTEGER NOT NULL CHECK (minimum_basis_points BETWEEN 1 AND 10000),
                minimum_billed INTEGER NOT NULL CHECK (minimum_billed BETWEEN 1 AND 100000),
                months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 60),
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            )
            """,
            // The history is read by payer and code over sent invoices.
            "CREATE INDEX invoice_claim_items_code ON invoice_claim_items (code, invoice_id)",
        ]
    }
}
