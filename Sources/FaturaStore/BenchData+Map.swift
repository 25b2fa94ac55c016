import FaturaDomain
import Foundation
import SQLKit

/// Three years of a hospital's billing for `fatura bench map`: `payers` payers × `competences`
/// competences of one invoice each, `claimsPerInvoice` claims of 10 items (≈ 1 million items by
/// default), each sent invoice answered by a statement line per item, one item in 12 denied half
/// (glosas in every state: accepted, recovered, lost, under appeal, undecided) and paid what was
/// released. Written set-based over a numbers table, straight into the tables (not what is measured).
extension BenchData {
    public struct MapGenerated: Sendable {
        public var companyId: Int
        public var payerIds: [Int]
        public var first: Competence
        public var last: Competence
        public var invoices: Int
        public var items: Int
    }

    public func generateMapHistory(payers: Int = 30, competences: Int = 36, claimsPerInvoice: Int = 93, last: Competence,
                                   progress: (@Sendable (String) -> Void)? = nil) async throws -> MapGenerated {
        let (companyId, firstPayer) = try await generateClosedPartials(1, itemsPerPartial: 1)
        var payerIds = [firstPayer]
        for i in 1..<payers {
            payerIds.append(try await store.payers.create(Payer(name: "Convênio \(i + 1)", ansRegistry: String(format: "%06d", 400_000 + i)), by: .system).id.stored("payers"))
        }
        let partialId = try await store.database.read { sql in
            try await sql.select().column("id").from("partial_bills").where("company_id", .equal, SQLBind(companyId)).first()!.decode(column: "id", as: Int.self)
        }
        let first = last.adding(months: -(competences - 1))
        let invoices = payers * competences, itemsPerClaim = 10
        let claims = invoices * claimsPerInvoice, items = claims * itemsPerClaim
        let now = Timestamp.now(), kind = store.database.kind
        let bigint = kind == .postgres ? "BIGINT" : "INTEGER"
        // Literal ids made above (integers, never input), so the INSERTs stay set-based.
        let payer = "CASE " + payerIds.enumerated().map { "WHEN x.n % \(payers) = \($0) THEN \($1)" }.joined(separator: " ") + " END"

        try await store.database.write { sql in
            try await sql.raw("CREATE TABLE bench_numbers (n \(unsafeRaw: bigint) PRIMARY KEY)").run()
            try await sql.raw("""
                INSERT INTO bench_numbers (n) WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < \(bind: max(claims, invoices)))
                SELECT n FROM c
                """).run()
            // One row per competence: its text, the delivery deadline (10th of the next month) and
            // the day it was sent (a few days before; one competence in 7 two days late).
            try await sql.raw("CREATE TABLE bench_competences (n INTEGER PRIMARY KEY, competence TEXT NOT NULL, deadline TEXT NOT NULL, sent_on TEXT, paid_on TEXT)").run()
            var insert = sql.insert(into: "bench_competences").columns("n", "competence", "deadline", "sent_on", "paid_on")
            for n in 0..<competences {
                let competence = first.adding(months: n), deadline = competence.next.day(10)
                let sent = n % 7 == 3 ? deadline.adding(days: 2) : deadline.adding(days: -(n % 5))
                // The last competence is still being closed; the one before was sent but not paid yet.
                let lastOne = n == competences - 1, unpaid = n >= competences - 2
                insert = insert.values(SQLBind(n), SQLBind(competence.description), SQLBind(deadline.iso), lastOne ? SQLBind.optional(String?.none) : SQLBind(sent.iso),
                                       unpaid ? SQLBind.optional(String?.none) : SQLBind(sent.adding(days: 30 + n % 9).iso))
            }
            try await insert.run()
        }
        progress?("faturas e lotes")
        try await store.database.transaction { sql in
            try await sql.raw("""
                INSERT INTO invoices (id, company_id, payer_id, number, competence, status, version, deadline, claims, total, created_at, created_by, closed_at, closed_by,
                                      sent_on, sent_channel, sent_by, protocol_number, protocol_on)
                SELECT x.n + 1, \(bind: companyId), \(unsafeRaw: payer), x.n + 1, c.competence,
                       CASE WHEN c.sent_on IS NULL THEN 'closed' WHEN c.paid_on IS NULL THEN 'sent' ELSE 'partially_received' END, 1, c.deadline,
                       \(bind: claimsPerInvoice), 0, \(bind: now), 'bench', \(bind: now), 'bench',
                       c.sent_on, CASE WHEN c.sent_on IS NULL THEN NULL ELSE 'portal' END, CASE WHEN c.sent_on IS NULL THEN NULL ELSE 'bench' END,
                       CASE WHEN c.sent_on IS NULL THEN NULL ELSE 'PRT-' || CAST(x.n + 1 AS TEXT) END, c.sent_on
                FROM bench_numbers x JOIN bench_competences c ON c.n = x.n / \(unsafeRaw: String(payers))
                WHERE x.n < \(bind: invoices)
                """).run()
            try await sql.raw("""
                INSERT INTO invoice_batches (id, invoice_id, payer_id, number, claim_type, tiss_version, hash_encoding, claims, total, hash, xml_base64, generated_at)
                SELECT v.id, v.id, v.payer_id, v.id, 'sp_sadt', '4.03.00', 'iso-8859-1', v.claims, 0, '', '', \(bind: now) FROM invoices v WHERE v.company_id = \(bind: companyId)
                """).run()
        }
        progress?("\(claims) guias e \(items) itens")
        for start in stride(from: 0, to: claims, by: 20_000) {
            let end = min(start + 20_000, claims) - 1
            try await store.database.transaction { sql in
                try await sql.raw("""
                    INSERT INTO invoice_claims (id, invoice_id, batch_id, partial_id, number, claim_type, total)
                    SELECT x.n + 1, x.n / \(unsafeRaw: String(claimsPerInvoice)) + 1, x.n / \(unsafeRaw: String(claimsPerInvoice)) + 1, \(bind: partialId),
                           'G' || CAST(x.n + 1 AS TEXT), 'sp_sadt', 0
                    FROM bench_numbers x WHERE x.n BETWEEN \(bind: start) AND \(bind: end)
                    """).run()
                // Item k of claim c: one of 500 codes, R$ 10,00 to R$ 510,00.
                try await sql.raw("""
                    INSERT INTO invoice_claim_items (id, claim_id, invoice_id, sequence, table_code, code, description, performed_on, total)
                    SELECT x.n * 10 + k.n + 1, x.n + 1, x.n / \(unsafeRaw: String(claimsPerInvoice)) + 1, k.n + 1, '22',
                           CAST(40900000 + (x.n * 7 + k.n) % 500 AS TEXT), 'EXAME', c.competence || '-05', 1000 + ((x.n * 10 + k.n) * 37) % 50000
                    FROM bench_numbers x JOIN bench_numbers k ON k.n < \(unsafeRaw: String(itemsPerClaim))
                    JOIN bench_competences c ON c.n = (x.n / \(unsafeRaw: String(claimsPerInvoice))) / \(unsafeRaw: String(payers))
                    WHERE x.n BETWEEN \(bind: start) AND \(bind: end)
                    """).run()
            }
            progress?("  \(end + 1) de \(claims) guias")
        }
        progress?("totais, demonstrativos, glosas e pagamentos")
        try await store.database.transaction { sql in
            try await sql.raw("UPDATE invoice_claims SET total = (SELECT SUM(i.total) FROM invoice_claim_items i WHERE i.claim_id = invoice_claims.id) WHERE invoice_id <= \(bind: invoices)").run()
            try await sql.raw("UPDATE invoices SET total = (SELECT SUM(c.total) FROM invoice_claims c WHERE c.invoice_id = invoices.id) WHERE company_id = \(bind: companyId)").run()
            try await sql.raw("UPDATE invoice_batches SET total = (SELECT v.total FROM invoices v WHERE v.id = invoice_batches.invoice_id) WHERE payer_id IN (SELECT payer_id FROM invoices WHERE company_id = \(bind: companyId))").run()
            // A statement per sent invoice, 20 days after sending.
            try await sql.raw("""
                INSERT INTO statements (id, payer_id, number, issued_on, source, file_name, file_hash, lines, matched, informed, released, glosa, problems, imported_at, imported_by)
                SELECT v.id, v.payer_id, 'DEM-' || CAST(v.id AS TEXT), c.sent_on, 'xml', NULL, 'bench-' || CAST(v.id AS TEXT), 0, 0, 0, 0, 0, '', \(bind: now), 'bench'
                FROM invoices v JOIN bench_competences c ON c.competence = v.competence WHERE v.company_id = \(bind: companyId) AND v.sent_on IS NOT NULL
                """).run()
        }
        for start in stride(from: 0, to: items, by: 200_000) {
            let end = min(start + 200_000, items)
            try await store.database.transaction { sql in
                // Every item of a sent invoice answered; one in 12 denied half its value.
                try await sql.raw("""
                    INSERT INTO statement_lines (id, statement_id, position, claim_item_id, invoice_id, protocol_number, claim_number, sequence, performed_on,
                                                 table_code, code, informed, released, glosa, glosa_codes, match_state)
                    SELECT i.id, i.invoice_id, i.id, i.id, i.invoice_id, v.protocol_number, c.number, i.sequence, i.performed_on, i.table_code, i.code, i.total,
                           CASE WHEN i.id % 12 = 0 THEN i.total - i.total / 2 ELSE i.total END, CASE WHEN i.id % 12 = 0 THEN i.total / 2 ELSE 0 END,
                           CASE WHEN i.id % 12 = 0 THEN '1705' ELSE '' END, 'matched'
                    FROM invoice_claim_items i JOIN invoices v ON v.id = i.invoice_id JOIN invoice_claims c ON c.id = i.claim_id
                    WHERE i.id > \(bind: start) AND i.id <= \(bind: end) AND v.sent_on IS NOT NULL
                    """).run()
                // Each denial a glosa, its money in one of five states (accepted, recovered, lost, under appeal, undecided).
                try await sql.raw("""
                    INSERT INTO glosas (id, statement_line_id, statement_id, claim_item_id, invoice_id, payer_id, reason_code, kind, value, undecided, written_off,
                                        under_appeal, recovered, lost, rounds, max_rounds, status, appeal_due, created_at, updated_at)
                    SELECT l.id, l.id, l.statement_id, l.claim_item_id, l.invoice_id, v.payer_id,
                           CASE (l.id / 12) % 4 WHEN 0 THEN '1705' WHEN 1 THEN '2010' WHEN 2 THEN '1801' ELSE '3052' END,
                           CASE (l.id / 12) % 3 WHEN 0 THEN 'administrative' WHEN 1 THEN 'technical' ELSE 'contractual' END, l.glosa,
                           CASE WHEN (l.id / 12) % 5 = 4 THEN l.glosa ELSE 0 END, CASE WHEN (l.id / 12) % 5 = 0 THEN l.glosa ELSE 0 END,
                           CASE WHEN (l.id / 12) % 5 = 3 THEN l.glosa ELSE 0 END, CASE WHEN (l.id / 12) % 5 = 1 THEN l.glosa ELSE 0 END,
                           CASE WHEN (l.id / 12) % 5 = 2 THEN l.glosa ELSE 0 END,
                           CASE (l.id / 12) % 5 WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 1 ELSE 0 END, 2,
                           CASE (l.id / 12) % 5 WHEN 0 THEN 'written_off' WHEN 1 THEN 'recovered' WHEN 2 THEN 'lost' WHEN 3 THEN 'under_appeal' ELSE 'open' END,
                           v.sent_on, \(bind: now), \(bind: now)
                    FROM statement_lines l JOIN invoices v ON v.id = l.invoice_id
                    WHERE l.id > \(bind: start) AND l.id <= \(bind: end) AND l.glosa > 0
                    """).run()
            }
            progress?("  \(end) de \(items) itens analisados")
        }
        try await store.database.transaction { sql in
            try await sql.raw("""
                UPDATE statements SET lines = (SELECT COUNT(*) FROM statement_lines l WHERE l.statement_id = statements.id),
                       matched = (SELECT COUNT(*) FROM statement_lines l WHERE l.statement_id = statements.id),
                       informed = (SELECT COALESCE(SUM(l.informed), 0) FROM statement_lines l WHERE l.statement_id = statements.id),
                       released = (SELECT COALESCE(SUM(l.released), 0) FROM statement_lines l WHERE l.statement_id = statements.id),
                       glosa = (SELECT COALESCE(SUM(l.glosa), 0) FROM statement_lines l WHERE l.statement_id = statements.id)
                WHERE file_hash LIKE 'bench-%'
                """).run()
            // Paid what the statement released, 30 to 38 days after sending (not the last two competences).
            try await sql.raw("""
                INSERT INTO payments (payer_id, invoice_id, protocol_number, paid_on, amount, reference, source, created_at, created_by)
                SELECT v.payer_id, v.id, v.protocol_number, c.paid_on, s.released, 'TED', 'typed', \(bind: now), 'bench'
                FROM invoices v JOIN bench_competences c ON c.competence = v.competence JOIN statements s ON s.id = v.id
                WHERE v.company_id = \(bind: companyId) AND c.paid_on IS NOT NULL
                """).run()
            try await InvoiceMoney.refreshAll(on: sql)
            try await sql.raw("DROP TABLE bench_numbers").run()
            try await sql.raw("DROP TABLE bench_competences").run()
            if kind == .postgres {
                // Explicit ids leave the identity sequences behind; the application inserts after this.
                for table in ["invoices", "invoice_batches", "invoice_claims", "invoice_claim_items", "statements", "statement_lines", "glosas"] {
                    try await sql.raw("SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
                }
            }
        }
        try await Self.analyze(store.database)
        return MapGenerated(companyId: companyId, payerIds: payerIds, first: first, last: last, invoices: invoices, items: items)
    }
}
