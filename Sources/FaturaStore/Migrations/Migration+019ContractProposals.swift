import SQLKit

extension Migration {
    /// Contract proposals (issue 15): the offered terms (a contract version's fields, as the JSON of
    /// `Contract`: the proposal is a document as received, not a price the system uses), billing's
    /// analysis, the board's decision, and the last impact simulation with its parameters.
    static let m019ContractProposals = Migration(19, "contract-proposals") { db in
        [
            """
            CREATE TABLE contract_proposals (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                subject TEXT NOT NULL,
                received_on TEXT NOT NULL,
                base_contract_id \(db.bigint) REFERENCES contracts(id),
                terms_json TEXT NOT NULL,
                analysis TEXT,
                recommendation TEXT CHECK (recommendation IN ('accept', 'negotiate', 'reject')),
                status TEXT NOT NULL CHECK (status IN ('analysis', 'at_board', 'approved', 'rejected', 'returned')),
                board_comment TEXT,
                decided_by TEXT,
                decided_on TEXT,
                created_contract_id \(db.bigint) REFERENCES contracts(id),
                simulation_json TEXT,
                simulation_months INTEGER,
                simulation_from TEXT,
                simulation_to TEXT,
                simulated_at TEXT,
                version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX contract_proposals_company ON contract_proposals (company_id, status)",
            // The simulation reads a payer's items by day.
            "CREATE INDEX partial_bills_payer ON partial_bills (company_id, payer_id)",
        ]
    }
}
