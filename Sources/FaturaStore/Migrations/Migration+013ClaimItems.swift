import SQLKit

extension Migration {
    /// Each line of each claim as sent (issue 13 needs them): its `sequencialItem`, the charge item
    /// it bills, code, day and value — what a payer's statement line is matched back to, by claim +
    /// sequence or, when the payer omits the sequence, by claim + code + day + value.
    static let m013ClaimItems = Migration(13, "claim-items") { db in
        [
            """
            CREATE TABLE invoice_claim_items (
                id \(db.primaryKey),
                claim_id \(db.bigint) NOT NULL REFERENCES invoice_claims(id),
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                sequence INTEGER NOT NULL,
                charge_item_id \(db.bigint) REFERENCES charge_items(id),
                table_code TEXT NOT NULL,
                code TEXT NOT NULL,
                performed_on TEXT NOT NULL,
                total \(db.bigint) NOT NULL,
                UNIQUE (claim_id, sequence)
            )
            """,
            "CREATE INDEX invoice_claim_items_invoice ON invoice_claim_items (invoice_id)",
        ]
    }
}
