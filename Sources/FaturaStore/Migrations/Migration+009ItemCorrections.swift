extension Migration {
    /// Billing's corrections of charge lines. A corrected item keeps who, when and why, and the line
    /// as the HIS last sent it (`his_line_json`): a resend that repeats it changes nothing, one that
    /// differs is kept aside as a conflict (`his_conflict`) and the correction stays. A removed line
    /// moves to `charge_item_removals` with its reason, so the HIS resending it does not bring it back.
    /// `origin` tells lines the HIS sent from lines billing added.
    static let m009ItemCorrections = Migration(9, "item-corrections") { db in
        [
            "ALTER TABLE charge_items ADD COLUMN origin TEXT NOT NULL DEFAULT 'his'",
            "ALTER TABLE charge_items ADD COLUMN corrected_at TEXT",
            "ALTER TABLE charge_items ADD COLUMN corrected_by TEXT",
            "ALTER TABLE charge_items ADD COLUMN correction_reason TEXT",
            "ALTER TABLE charge_items ADD COLUMN his_line_json TEXT",
            "ALTER TABLE charge_items ADD COLUMN his_conflict TEXT",
            """
            CREATE TABLE charge_item_removals (
                id \(db.primaryKey),
                external_id TEXT NOT NULL UNIQUE,
                partial_id \(db.bigint) NOT NULL REFERENCES partial_bills(id),
                line_json TEXT NOT NULL,
                total \(db.bigint) NOT NULL,
                reason TEXT NOT NULL,
                removed_by TEXT NOT NULL,
                removed_at TEXT NOT NULL,
                his_line_json TEXT,
                his_conflict TEXT
            )
            """,
            "CREATE INDEX charge_item_removals_partial ON charge_item_removals (partial_id)",
        ]
    }
}
