import Foundation
import SQLKit
import FaturaDomain

/// A year of a large hospital for `fatura bench worklist`: by default 300 000 partials with 10 items
/// each (3 million), written by set-based `INSERT … SELECT` over a numbers table (the generation is
/// not what is measured, and row-by-row it would take longer than the measurement).
///
/// The shape a billing department has at year end: the last 30 days still open (drafts), 5% of the
/// older partials too, the rest closed; about 1 item in 97 of an open partial without a price; one
/// open partial in 53 returned to a sector; six payers; care sectors as the origin of 9 in 10
/// encounters.
public struct WorklistBenchData: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// What the driver needs to build its filters.
    public struct Generated: Sendable {
        public var companyId: Int
        public var payerIds: [Int]
        public var sectorIds: [Int]
        public var firstDay: CalendarDay
        public var partials: Int
        public var items: Int
    }

    public static let days = 365

    public func generate(partials: Int, itemsPerPartial: Int, lastDay: CalendarDay,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Generated {
        _ = try await Seeder(store: store).ensureBaseline(adminPassword: "bench-\(UUID().uuidString)")
        let company = try await store.companies.create(Company(name: "Hospital Bench", cnpj: "11222333000181", cnes: "2077485"), by: .system)
        guard let companyId = company.id else { throw FaturaError.notFound(entity: "coligada") }
        var payerIds: [Int] = []
        for (i, registry) in ["123455", "334567", "417890", "302211", "005711", "356123"].enumerated() {
            guard let id = try await store.payers.create(Payer(name: "Convênio \(i + 1)", ansRegistry: registry), by: .system).id else {
                throw FaturaError.notFound(entity: "convênio")
            }
            payerIds.append(id)
        }
        let sectorIds = try await store.sectors.all()
            .filter { $0.kind == .care }.compactMap(\.id)
        let typeId = try (try await store.nonConformityTypes.list(ListQuery(active: nil, perPage: 1)).items.first?.id).stored("nonconformity_types")
        let firstDay = lastDay.adding(days: -(Self.days - 1))
        let now = Timestamp.now()
        let kind = store.database.kind
        // Literal ids of rows made just above (integers, never input): CASE keeps the INSERTs set-based.
        func pick(_ ids: [Int], by expression: String) -> String {
            "CASE " + ids.enumerated().map { "WHEN \(expression) % \(ids.count) = \($0) THEN \($1)" }.joined(separator: " ") + " END"
        }
        let payer = pick(payerIds, by: "x.n")
        // 1 in 10 encounters has no origin sector.
        let sector = "CASE WHEN x.n % 10 = 9 THEN NULL ELSE " + pick(sectorIds, by: "(x.n / 10)") + " END"

        try await store.database.write { sql in
            guard try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("patients").first()?
                .decode(column: "n", as: Int.self) == 0 else {
                throw FaturaError.conflict("O gerador da medida da lista de trabalho precisa de um banco vazio.")
            }
            try await sql.raw("CREATE TABLE bench_numbers (n \(unsafeRaw: kind == .postgres ? "BIGINT" : "INTEGER") PRIMARY KEY)").run()
            try await sql.raw("""
                INSERT INTO bench_numbers (n) WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < \(bind: partials))
                SELECT n FROM c
                """).run()
            try await sql.raw("CREATE TABLE bench_days (n INTEGER PRIMARY KEY, day TEXT NOT NULL)").run()
            for chunk in Array(0..<Self.days).chunked(200) {
                var insert = sql.insert(into: "bench_days").columns("n", "day")
                for n in chunk { insert = insert.values(SQLBind(n), SQLBind(firstDay.adding(days: n).iso)) }
                try await insert.run()
            }
        }
        // Day of partial n: spread over the year, not in id order (ids arrive as the HIS sends them).
        let day = "(x.n * 7919) % \(Self.days)"
        let chunk = 50_000
        var done = 0
        while done < partials {
            let range = (done, min(done + chunk, partials) - 1)
            try await store.database.transaction { sql in
                let within = "x.n BETWEEN \(range.0) AND \(range.1)"
                try await sql.raw("""
                    INSERT INTO patients (id, external_id, name, created_at, updated_at)
                    SELECT x.n + 1, 'WP' || x.n, 'Paciente ' || x.n, \(bind: now), \(bind: now) FROM bench_numbers x WHERE \(unsafeRaw: within)
                    """).run()
                try await sql.raw("""
                    INSERT INTO encounters (id, external_id, company_id, patient_id, payer_id, type, origin_sector_id, started_at, created_at, updated_at)
                    SELECT x.n + 1, 'WE' || x.n, \(bind: companyId), x.n + 1, \(unsafeRaw: payer),
                           CASE x.n % 4 WHEN 0 THEN 'inpatient' WHEN 1 THEN 'emergency' WHEN 2 THEN 'outpatient' ELSE 'sadt' END,
                           \(unsafeRaw: sector), d.day || 'T08:00', \(bind: now), \(bind: now)
                    FROM bench_numbers x JOIN bench_days d ON d.n = \(unsafeRaw: day) WHERE \(unsafeRaw: within)
                    """).run()
                try await sql.raw("""
                    INSERT INTO accounts (id, external_id, encounter_id, created_at)
                    SELECT x.n + 1, 'WA' || x.n, x.n + 1, \(bind: now) FROM bench_numbers x WHERE \(unsafeRaw: within)
                    """).run()
                try await sql.raw("""
                    INSERT INTO partial_bills (id, external_id, account_id, company_id, payer_id, origin_sector_id, period_start, period_end, status,
                                               version, closed_at, created_at, updated_at)
                    SELECT x.n + 1, 'WPB' || x.n, x.n + 1, \(bind: companyId), \(unsafeRaw: payer), \(unsafeRaw: sector), d.day, d.day,
                           CASE WHEN d.n >= \(unsafeRaw: String(Self.days - 30)) OR x.n % 20 = 0 THEN \(bind: PartialStatus.draft.rawValue) ELSE \(bind: PartialStatus.closed.rawValue) END, 1,
                           CASE WHEN d.n >= \(unsafeRaw: String(Self.days - 30)) OR x.n % 20 = 0 THEN NULL ELSE \(bind: now) END, \(bind: now), \(bind: now)
                    FROM bench_numbers x JOIN bench_days d ON d.n = \(unsafeRaw: day) WHERE \(unsafeRaw: within)
                    """).run()
                try await sql.raw("""
                    INSERT INTO charge_items (id, external_id, partial_id, kind, price_table, code, description, performed_at, performed_day,
                                              quantity, unit_value, base_unit_value, total, pricing_status, created_at, updated_at)
                    SELECT v.id, v.external_id, v.partial_id, v.kind, 'cbhpm', v.code, 'Item ' || v.code, v.day || 'T10:00', v.day, 10000,
                           CASE WHEN v.unpriced THEN 0 ELSE v.value END, CASE WHEN v.unpriced THEN 0 ELSE v.value END,
                           CASE WHEN v.unpriced THEN 0 ELSE v.value END, CASE WHEN v.unpriced THEN \(bind: PricingStatus.unpriced.rawValue) ELSE \(bind: PricingStatus.priced.rawValue) END, \(bind: now), \(bind: now)
                    FROM (SELECT x.n * \(unsafeRaw: String(itemsPerPartial)) + j.n + 1 AS id, 'WI' || x.n || '-' || j.n AS external_id, x.n + 1 AS partial_id,
                                 CASE WHEN j.n % 3 = 0 THEN 'exam' ELSE 'procedure' END AS kind,
                                 CASE WHEN j.n % 3 = 0 THEN '41001' ELSE '10101' END || CAST(100 + (x.n + j.n) % 800 AS TEXT) AS code,
                                 d.day AS day, 500 + (x.n * 31 + j.n * 17) % 50000 AS value,
                                 (pb.status = \(bind: PartialStatus.draft.rawValue) AND (x.n * \(unsafeRaw: String(itemsPerPartial)) + j.n) % 97 = 0) AS unpriced
                          FROM bench_numbers x JOIN bench_days d ON d.n = \(unsafeRaw: day)
                          JOIN partial_bills pb ON pb.id = x.n + 1
                          JOIN bench_numbers j ON j.n < \(unsafeRaw: String(itemsPerPartial))
                          WHERE \(unsafeRaw: within)) v
                    """).run()
                try await sql.raw("""
                    INSERT INTO nonconformities (partial_id, type_id, sector_id, note, status, registered_on, found_on, due_on,
                                                 registered_at, registered_by, updated_at)
                    SELECT pb.id, \(bind: typeId), pb.origin_sector_id, 'Falta assinatura', \(bind: NonConformityStatus.open.rawValue), pb.period_start, pb.period_start,
                           pb.period_end, \(bind: now), 'bench', \(bind: now)
                    FROM partial_bills pb
                    WHERE pb.id BETWEEN \(bind: range.0 + 1) AND \(bind: range.1 + 1) AND pb.status = \(bind: PartialStatus.draft.rawValue)
                      AND pb.id % 53 = 0 AND pb.origin_sector_id IS NOT NULL
                    """).run()
            }
            done = range.1 + 1
            progress?(done, partials)
        }
        try await store.database.write { sql in
            try await UnpricedItems.recount(companyId: companyId, on: sql)
            try await sql.raw("DROP TABLE bench_numbers").run()
            try await sql.raw("DROP TABLE bench_days").run()
            if kind == .postgres {
                // Explicit ids leave the identity sequences behind; the application inserts after this.
                for table in ["patients", "encounters", "accounts", "partial_bills", "charge_items", "nonconformities"] {
                    try await sql.raw("SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
                }
            }
        }
        try await BenchData.analyze(store.database)
        return Generated(companyId: companyId, payerIds: payerIds, sectorIds: sectorIds, firstDay: firstDay,
                         partials: partials, items: partials * itemsPerPartial)
    }
}
