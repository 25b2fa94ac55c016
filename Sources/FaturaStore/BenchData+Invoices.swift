import Foundation
import SQLKit
import FaturaDomain

extension BenchData {
    /// For `fatura bench invoice`: one payer's `partials` closed SP/SADT partials of `itemsPerPartial`
    /// priced lines each, in the competence 2026-11, with the patients' cards, the authorisations
    /// and a registered requesting professional, straight into the tables (not what is measured).
    /// Returns (company, payer).
    public func generateClosedPartials(_ partials: Int, itemsPerPartial: Int = 10) async throws -> (companyId: Int, payerId: Int) {
        let company = try await store.companies.create(Company(name: "Hospital Bench", cnpj: "11222333000181", cnes: "2077485"), by: .system)
        let companyId = try company.id.stored("companies")
        let payerId = try await store.payers.create(Payer(name: "Convênio Bench", ansRegistry: "123455"), by: .system).id.stored("payers")
        _ = try await store.professionals.create(Professional(name: "Médico Bench", council: "06", councilNumber: "123456", uf: "35", cbo: "225125",
                                                              providerCode: "MED1"), by: .system)
        _ = try await store.payerTerms.save(PayerTerms(payerId: payerId, companyId: companyId, providerCode: "HOSP1"), expectedVersion: nil, by: .system)
        let now = Timestamp.now()
        for start in stride(from: 0, to: partials, by: 200) {
            let count = min(200, partials - start)
            try await store.database.transaction { sql in
                for n in start..<(start + count) {
                    let day = CalendarDay(year: 2026, month: 11, day: 1 + n % 28)!
                    let patient = try await Self.insertId(sql, "patients", [
                        ("external_id", SQLBind("BP-\(n)")), ("name", SQLBind("Paciente \(n)")), ("card_number", SQLBind(String(format: "%016d", n + 1))),
                        ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))])
                    let encounter = try await Self.insertId(sql, "encounters", [
                        ("external_id", SQLBind("BE-\(n)")), ("company_id", SQLBind(companyId)), ("patient_id", SQLBind(patient)),
                        ("payer_id", SQLBind(payerId)), ("type", SQLBind(EncounterType.sadt.rawValue)), ("authorization_number", SQLBind("AUT-\(n)")),
                        ("requesting_professional", SQLBind("CRM 123456")), ("started_at", SQLBind(day.iso + "T08:00")),
                        ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))])
                    let account = try await Self.insertId(sql, "accounts", [
                        ("external_id", SQLBind("BA-\(n)")), ("encounter_id", SQLBind(encounter)), ("created_at", SQLBind(now))])
                    let partial = try await Self.insertId(sql, "partial_bills", [
                        ("external_id", SQLBind("BP-\(n)")), ("account_id", SQLBind(account)), ("company_id", SQLBind(companyId)),
                        ("payer_id", SQLBind(payerId)), ("period_start", SQLBind(day.iso)), ("period_end", SQLBind(day.iso)),
                        ("status", SQLBind(PartialStatus.closed.rawValue)), ("version", SQLBind(2)), ("closed_at", SQLBind(now)),
                        ("closed_by", SQLBind("bench")), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))])
                    var insert = sql.insert(into: "charge_items").columns(
                        "external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day", "quantity",
                        "executing_professional", "fee_part", "unit_value", "base_unit_value", "total", "pricing_status", "created_at", "updated_at")
                    for i in 0..<itemsPerPartial {
                        let exam = i < 6
                        let value = Int64(exam ? 25_000 + i * 1_000 : 1_500)
                        insert = insert.values(
                            SQLBind("BI-\(n)-\(i)"), SQLBind(partial), SQLBind((exam ? ChargeItemKind.exam : .material).rawValue),
                            SQLBind((exam ? PriceTableKind.cbhpm : .material).rawValue), SQLBind(String((exam ? 41_001_010 : 70_000_001) + i * 10)),
                            SQLBind(exam ? "Exame \(i + 1)" : "Material \(i + 1)"), SQLBind(day.iso + "T\(10 + i):00"), SQLBind(day.iso),
                            SQLBind(Quantity.one.tenThousandths), SQLBind("Médico Bench"), SQLBind(value), SQLBind(value), SQLBind(value), SQLBind(value),
                            SQLBind(PricingStatus.priced.rawValue), SQLBind(now), SQLBind(now))
                    }
                    try await insert.run()
                }
            }
        }
        return (companyId, payerId)
    }

    static func insertId(_ sql: any SQLDatabase, _ table: String, _ values: [(String, SQLBind)]) async throws -> Int {
        guard let row = try await sql.insert(into: table).columns(values.map(\.0)).values(values.map(\.1)).returning("id").first() else {
            throw FaturaError.noIdReturned(table: table)
        }
        return try row.decode(column: "id", as: Int.self)
    }
}
