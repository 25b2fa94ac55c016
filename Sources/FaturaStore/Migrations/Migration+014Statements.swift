import SQLKit

extension Migration {
    /// Payer statements, glosas and appeals (issue 13).
    /// - `statements`: one per file or typed statement, identified by the payer and the file's hash
    ///   (the same file imported twice is found, not stored twice), with its flags;
    /// - `statement_lines`: each line as the payer stated it, its match (matched / ambiguous /
    ///   unmatched, with the candidates) and, once a corrected statement speaks of the same item,
    ///   the line that replaced it (`replaced_by`): the current analysis of an item is its one line
    ///   with no replacement. `inferred` lines are a claim's items the payer released without
    ///   listing (its totals prove it, `StatementCompletion`);
    /// - `glosas`: one per denial of a matched line, with where its money is (the five parts always
    ///   add up to the value, checked here too), owner, opinion and deadline;
    /// - `appeals` and `appeal_items`: what was appealed, per round, and what the payer accepted;
    /// - `statement_mappings`: a payer's spreadsheet columns, set once; `payments`: what the payer
    ///   credited.
    static let m014Statements = Migration(14, "statements-glosas-appeals") { db in
        [
            "ALTER TABLE invoice_claim_items ADD COLUMN description TEXT",
            """
            CREATE TABLE statements (
                id \(db.primaryKey),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                number TEXT,
                issued_on TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('xml', 'csv', 'xlsx', 'manual')),
                file_name TEXT,
                file_hash TEXT NOT NULL,
                lines INTEGER NOT NULL,
                matched INTEGER NOT NULL,
                informed \(db.bigint) NOT NULL,
                released \(db.bigint) NOT NULL,
                glosa \(db.bigint) NOT NULL,
                problems TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL,
                UNIQUE (payer_id, file_hash)
            )
            """,
            """
            CREATE TABLE statement_lines (
                id \(db.primaryKey),
                statement_id \(db.bigint) NOT NULL REFERENCES statements(id),
                position INTEGER NOT NULL,
                claim_item_id \(db.bigint) REFERENCES invoice_claim_items(id),
                invoice_id \(db.bigint) REFERENCES invoices(id),
                protocol_number TEXT,
                claim_number TEXT NOT NULL,
                sequence INTEGER,
                performed_on TEXT,
                table_code TEXT,
                code TEXT NOT NULL,
                description TEXT,
                informed \(db.bigint) NOT NULL,
                released \(db.bigint) NOT NULL,
                glosa \(db.bigint) NOT NULL,
                glosa_codes TEXT NOT NULL,
                source_line INTEGER,
                match_state TEXT NOT NULL CHECK (match_state IN ('matched', 'inferred', 'ambiguous', 'unmatched')),
                unmatched_reason TEXT,
                candidates TEXT,
                replaced_by \(db.bigint),
                UNIQUE (statement_id, position)
            )
            """,
            "CREATE INDEX statement_lines_item ON statement_lines (claim_item_id, replaced_by)",
            "CREATE INDEX statement_lines_invoice ON statement_lines (invoice_id, replaced_by)",
            """
            CREATE TABLE glosas (
                id \(db.primaryKey),
                statement_line_id \(db.bigint) NOT NULL REFERENCES statement_lines(id),
                statement_id \(db.bigint) NOT NULL REFERENCES statements(id),
                claim_item_id \(db.bigint) NOT NULL REFERENCES invoice_claim_items(id),
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                reason_code TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('administrative', 'technical', 'contractual')),
                value \(db.bigint) NOT NULL CHECK (value > 0),
                undecided \(db.bigint) NOT NULL,
                written_off \(db.bigint) NOT NULL DEFAULT 0,
                under_appeal \(db.bigint) NOT NULL DEFAULT 0,
                recovered \(db.bigint) NOT NULL DEFAULT 0,
                lost \(db.bigint) NOT NULL DEFAULT 0,
                rounds INTEGER NOT NULL DEFAULT 0,
                max_rounds INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'under_appeal', 'appeal_denied', 'written_off', 'recovered', 'partially_recovered', 'lost')),
                appeal_due TEXT,
                owner TEXT,
                opinion TEXT CHECK (opinion IN ('justified', 'not_justified')),
                opinion_text TEXT,
                opinion_by TEXT,
                opinion_at TEXT,
                decision_note TEXT,
                nonconformity_id \(db.bigint) REFERENCES nonconformities(id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                CHECK (undecided + written_off + under_appeal + recovered + lost = value)
            )
            """,
            "CREATE INDEX glosas_payer_status ON glosas (payer_id, status, appeal_due)",
            "CREATE INDEX glosas_invoice ON glosas (invoice_id)",
            "CREATE INDEX glosas_line ON glosas (statement_line_id)",
            """
            CREATE TABLE appeals (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                number INTEGER NOT NULL,
                batch_number INTEGER NOT NULL,
                protocol_number TEXT NOT NULL,
                round INTEGER NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('protocol', 'claim', 'items')),
                status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'answered')),
                justification TEXT,
                documents TEXT NOT NULL,
                total \(db.bigint) NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                sent_on TEXT,
                sent_protocol TEXT,
                sent_by TEXT,
                answered_on TEXT,
                answered_by TEXT,
                tiss_version TEXT,
                hash TEXT,
                xml_base64 TEXT,
                version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (payer_id, number)
            )
            """,
            """
            CREATE TABLE appeal_items (
                appeal_id \(db.bigint) NOT NULL REFERENCES appeals(id),
                glosa_id \(db.bigint) NOT NULL REFERENCES glosas(id),
                amount \(db.bigint) NOT NULL CHECK (amount > 0),
                justification TEXT NOT NULL,
                accepted \(db.bigint),
                PRIMARY KEY (appeal_id, glosa_id)
            )
            """,
            "CREATE INDEX appeal_items_glosa ON appeal_items (glosa_id)",
            """
            CREATE TABLE statement_mappings (
                payer_id \(db.bigint) PRIMARY KEY REFERENCES payers(id),
                mapping TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE payments (
                id \(db.primaryKey),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                invoice_id \(db.bigint) REFERENCES invoices(id),
                protocol_number TEXT,
                paid_on TEXT NOT NULL,
                amount \(db.bigint) NOT NULL,
                reference TEXT,
                source TEXT NOT NULL CHECK (source IN ('typed', 'xml')),
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX payments_invoice ON payments (invoice_id)",
        ]
    }
}
