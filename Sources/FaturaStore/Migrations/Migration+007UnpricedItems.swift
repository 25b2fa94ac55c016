extension Migration {
    /// "Só com itens sem preço" at a year of a large hospital: each partial keeps how many of its
    /// items have no price (`UnpricedItems.recount`, run wherever an item's pricing changes), and a
    /// partial index holds, in the list's order, only the partials that have any — so the filter walks
    /// a few thousand index entries instead of looking up and sorting every such partial. And one
    /// more worklist index, for a payer's partials in one status.
    static let m007UnpricedItems = Migration(7, "worklist-unpriced-items") { db in
        [
            "ALTER TABLE partial_bills ADD COLUMN unpriced_items INTEGER NOT NULL DEFAULT 0",
            "UPDATE partial_bills SET unpriced_items = \(UnpricedItems.count)",
            """
            CREATE INDEX partial_bills_worklist_unpriced ON partial_bills (company_id, period_start, period_end, id, status, payer_id, origin_sector_id)
                WHERE unpriced_items > 0
            """,
            // A biller's usual view, one payer's open partials (and a sector of them): walked as one
            // range instead of every partial of the payer (a count of 50 000 index entries before).
            "CREATE INDEX partial_bills_worklist_payer_status ON partial_bills (company_id, payer_id, status, period_start, period_end, id, origin_sector_id)",
        ]
    }
}
