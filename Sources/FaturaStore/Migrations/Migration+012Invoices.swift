import SQLKit

extension Migration {
    /// Invoices (issue 12): the professional registry the claims name; invoices per company, payer
    /// and competence with their partials; the claim batches generated at close (the XML kept as
    /// sent, base64 so one TEXT column serves both databases); and each claim with its batch, for
    /// the statements of the next issue to find.
    static let m012Invoices = Migration(12, "invoices-and-claims") { db in
        [
            """
            CREATE TABLE professionals (
                id \(db.primaryKey),
                name TEXT NOT NULL,
                council TEXT NOT NULL,
                council_number TEXT NOT NULL UNIQUE,
                uf TEXT NOT NULL,
                cbo TEXT NOT NULL,
                cpf TEXT,
                provider_code TEXT,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE invoices (
                id \(db.primaryKey),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                number INTEGER NOT NULL,
                competence TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'sent', 'partially_received', 'settled')),
                version INTEGER NOT NULL DEFAULT 1,
                deadline TEXT,
                claims INTEGER NOT NULL DEFAULT 0,
                total \(db.bigint) NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                closed_at TEXT,
                closed_by TEXT,
                sent_on TEXT,
                sent_channel TEXT CHECK (sent_channel IN ('portal', 'webservice', 'paper')),
                sent_by TEXT,
                protocol_number TEXT,
                protocol_on TEXT,
                UNIQUE (company_id, number)
            )
            """,
            "CREATE INDEX invoices_payer_competence ON invoices (payer_id, competence)",
            """
            CREATE TABLE invoice_partials (
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                partial_id \(db.bigint) NOT NULL UNIQUE REFERENCES partial_bills(id),
                added_at TEXT NOT NULL,
                added_by TEXT NOT NULL,
                PRIMARY KEY (invoice_id, partial_id)
            )
            """,
            """
            CREATE TABLE invoice_batches (
                id \(db.primaryKey),
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                number INTEGER NOT NULL,
                claim_type TEXT NOT NULL CHECK (claim_type IN ('consultation', 'sp_sadt', 'inpatient_summary', 'fees')),
                tiss_version TEXT NOT NULL,
                hash_encoding TEXT NOT NULL,
                claims INTEGER NOT NULL,
                total \(db.bigint) NOT NULL,
                hash TEXT NOT NULL,
                xml_base64 TEXT NOT NULL,
                generated_at TEXT NOT NULL,
                protocol_number TEXT,
                protocol_on TEXT,
                UNIQUE (payer_id, number)
            )
            """,
            """
            CREATE TABLE invoice_claims (
                id \(db.primaryKey),
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                batch_id \(db.bigint) NOT NULL REFERENCES invoice_batches(id),
                partial_id \(db.bigint) NOT NULL REFERENCES partial_bills(id),
                number TEXT NOT NULL,
                claim_type TEXT NOT NULL,
                total \(db.bigint) NOT NULL,
                refused_at_receipt TEXT,
                UNIQUE (invoice_id, number)
            )
            """,
        ]
    }
}
