import SQLKit

extension Migration {
    /// The supervisor's department (issue 15): payers' notices distributed to sectors with their
    /// acknowledgements, the protocol book, and record-copy requests with their LGPD access log.
    /// Attachments are kept as base64 text (a letter's scan, ≤ 1,5 MB): one column type on both
    /// databases, and no file store to back up beside the database.
    static let m020Department = Migration(20, "department") { db in
        [
            """
            CREATE TABLE payer_notices (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                received_on TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('table_change', 'rule_change', 'deadline_change', 'authorization', 'other')),
                effective_on TEXT,
                contract_id \(db.bigint) REFERENCES contracts(id),
                price_table_id \(db.bigint),
                registered_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                version INTEGER NOT NULL
            )
            """,
            "CREATE INDEX payer_notices_company ON payer_notices (company_id, received_on)",
            """
            CREATE TABLE notice_distributions (
                id \(db.primaryKey),
                notice_id \(db.bigint) NOT NULL REFERENCES payer_notices(id),
                sector_id \(db.bigint) NOT NULL REFERENCES sectors(id),
                due_on TEXT NOT NULL,
                read_at TEXT,
                read_by TEXT,
                done_at TEXT,
                done_by TEXT,
                done_note TEXT,
                done_on TEXT,
                UNIQUE (notice_id, sector_id)
            )
            """,
            "CREATE INDEX notice_distributions_sector ON notice_distributions (sector_id, done_at)",
            """
            CREATE TABLE notice_attachments (
                id \(db.primaryKey),
                notice_id \(db.bigint) NOT NULL REFERENCES payer_notices(id),
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                content_base64 TEXT NOT NULL
            )
            """,
            "CREATE INDEX notice_attachments_notice ON notice_attachments (notice_id)",
            """
            CREATE TABLE protocol_entries (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                year INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                day TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
                counterpart TEXT NOT NULL,
                subject TEXT NOT NULL,
                invoice_id \(db.bigint) REFERENCES invoices(id),
                appeal_id \(db.bigint) REFERENCES appeals(id),
                notice_id \(db.bigint) REFERENCES payer_notices(id),
                record_copy_id \(db.bigint),
                registered_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (company_id, year, sequence)
            )
            """,
            "CREATE INDEX protocol_entries_day ON protocol_entries (company_id, day)",
            """
            CREATE TABLE record_copy_requests (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                requested_on TEXT NOT NULL,
                requester_name TEXT NOT NULL,
                relation TEXT NOT NULL CHECK (relation IN ('patient', 'guardian', 'heir', 'attorney', 'court', 'other')),
                requester_document TEXT NOT NULL,
                document_checked INTEGER NOT NULL,
                patient_name TEXT NOT NULL,
                medical_record_number TEXT,
                records TEXT NOT NULL,
                purpose TEXT NOT NULL,
                due_on TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('requested', 'prepared', 'approved', 'delivered', 'refused')),
                pages INTEGER,
                prepared_by TEXT,
                prepared_on TEXT,
                approved_by TEXT,
                approved_on TEXT,
                delivered_on TEXT,
                received_by TEXT,
                received_document TEXT,
                refusal_reason TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                version INTEGER NOT NULL
            )
            """,
            "CREATE INDEX record_copy_requests_company ON record_copy_requests (company_id, status)",
            """
            CREATE TABLE record_copy_access (
                id \(db.primaryKey),
                request_id \(db.bigint) NOT NULL REFERENCES record_copy_requests(id),
                username TEXT NOT NULL,
                at TEXT NOT NULL,
                action TEXT NOT NULL
            )
            """,
            "CREATE INDEX record_copy_access_request ON record_copy_access (request_id)",
        ]
    }
}
