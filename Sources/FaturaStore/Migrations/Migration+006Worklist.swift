extension Migration {
    /// The worklist at a year of a large hospital (300 000 partials, 3 million items): every filter
    /// of `/accounts` walks one index in the list's order (period, then id, newest first), checks the
    /// other filters inside the index and stops at the page, instead of sorting the company's partials.
    static let m006Worklist = Migration(6, "worklist") { db in
        [
            // The encounter's origin sector, copied onto its partials so the sector filter is an index
            // like the others (kept by HIS ingestion, the only writer of encounters).
            "ALTER TABLE partial_bills ADD COLUMN origin_sector_id \(db.bigint) REFERENCES sectors(id)",
            """
            UPDATE partial_bills SET origin_sector_id = (SELECT e.origin_sector_id FROM accounts a
                JOIN encounters e ON e.id = a.encounter_id WHERE a.id = partial_bills.account_id)
            """,
            // One index per equality filter, each in the list's order and carrying the other filter
            // columns, so a filter never reads the table to reject a row.
            "CREATE INDEX partial_bills_worklist ON partial_bills (company_id, period_start, period_end, id, status, payer_id, origin_sector_id)",
            "CREATE INDEX partial_bills_worklist_status ON partial_bills (company_id, status, period_start, period_end, id, payer_id, origin_sector_id)",
            "CREATE INDEX partial_bills_worklist_payer ON partial_bills (company_id, payer_id, period_start, period_end, id, status, origin_sector_id)",
            "CREATE INDEX partial_bills_worklist_sector ON partial_bills (company_id, origin_sector_id, period_start, period_end, id, status, payer_id)",
            // Replaced by the worklist's status index (same leading columns).
            "DROP INDEX partial_bills_company_status",
            "CREATE INDEX partial_bills_account ON partial_bills (account_id)",
            // "Só com itens sem preço": the few partials that have such items, from the index alone.
            "DROP INDEX charge_items_status",
            "CREATE INDEX charge_items_status ON charge_items (pricing_status, partial_id)",
        ]
    }
}
