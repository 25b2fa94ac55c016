import FaturaDomain
import Foundation
import SQLKit

extension BenchData {
    /// For `fatura bench statements`: `claims` claims P-1…P-n of `itemsPerClaim` lines each, sent to
    /// one payer (ANS 123455) in batches of 100 with protocols PRT-1, PRT-2…, exactly what the
    /// generated statement answers (item k of every claim: code 40901114 + k, 10/11/2026,
    /// R$ 250,00 + k × R$ 10,00). Straight into the tables; not what is measured.
    public func generateBilledClaims(_ claims: Int, itemsPerClaim: Int = 10) async throws -> (payerId: Int, items: Int) {
        let (companyId, payerId) = try await generateClosedPartials(1, itemsPerPartial: 1)
        let now = Timestamp.now()
        let partialId = try await store.database.read { sql in
            try await sql.select().column("id").from("partial_bills").where("payer_id", .equal, SQLBind(payerId)).first()!.decode(column: "id", as: Int.self)
        }
        let invoiceId = try await store.database.transaction { sql in
            try await Self.insertId(sql, "invoices", [
                ("company_id", SQLBind(companyId)), ("payer_id", SQLBind(payerId)), ("number", SQLBind(1)), ("competence", SQLBind("2026-11")),
                ("status", SQLBind(InvoiceStatus.sent.rawValue)), ("claims", SQLBind(claims)), ("total", SQLBind(0)), ("created_at", SQLBind(now)),
                ("created_by", SQLBind("bench")), ("sent_on", SQLBind("2026-12-05")), ("sent_channel", SQLBind("portal"))])
        }
        let perClaim = Int64((0..<itemsPerClaim).reduce(0) { $0 + 25_000 + $1 * 1_000 })
        let total = perClaim * Int64(claims)
        for batchStart in stride(from: 0, to: claims, by: 100) {
            let count = min(100, claims - batchStart), number = batchStart / 100 + 1
            try await store.database.transaction { sql in
                let batchId = try await Self.insertId(sql, "invoice_batches", [
                    ("invoice_id", SQLBind(invoiceId)), ("payer_id", SQLBind(payerId)), ("number", SQLBind(number)), ("claim_type", SQLBind("sp_sadt")),
                    ("tiss_version", SQLBind("4.03.00")), ("hash_encoding", SQLBind("iso-8859-1")), ("claims", SQLBind(count)), ("total", SQLBind(0)),
                    ("hash", SQLBind("")), ("xml_base64", SQLBind("")), ("generated_at", SQLBind(now)), ("protocol_number", SQLBind("PRT-\(number)")),
                    ("protocol_on", SQLBind("2026-12-05"))])
                var insert = sql.insert(into: "invoice_claims").columns("invoice_id", "batch_id", "partial_id", "number", "claim_type", "total")
                for claim in batchStart..<(batchStart + count) {
                    let value = Int64((0..<itemsPerClaim).reduce(0) { $0 + 25_000 + $1 * 1_000 })
                    insert = insert.values(SQLBind(invoiceId), SQLBind(batchId), SQLBind(partialId), SQLBind("P-\(claim + 1)"), SQLBind("sp_sadt"), SQLBind(value))
                }
                try await insert.run()
                let ids = try await sql.select().column("id").column("number").from("invoice_claims").where("batch_id", .equal, SQLBind(batchId)).all()
                var items = sql.insert(into: "invoice_claim_items").columns("claim_id", "invoice_id", "sequence", "table_code", "code", "description", "performed_on", "total")
                for row in ids {
                    let claimId = try row.decode(column: "id", as: Int.self)
                    for item in 0..<itemsPerClaim {
                        let value = Int64(25_000 + item * 1_000)
                        items = items.values(SQLBind(claimId), SQLBind(invoiceId), SQLBind(item + 1), SQLBind("22"), SQLBind(String(40_901_114 + item)),
                                             SQLBind("EXAME DE IMAGEM \(item + 1)"), SQLBind("2026-11-10"), SQLBind(value))
                    }
                }
                try await items.run()
            }
        }
        try await store.database.write { sql in
            try await sql.update("invoices").set("total", to: SQLBind(total)).where("id", .equal, SQLBind(invoiceId)).run()
        }
        try await Self.analyze(store.database)
        return (payerId, claims * itemsPerClaim)
    }
}
