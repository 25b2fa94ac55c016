import Foundation
import SQLKit
import FaturaDomain

/// Generates a month of a large hospital for `fatura bench pricing`, straight into the tables in
/// batches (the generation is not what is measured). Deterministic: the same counts every run.
public struct BenchData: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Returns the company id. `payers` of the six take the partials in turn (one: a single large payer).
    public func generate(items: Int, payers payerCount: Int = 6) async throws -> Int {
        let company = try await store.companies.create(Company(name: "Hospital Bench", cnpj: "11222333000181", cnes: "2077485"), by: .system)
        let companyId = try company.id.stored("companies")
        let ans = ["123455", "334567", "417890", "302211", "005711", "356123"]
        var payerIds: [Int] = []
        for (i, registry) in ans.enumerated() {
            payerIds.append(try await store.payers.create(Payer(name: "Convênio \(i + 1)", ansRegistry: registry), by: .system).id.stored("payers"))
        }
        let cbhpm = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM bench", edition: "2022"), by: .system)
        let amb = try await store.priceTables.create(PriceTable(kind: .amb, name: "AMB bench", edition: "92"), by: .system)
        // 1 500 procedure codes: exams (CT, MRI, US ranges) and others; about 1% of generated items use unknown codes.
        var codes: [String] = []
        var cbhpmRows = ["codigo;descricao;porte;uco;filme"], ambRows = ["codigo;descricao;ch;filme"]
        for i in 0..<1_500 {
            let prefix = ["41001", "41101", "40901", "40301", "10101"][i % 5]
            let code = prefix + String(format: "%03d", i / 5)
            codes.append(code)
            let porte = Porte.all[(i * 7) % 12]
            cbhpmRows.append("\(code);Procedimento \(i);\(porte);\((i % 40) + 1),\(i % 10);\(i % 3 == 0 ? "0,5" : "0")")
            ambRows.append("\(code);Procedimento \(i);\(100 + i % 500);\(i % 3 == 0 ? "0,5" : "0")")
        }
        _ = try await store.importer.importProcedures(into: cbhpm, from: TextLines(cbhpmRows.joined(separator: "\n")), by: .system)
        _ = try await store.importer.importProcedures(into: amb, from: TextLines(ambRows.joined(separator: "\n")), by: .system)
        _ = try await store.valueTables.save(ValueTable(
            series: "CBHPM 2022", validFrom: CalendarDay(iso: "2021-10-01") ?? CalendarDay(daysSinceEpoch: 0),
            porteValues: Dictionary(uniqueKeysWithValues: Porte.all.enumerated().map { ($1, Money(cents: Int64(2_700 + $0 * 13_399))) }),
            ucoValue: Rate(tenThousandths: 242_400), chValue: Rate(tenThousandths: 5_500), filmValue: Rate(tenThousandths: 217_000)), by: .system)
        let start = CalendarDay(iso: "2026-01-01") ?? CalendarDay(daysSinceEpoch: 0)
        for (i, payerId) in payerIds.enumerated() {
            let useAMB = i == 3
            _ = try await store.contracts.create(Contract(
                payerId: payerId, companyId: companyId, name: "Contrato \(i + 1)", validFrom: start, procedureTable: useAMB ? .amb : .cbhpm,
                procedureTableId: useAMB ? amb.id : cbhpm.id, valueSeries: "CBHPM 2022", porteAdjustment: Percentage(percent: -(i * 5)),
                urgencySurcharge: i % 2 == 0), by: .system)
        }
        let day0 = CalendarDay(iso: "2026-10-01") ?? CalendarDay(daysSinceEpoch: 0)
        let now = Timestamp.now()
        let itemsPerPartial = 5
        let partials = (items + itemsPerPartial - 1) / itemsPerPartial
        var generator = SplitMix(seed: 42)
        var made = 0
        var nextPartial = 0
        let payers = Array(payerIds.prefix(max(1, min(payerCount, payerIds.count)))), allCodes = codes
        while nextPartial < partials {
            let batch = min(400, partials - nextPartial)
            let first = nextPartial
            // (partial offset, external id, code, performed, day, quantity), drawn before the transaction.
            var specs: [(Int, String, String, String, String, Int64)] = []
            for (k, p) in (first..<(first + batch)).enumerated() {
                let day = day0.adding(days: p % 30)
                for j in 0..<itemsPerPartial where made < items {
                    let r = generator.next()
                    let code = r % 100 == 0 ? "99999999" : allCodes[Int(r % UInt64(allCodes.count))]
                    let performed = LocalDateTime(day: day, hour: 6 + Int(r % 16), minute: Int(r % 60)).iso
                    specs.append((k, "BI\(p)-\(j)", code, performed, day.iso, r % 3 == 0 ? 20_000 : 10_000))
                    made += 1
                }
            }
            let itemSpecs = specs
            try await store.database.transaction { sql in
                var patients = sql.insert(into: "patients").columns("external_id", "name", "created_at", "updated_at")
                for p in first..<(first + batch) { patients = patients.values(SQLBind("BP\(p)"), SQLBind("Paciente \(p)"), SQLBind(now), SQLBind(now)) }
                try await patients.run()
                let patientIds = try await sql.select().column("id").from("patients").where("external_id", .in, SQLBind.group((first..<(first + batch)).map { "BP\($0)" }))
                    .orderBy("id").all().map { try $0.decode(column: "id", as: Int.self) }
                var encounters = sql.insert(into: "encounters").columns("external_id", "company_id", "patient_id", "payer_id", "type", "started_at", "created_at", "updated_at")
                for (k, p) in (first..<(first + batch)).enumerated() {
                    let day = day0.adding(days: p % 30)
                    encounters = encounters.values(SQLBind("BE\(p)"), SQLBind(companyId), SQLBind(patientIds[k]), SQLBind(payers[p % payers.count]),
                                                   SQLBind("sadt"), SQLBind(day.iso + "T08:00"), SQLBind(now), SQLBind(now))
                }
                try await encounters.run()
                let encounterIds = try await sql.select().column("id").from("encounters").where("external_id", .in, SQLBind.group((first..<(first + batch)).map { "BE\($0)" }))
                    .orderBy("id").all().map { try $0.decode(column: "id", as: Int.self) }
                var accounts = sql.insert(into: "accounts").columns("external_id", "encounter_id", "created_at")
                for (k, p) in (first..<(first + batch)).enumerated() { accounts = accounts.values(SQLBind("BA\(p)"), SQLBind(encounterIds[k]), SQLBind(now)) }
                try await accounts.run()
                let accountIds = try await sql.select().column("id").from("accounts").where("external_id", .in, SQLBind.group((first..<(first + batch)).map { "BA\($0)" }))
                    .orderBy("id").all().map { try $0.decode(column: "id", as: Int.self) }
                var partialInsert = sql.insert(into: "partial_bills").columns("external_id", "account_id", "company_id", "payer_id", "period_start", "period_end", "status", "version", "created_at", "updated_at")
                for (k, p) in (first..<(first + batch)).enumerated() {
                    let day = day0.adding(days: p % 30)
                    partialInsert = partialInsert.values(SQLBind("BPB\(p)"), SQLBind(accountIds[k]), SQLBind(companyId), SQLBind(payers[p % payers.count]),
                                                         SQLBind(day.iso), SQLBind(day.adding(days: 1).iso), SQLBind(PartialStatus.draft.rawValue), SQLBind(1), SQLBind(now), SQLBind(now))
                }
                try await partialInsert.run()
                let partialIds = try await sql.select().column("id").from("partial_bills").where("external_id", .in, SQLBind.group((first..<(first + batch)).map { "BPB\($0)" }))
                    .orderBy("id").all().map { try $0.decode(column: "id", as: Int.self) }
                let rows: [[any SQLExpression]] = itemSpecs.map { spec in
                    [SQLBind(spec.1), SQLBind(partialIds[spec.0]), SQLBind(spec.2.hasPrefix("4") ? "exam" : "procedure"), SQLBind("cbhpm"),
                     SQLBind(spec.2), SQLBind("Item \(spec.2)"), SQLBind(spec.3), SQLBind(spec.4), SQLBind(spec.5),
                     SQLBind(PricingStatus.unpriced.rawValue), SQLBind(now), SQLBind(now)]
                }
                for chunk in stride(from: 0, to: rows.count, by: 400) {
                    var insert = sql.insert(into: "charge_items").columns("external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at",
                                                                          "performed_day", "quantity", "pricing_status", "created_at", "updated_at")
                    for row in rows[chunk..<min(chunk + 400, rows.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
            nextPartial += batch
        }
        try await store.database.write { sql in
            try await UnpricedItems.recount(companyId: companyId, on: sql)
        }
        try await Self.analyze(store.database)
        return companyId
    }
}

extension BenchData {
    /// Fresh planner statistics after the bulk load, as a database in service has.
    static func analyze(_ database: Database) async throws {
        // PostgreSQL: VACUUM too, which sets the visibility map a database in service has from
        // autovacuum; without it every index-only scan (the worklist's) reads the table as well.
        let statement: SQLQueryString = database.kind == .postgres ? "VACUUM ANALYZE" : "ANALYZE"
        try await database.write { try await $0.raw(statement).run() }
    }
}

/// A small deterministic generator (SplitMix64) so every bench run builds the same data.
struct SplitMix: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
