import SQLKit

extension Migration {
    /// The payer's payment statements and protocol situations (issue 13, `demonstrativoPagamento`
    /// and `situacaoProtocolo`):
    /// - `payment_statements`: one per file (payer + hash: the same file twice is found, not
    ///   stored twice; one payer's statement number once), with its stated totals and flags;
    /// - `payment_protocols`: each protocol paid on each date as the payer stated it, and the
    ///   invoice it was found to be (none when the protocol is of no invoice sent from Fatura:
    ///   listed for a person, no payment recorded for it);
    /// - `payment_adjustments`: the debits and credits of each date (taxes withheld, discounts,
    ///   adjustments, court orders) — of the date, not of an invoice, so apart from `payments`;
    /// - `payments.payment_statement_id`: the statement a payment came from (none when typed);
    /// - `invoice_batches.payer_situation`: the batch's protocol situation at the payer, and the day stated.
    static let m015Payments = Migration(15, "payment-statements") { db in
        [
            """
            CREATE TABLE payment_statements (
                id \(db.primaryKey),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                number TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                file_name TEXT,
                file_hash TEXT NOT NULL,
                gross \(db.bigint) NOT NULL,
                debits \(db.bigint) NOT NULL,
                credits \(db.bigint) NOT NULL,
                net \(db.bigint) NOT NULL,
                problems TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL,
                UNIQUE (payer_id, file_hash),
                UNIQUE (payer_id, number)
            )
            """,
            """
            CREATE TABLE payment_protocols (
                id \(db.primaryKey),
                payment_statement_id \(db.bigint) NOT NULL REFERENCES payment_statements(id),
                position INTEGER NOT NULL,
                paid_on TEXT NOT NULL,
                method TEXT NOT NULL,
                protocol_number TEXT NOT NULL,
                batch_number TEXT NOT NULL,
                claims INTEGER NOT NULL,
                informed \(db.bigint) NOT NULL,
                processed \(db.bigint) NOT NULL,
                released \(db.bigint) NOT NULL,
                glosa \(db.bigint),
                invoice_id \(db.bigint) REFERENCES invoices(id),
                unmatched_reason TEXT,
                source_line INTEGER NOT NULL,
                CHECK ((invoice_id IS NULL) <> (unmatched_reason IS NULL))
            )
            """,
            "CREATE INDEX payment_protocols_statement ON payment_protocols (payment_statement_id)",
            """
            CREATE TABLE payment_adjustments (
                id \(db.primaryKey),
                payment_statement_id \(db.bigint) NOT NULL REFERENCES payment_statements(id),
                paid_on TEXT,
                is_debit BOOLEAN NOT NULL,
                type_code TEXT NOT NULL,
                description TEXT NOT NULL,
                amount \(db.bigint) NOT NULL
            )
            """,
            "CREATE INDEX payment_adjustments_statement ON payment_adjustments (payment_statement_id)",
            "ALTER TABLE payments ADD COLUMN payment_statement_id \(db.bigint) REFERENCES payment_statements(id)",
            "ALTER TABLE invoice_batches ADD COLUMN payer_situation TEXT",
            "ALTER TABLE invoice_batches ADD COLUMN payer_situation_on TEXT",
        ]
    }
}
