import SQLKit

extension Migration {
    /// The per-invoice sums (and the cuts by reason, kind, sector and biller) the tracking map and the indicators read (issue 14's figures), kept by
    /// `InvoiceMoney.refresh` in the same transaction as every write that changes them, and filled
    /// here from the rows already stored (the same sums, written out: a landed migration never
    /// changes, so it does not call code that may).
    static let m017InvoiceMoney = Migration(17, "invoice-money") { db in
        [
            """
            CREATE TABLE invoice_money (
                invoice_id \(db.bigint) PRIMARY KEY REFERENCES invoices(id),
                released \(db.bigint) NOT NULL,
                paid \(db.bigint) NOT NULL,
                glosa \(db.bigint) NOT NULL,
                under_appeal \(db.bigint) NOT NULL,
                recovered \(db.bigint) NOT NULL,
                written_off \(db.bigint) NOT NULL,
                lost \(db.bigint) NOT NULL,
                first_paid_on TEXT
            )
            """,
            """
            CREATE TABLE glosa_money (
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                reason_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                sector_key TEXT NOT NULL,
                biller_key TEXT NOT NULL,
                glosas \(db.bigint) NOT NULL,
                value \(db.bigint) NOT NULL,
                recovered \(db.bigint) NOT NULL,
                lost \(db.bigint) NOT NULL,
                PRIMARY KEY (invoice_id, reason_code, kind, sector_key, biller_key)
            )
            """,
            """
            INSERT INTO invoice_money (invoice_id, released, paid, glosa, under_appeal, recovered, written_off, lost, first_paid_on)
            SELECT v.id,
                   (SELECT CAST(COALESCE(SUM(l.released), 0) AS BIGINT) FROM statement_lines l WHERE l.invoice_id = v.id AND l.replaced_by IS NULL),
                   (SELECT CAST(COALESCE(SUM(m.amount), 0) AS BIGINT) FROM payments m WHERE m.invoice_id = v.id),
                   (SELECT CAST(COALESCE(SUM(g.value), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id),
                   (SELECT CAST(COALESCE(SUM(g.under_appeal), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id),
                   (SELECT CAST(COALESCE(SUM(g.recovered), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id),
                   (SELECT CAST(COALESCE(SUM(g.written_off), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id),
                   (SELECT CAST(COALESCE(SUM(g.lost), 0) AS BIGINT) FROM glosas g WHERE g.invoice_id = v.id),
                   (SELECT MIN(m.paid_on) FROM payments m WHERE m.invoice_id = v.id)
            FROM invoices v
            WHERE EXISTS (SELECT 1 FROM statement_lines l WHERE l.invoice_id = v.id) OR EXISTS (SELECT 1 FROM payments m WHERE m.invoice_id = v.id)
                  OR EXISTS (SELECT 1 FROM glosas g WHERE g.invoice_id = v.id)
            """,
            """
            INSERT INTO glosa_money (invoice_id, reason_code, kind, sector_key, biller_key, glosas, value, recovered, lost)
            SELECT g.invoice_id, g.reason_code, g.kind, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, ''),
                   COUNT(*), CAST(SUM(g.value) AS BIGINT), CAST(SUM(g.recovered) AS BIGINT), CAST(SUM(g.lost) AS BIGINT)
            FROM glosas g
            JOIN invoice_claim_items i ON i.id = g.claim_item_id
            JOIN invoice_claims c ON c.id = i.claim_id
            JOIN partial_bills p ON p.id = c.partial_id
            GROUP BY g.invoice_id, g.reason_code, g.kind, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, '')
            """,
            """
            CREATE TABLE claim_money (
                invoice_id \(db.bigint) NOT NULL REFERENCES invoices(id),
                sector_key TEXT NOT NULL,
                biller_key TEXT NOT NULL,
                claims \(db.bigint) NOT NULL,
                presented \(db.bigint) NOT NULL,
                PRIMARY KEY (invoice_id, sector_key, biller_key)
            )
            """,
            """
            INSERT INTO claim_money (invoice_id, sector_key, biller_key, claims, presented)
            SELECT c.invoice_id, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, ''), COUNT(*), CAST(SUM(c.total) AS BIGINT)
            FROM invoice_claims c JOIN partial_bills p ON p.id = c.partial_id
            GROUP BY c.invoice_id, COALESCE(CAST(p.origin_sector_id AS TEXT), ''), COALESCE(p.closed_by, '')
            """,
            // The map and the indicators cut one company's competence range.
            "CREATE INDEX invoices_company_competence ON invoices (company_id, competence)",
        ]
    }
}
