@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import SQLKit
import Testing

/// The SP/SADT sample batch (`synthetic_lote_spsadt_4.03.00.xml`) as an invoice sent to a payer:
/// claim SADT000001 in batch 1, protocol 123456, its five items — 1 40202666 R$ 850,00, 2 40601110
/// R$ 100,00, 3 MAT0001 R$ 25,00, 4 90055888 R$ 12,00, 5 60000465 R$ 150,00 (R$ 1.137,00), all on
/// 12/03/2026 — so the sample statement answers it. Built through the real doors (HIS, close,
/// invoice close), then the claim's one priced line is swapped for the sample's five.
struct StatementFixture {
    let store: Store
    let billing: Billing
    let payerId: Int
    let companyId: Int
    let invoiceId: Int

    static let sampleItems: [(table: String, code: String, cents: Int64)] = [
        ("22", "40202666", 85_000), ("22", "40601110", 10_000), ("00", "MAT0001", 2_500), ("20", "90055888", 1_200), ("18", "60000465", 15_000),
    ]

    static func sample(_ name: String) throws -> [UInt8]? {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes (../shared ou FATURA_REFERENCE_DATA)") }
            return nil
        }
        return Array(try Data(contentsOf: folder.appendingPathComponent("tiss/samples/\(name)")))
    }

    /// The fixture with the sample statement imported (two glosas: 1705 of 50,00, 2010 of 25,00);
    /// nil when the reference data is absent (`sample` records it under CI).
    static func withSampleStatement(_ store: Store) async throws -> StatementFixture? {
        guard let bytes = try sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return nil }
        let f = try await make(store)
        _ = try await f.billing.statements.importXML(bytes, fileName: nil, payerId: f.payerId, by: .system)
        return f
    }

    /// `extra` items are appended after the sample's five (sequence 6, 7, …).
    static func make(_ store: Store, appealDays: Int = 40, appealRounds: Int = 2, extra: [(table: String, code: String, cents: Int64)] = []) async throws -> StatementFixture {
        let f = try await PricingFixture.make(store)
        let billing = store.billing(on: CalendarDay(year: 2026, month: 12, day: 4)!)
        _ = try await store.professionals.create(InvoiceTests.doctor, by: .system)
        _ = try await billing.his.ingest(InvoiceTests.document(f, encounter: "ATD-S", partial: "SADT000001", patient: "PAC-S", card: "00000000000000001"), by: .system)
        for partial in try await store.accounts.partials(.init(companyId: f.companyId)).items { try await billing.closing.close(partial.id, by: .system) }
        _ = try await store.payerTerms.save(PayerTerms(payerId: f.payerId, companyId: f.companyId, delivery: .dayOfFollowingMonth(10),
                                                       appealDays: appealDays, appealRounds: appealRounds, providerCode: "HOSP0001"),
                                            expectedVersion: nil, by: .system)
        var invoice = try await billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-11", by: .system)
        invoice = try await billing.invoices.close(invoice.id!, expectedVersion: invoice.version, by: .system)
        invoice = try await billing.invoices.markSent(invoice.id!, on: CalendarDay(year: 2026, month: 12, day: 3), channel: .portal, protocolNumber: "123456",
                                                      expectedVersion: invoice.version, by: .system)
        let invoiceId = invoice.id!.rawValue
        let items = sampleItems + extra
        let total = items.reduce(Int64(0)) { $0 + $1.cents }
        try await store.database.transaction { sql in
            let claimId = try await sql.select().column("id").from("invoice_claims").where("invoice_id", .equal, SQLBind(invoiceId)).first()!
                .decode(column: "id", as: Int.self)
            try await sql.delete(from: "invoice_claim_items").where("claim_id", .equal, SQLBind(claimId)).run()
            for (index, item) in items.enumerated() {
                try await sql.insert(into: "invoice_claim_items")
                    .columns("claim_id", "invoice_id", "sequence", "table_code", "code", "description", "performed_on", "total")
                    .values(SQLBind(claimId), SQLBind(invoiceId), SQLBind(index + 1), SQLBind(item.table), SQLBind(item.code),
                            SQLBind("ITEM \(item.code)"), SQLBind("2026-03-12"), SQLBind(item.cents)).run()
            }
            try await sql.update("invoice_claims").set("total", to: SQLBind(total)).where("id", .equal, SQLBind(claimId)).run()
            try await sql.update("invoice_batches").set("total", to: SQLBind(total)).where("invoice_id", .equal, SQLBind(invoiceId)).run()
            try await sql.update("invoices").set("total", to: SQLBind(total)).where("id", .equal, SQLBind(invoiceId)).run()
            // The sample statement is from the operator of ANS registry 999999.
            try await sql.update("payers").set("ans_registry", to: SQLBind("999999")).where("id", .equal, SQLBind(f.payerId)).run()
        }
        return StatementFixture(store: store, billing: billing, payerId: f.payerId, companyId: f.companyId, invoiceId: invoiceId)
    }

    func glosas(_ filter: GlosaFilter = GlosaFilter()) async throws -> [Glosa] {
        try await store.glosas.list(filter).items.sorted { $0.sequence < $1.sequence }
    }

    /// The invoice's claims reconciled, summed.
    func invoiceBalance() async throws -> Reconciliation {
        try await store.statements.reconciliation(of: invoiceId).reduce(Reconciliation()) { $0 + $1.balance }
    }
}
