import Foundation
import SQLKit
import FaturaDomain

extension BenchData {
    /// A 90-day window for `fatura bench exam-rule`: `items` priced exam items (CT, MRI and
    /// ultrasound, a few of quantity 2, some with film) over items/3 partials of five insurers, SUS
    /// and Particular; days spread over the window so groups mix same-day and other-day exams.
    /// Returns the company id.
    public func generateExamWindow(items: Int, today: CalendarDay) async throws -> Int {
        try await store.examGroups.seedDefaults()
        let company = try await store.companies.create(Company(name: "Hospital Bench", cnpj: "11222333000181", cnes: "2077485"), by: .system)
        let companyId = try company.id.stored("companies")
        var payerIds: [Int] = []
        for (i, registry) in ["123455", "334567", "417890", "302211", "005711"].enumerated() {
            payerIds.append(try await store.payers.create(Payer(name: "Convênio \(i + 1)", ansRegistry: registry), by: .system).id.stored("payers"))
        }
        payerIds.append(try await store.payers.create(Payer(name: "SUS", ansRegistry: nil, billingStandard: .sus), by: .system).id.stored("payers"))
        payerIds.append(try await store.payers.create(Payer(name: "Particular", ansRegistry: nil, billingStandard: .particular), by: .system).id.stored("payers"))
        let table = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM bench", edition: "2022"), by: .system)
        let amb = try await store.priceTables.create(PriceTable(kind: .amb, name: "AMB bench", edition: "92"), by: .system)
        let start = today.adding(days: -400)
        for (i, payerId) in payerIds.prefix(5).enumerated() {
            _ = try await store.contracts.create(Contract(
                payerId: payerId, companyId: companyId, name: "Contrato \(i + 1)", validFrom: start, procedureTable: i == 3 ? .amb : .cbhpm,
                procedureTableId: i == 3 ? amb.id : table.id, ucoValue: Rate(tenThousandths: 242_400), chValue: Rate(tenThousandths: 5_500),
                bands: i == 1 ? [ContractBand(band: 1, second: Percentage(percent: 75), third: Percentage(percent: 60))] : []), by: .system)
        }
        let codes = ["41001010", "41001095", "41001109", "41101014", "41101030", "40901122", "40901114", "40901300"]
        let partials = max(1, items / 3)
        var generator = SplitMix(seed: 7)
        var made = 0
        var next = 0
        let payers = payerIds
        let now = Timestamp.now()
        while next < partials {
            let batch = min(500, partials - next)
            let first = next
            var specs: [(Int, String, String, String, String, Int64, Int64, Int64)] = [] // offset, id, code, performed, day, qty, base, film
            for (k, p) in (first..<(first + batch)).enumerated() {
                let firstDay = today.adding(days: -Int(generator.next() % 89))
                for j in 0..<3 where made < items {
                    let r = generator.next()
                    let day = r % 4 == 0 ? firstDay.adding(days: 1) : firstDay
                    let code = codes[Int(r % UInt64(codes.count))]
                    let base = Int64(10_000 + (r >> 8) % 190_000)
                    let film = r % 5 == 0 ? Int64(2_170 * (1 + Int64(r % 3))) : 0
                    let quantity: Int64 = r % 17 == 0 ? 20_000 : 10_000
                    specs.append((k, "X\(p)-\(j)", code, LocalDateTime(day: day, hour: 8 + j, minute: 0).iso, day.iso, quantity, base, film))
                    made += 1
                }
            }
            let itemSpecs = specs
            try await store.database.transaction { sql in
                var patients = sql.insert(into: "patients").columns("external_id", "name", "created_at", "updated_at")
                for p in first..<(first + batch) { patients = patients.values(SQLBind("XP\(p)"), SQLBind("Paciente \(p)"), SQLBind(now), SQLBind(now)) }
                try await patients.run()
                let patientIds = try await Self.ids(of: "patients", externalIds: (first..<(first + batch)).map { "XP\($0)" }, on: sql)
                var encounters = sql.insert(into: "encounters").columns("external_id", "company_id", "patient_id", "payer_id", "type", "started_at", "created_at", "updated_at")
                for (k, p) in (first..<(first + batch)).enumerated() {
                    encounters = encounters.values(SQLBind("XE\(p)"), SQLBind(companyId), SQLBind(patientIds[k]), SQLBind(payers[p % payers.count]),
                                                   SQLBind("sadt"), SQLBind(today.iso + "T08:00"), SQLBind(now), SQLBind(now))
                }
                try await encounters.run()
                let encounterIds = try await Self.ids(of: "encounters", externalIds: (first..<(first + batch)).map { "XE\($0)" }, on: sql)
                var accounts = sql.insert(into: "accounts").columns("external_id", "encounter_id", "created_at")
                for (k, p) in (first..<(first + batch)).enumerated() { accounts = accounts.values(SQLBind("XA\(p)"), SQLBind(encounterIds[k]), SQLBind(now)) }
                try await accounts.run()
                let accountIds = try await Self.ids(of: "accounts", externalIds: (first..<(first + batch)).map { "XA\($0)" }, on: sql)
                var partialInsert = sql.insert(into: "partial_bills").columns("external_id", "account_id", "company_id", "payer_id", "period_start",
                                                                              "period_end", "status", "version", "created_at", "updated_at")
                for (k, p) in (first..<(first + batch)).enumerated() {
                    partialInsert = partialInsert.values(SQLBind("XB\(p)"), SQLBind(accountIds[k]), SQLBind(companyId), SQLBind(payers[p % payers.count]),
                                                         SQLBind(today.adding(days: -90).iso), SQLBind(today.iso), SQLBind((p % 50 == 0 ? PartialStatus.closed : .draft).rawValue),
                                                         SQLBind(1), SQLBind(now), SQLBind(now))
                }
                try await partialInsert.run()
                let partialIds = try await Self.ids(of: "partial_bills", externalIds: (first..<(first + batch)).map { "XB\($0)" }, on: sql)
                for chunk in itemSpecs.chunked(300) {
                    var insert = sql.insert(into: "charge_items").columns(
                        "external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day", "quantity",
                        "contract_id", "fee_part", "film_part", "unit_value", "base_unit_value", "total", "pricing_status", "created_at", "updated_at")
                    for s in chunk {
                        insert = insert.values(SQLBind(s.1), SQLBind(partialIds[s.0]), SQLBind("exam"), SQLBind("cbhpm"), SQLBind(s.2), SQLBind("Exame \(s.2)"),
                                               SQLBind(s.3), SQLBind(s.4), SQLBind(s.5), SQLLiteral.null, SQLBind(s.6 - s.7), SQLBind(s.7), SQLBind(s.6), SQLBind(s.6),
                                               SQLBind(s.6 * s.5 / 10_000), SQLBind(PricingStatus.priced.rawValue), SQLBind(now), SQLBind(now))
                    }
                    try await insert.run()
                }
            }
            next += batch
        }
        try await Self.analyze(store.database)
        return companyId
    }

    static func ids(of table: String, externalIds: [String], on sql: any SQLDatabase) async throws -> [Int] {
        let rows = try await sql.select().columns("id", "external_id").from(table).where("external_id", .in, SQLBind.group(externalIds)).all()
        var byExternal: [String: Int] = [:]
        for row in rows { byExternal[try row.decode(column: "external_id", as: String.self)] = try row.decode(column: "id", as: Int.self) }
        return try externalIds.map { try byExternal[$0].stored(table) }
    }
}
