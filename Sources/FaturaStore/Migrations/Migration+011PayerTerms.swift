extension Migration {
    /// A payer's terms for a company's invoices: the delivery rule (a kind and its days, or the dates
    /// it publishes), the payment term, the appeal deadline and rounds, and how TISS names the hospital.
    static let m011PayerTerms = Migration(11, "payer-terms") { db in
        [
            """
            CREATE TABLE payer_terms (
                id \(db.primaryKey),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                delivery_kind TEXT NOT NULL CHECK (delivery_kind IN ('day', 'business_day', 'window', 'published')),
                delivery_day INTEGER,
                delivery_to INTEGER,
                delivery_dates TEXT,
                payment_kind TEXT NOT NULL CHECK (payment_kind IN ('days_after', 'fixed_day')),
                payment_days INTEGER NOT NULL,
                appeal_days INTEGER NOT NULL,
                appeal_rounds INTEGER NOT NULL,
                provider_code TEXT,
                identification TEXT NOT NULL CHECK (identification IN ('provider_code', 'cnpj', 'cpf')),
                version INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                UNIQUE (payer_id, company_id)
            )
            """,
        ]
    }
}
