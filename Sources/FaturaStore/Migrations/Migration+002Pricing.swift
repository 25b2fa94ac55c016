extension Migration {
    /// Price tables, value tables, contracts, billing codings (exam groups), patients, encounters,
    /// accounts, partial bills and charge items. Quantities and rates are integers in ten-thousandths,
    /// money in centavos, percentages in basis points (70,00% = 7000).
    static let m002Pricing = Migration(2, "pricing") { db in
        [
            """
            CREATE TABLE price_tables (
                id \(db.primaryKey),
                kind TEXT NOT NULL CHECK (kind IN ('amb', 'cbhpm', 'own', 'drug', 'material')),
                name TEXT NOT NULL UNIQUE,
                edition TEXT,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            // AMB and CBHPM procedures: what the edition says of each code (no R$ here).
            """
            CREATE TABLE procedure_entries (
                id \(db.primaryKey),
                table_id \(db.bigint) NOT NULL REFERENCES price_tables(id),
                code TEXT NOT NULL,
                description TEXT NOT NULL,
                porte TEXT,
                uco \(db.bigint) NOT NULL DEFAULT 0,
                film \(db.bigint) NOT NULL DEFAULT 0,
                ch \(db.bigint) NOT NULL DEFAULT 0,
                auxiliaries INTEGER NOT NULL DEFAULT 0,
                anaesthetic_porte INTEGER NOT NULL DEFAULT 0,
                UNIQUE (table_id, code)
            )
            """,
            // Own tables, packages, drugs and materials: a value per code and validity.
            """
            CREATE TABLE priced_entries (
                id \(db.primaryKey),
                table_id \(db.bigint) NOT NULL REFERENCES price_tables(id),
                code TEXT NOT NULL,
                description TEXT NOT NULL,
                value_cents \(db.bigint) NOT NULL,
                valid_from TEXT NOT NULL,
                valid_to TEXT,
                UNIQUE (table_id, code, valid_from)
            )
            """,
            // The R$ of the portes, the UCO, the CH and the film m², for a validity period.
            """
            CREATE TABLE value_tables (
                id \(db.primaryKey),
                series TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                valid_to TEXT,
                uco_value \(db.bigint),
                ch_value \(db.bigint),
                film_value \(db.bigint),
                created_at TEXT NOT NULL,
                UNIQUE (series, valid_from)
            )
            """,
            """
            CREATE TABLE value_table_portes (
                value_table_id \(db.bigint) NOT NULL REFERENCES value_tables(id),
                porte TEXT NOT NULL,
                value_cents \(db.bigint) NOT NULL,
                PRIMARY KEY (value_table_id, porte)
            )
            """,
            """
            CREATE TABLE contracts (
                id \(db.primaryKey),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                name TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                previous_id \(db.bigint) REFERENCES contracts(id),
                valid_from TEXT NOT NULL,
                valid_to TEXT,
                procedure_table TEXT NOT NULL CHECK (procedure_table IN ('amb', 'cbhpm')),
                procedure_table_id \(db.bigint) REFERENCES price_tables(id),
                value_series TEXT,
                porte_adjustment_bp INTEGER NOT NULL DEFAULT 0,
                uco_value \(db.bigint),
                ch_value \(db.bigint),
                film_value \(db.bigint),
                urgency_surcharge BOOLEAN NOT NULL DEFAULT FALSE,
                drug_percentage_bp INTEGER NOT NULL DEFAULT 0,
                material_percentage_bp INTEGER NOT NULL DEFAULT 0,
                own_table_id \(db.bigint) REFERENCES price_tables(id),
                drug_table_id \(db.bigint) REFERENCES price_tables(id),
                material_table_id \(db.bigint) REFERENCES price_tables(id),
                notes TEXT,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX contracts_payer_company ON contracts (payer_id, company_id, valid_from)",
            """
            CREATE TABLE contract_bands (
                contract_id \(db.bigint) NOT NULL REFERENCES contracts(id),
                band INTEGER NOT NULL,
                second_bp INTEGER NOT NULL,
                third_bp INTEGER,
                PRIMARY KEY (contract_id, band)
            )
            """,
            """
            CREATE TABLE exam_groups (
                id \(db.primaryKey),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                band INTEGER NOT NULL,
                amb_second_bp INTEGER NOT NULL,
                amb_third_bp INTEGER NOT NULL,
                cbhpm_second_bp INTEGER NOT NULL,
                cbhpm_third_bp INTEGER NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE exam_group_codes (
                id \(db.primaryKey),
                group_id \(db.bigint) NOT NULL REFERENCES exam_groups(id),
                code_from TEXT NOT NULL,
                code_to TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE patients (
                id \(db.primaryKey),
                external_id TEXT UNIQUE,
                name TEXT NOT NULL,
                birth_date TEXT,
                cpf TEXT,
                card_number TEXT,
                card_valid_until TEXT,
                medical_record_number TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE encounters (
                id \(db.primaryKey),
                external_id TEXT NOT NULL UNIQUE,
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                patient_id \(db.bigint) NOT NULL REFERENCES patients(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                type TEXT NOT NULL,
                origin_sector_id \(db.bigint) REFERENCES sectors(id),
                authorization_number TEXT,
                authorization_password TEXT,
                requesting_professional TEXT,
                started_at TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE accounts (
                id \(db.primaryKey),
                external_id TEXT NOT NULL UNIQUE,
                encounter_id \(db.bigint) NOT NULL REFERENCES encounters(id),
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE partial_bills (
                id \(db.primaryKey),
                external_id TEXT NOT NULL UNIQUE,
                account_id \(db.bigint) NOT NULL REFERENCES accounts(id),
                company_id \(db.bigint) NOT NULL REFERENCES companies(id),
                payer_id \(db.bigint) NOT NULL REFERENCES payers(id),
                period_start TEXT NOT NULL,
                period_end TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'draft',
                version INTEGER NOT NULL DEFAULT 1,
                closed_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX partial_bills_company_status ON partial_bills (company_id, status, period_start)",
            """
            CREATE TABLE charge_items (
                id \(db.primaryKey),
                external_id TEXT NOT NULL UNIQUE,
                partial_id \(db.bigint) NOT NULL REFERENCES partial_bills(id),
                kind TEXT NOT NULL,
                price_table TEXT NOT NULL,
                code TEXT NOT NULL,
                description TEXT NOT NULL,
                performed_at TEXT NOT NULL,
                performed_day TEXT NOT NULL,
                quantity \(db.bigint) NOT NULL,
                executing_professional TEXT,
                contract_id \(db.bigint) REFERENCES contracts(id),
                porte TEXT,
                fee_part \(db.bigint) NOT NULL DEFAULT 0,
                operating_cost_part \(db.bigint) NOT NULL DEFAULT 0,
                film_part \(db.bigint) NOT NULL DEFAULT 0,
                other_part \(db.bigint) NOT NULL DEFAULT 0,
                unit_value \(db.bigint) NOT NULL DEFAULT 0,
                total \(db.bigint) NOT NULL DEFAULT 0,
                urgency BOOLEAN NOT NULL DEFAULT FALSE,
                pricing_status TEXT NOT NULL DEFAULT 'unpriced',
                pricing_error_code TEXT,
                pricing_error TEXT,
                priced_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX charge_items_partial ON charge_items (partial_id)",
            "CREATE INDEX charge_items_status ON charge_items (pricing_status)",
            "CREATE INDEX charge_items_day ON charge_items (performed_day)",
        ]
    }
}
