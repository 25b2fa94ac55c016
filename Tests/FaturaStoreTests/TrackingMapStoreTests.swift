@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// The tracking map's row of the sample invoice (`StatementFixture`: presented 1.137,00, sent
/// 03/12/2026 with protocol 123456, competence 11/2026, deadline the 10th of the following month),
/// followed from the statement through two rounds of appeal and a partial payment, worked out by hand.
@Suite struct TrackingMapStoreTests {
    static func row(_ f: StatementFixture, _ filter: TrackingMapFilter? = nil) async throws -> TrackingMapRow? {
        let filter = filter ?? TrackingMapFilter(companyId: f.companyId)
        return try await f.billing.trackingMap.map(filter).map.rows.first { $0.invoiceId == f.invoiceId }
    }

    /// The map's kept sums (`InvoiceMoney`) are what the rows add up to, recomputed from scratch.
    static func expectSumsAgree(_ store: Store, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let disagreeing = try await store.database.read { try await InvoiceMoney.disagreements(on: $0) }
        #expect(disagreeing == [], "\(step)", sourceLocation: sourceLocation)
    }

    @Test(arguments: TestDatabase.kinds)
    func theRowFollowsTheInvoiceFromStatementToAppealsAndPayment(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            try await Self.expectSumsAgree(store, "statement imported")
            var row = try #require(try await Self.row(f))
            #expect(row.competence == Competence("2026-11") && row.status == .sent && row.claims == 1)
            #expect(row.protocols == ["123456"] && row.batchNumbers.count == 1)
            #expect(row.deadline == CalendarDay(year: 2026, month: 12, day: 10) && row.sentOn == CalendarDay(year: 2026, month: 12, day: 3))
            // 30 days after delivery (the terms' default): Saturday 02/01/2027 → Monday 04/01/2027.
            #expect(row.paymentExpected == CalendarDay(year: 2027, month: 1, day: 4))
            // The statement: released 1.062,00, glosas 1705 (50,00) and 2010 (25,00), nothing decided.
            #expect([row.presented, row.released, row.glosa, row.pending, row.paid, row.balance].map(\.cents) == [113_700, 106_200, 7_500, 0, 0, 113_700])

            let glosas = try await f.glosas()
            let (g1705, g2010) = (glosas[0], glosas[1])
            _ = try await f.billing.glosas.accept(g2010.id, note: "Material incluso na taxa.", expectedVersion: g2010.version, by: .system)
            try await Self.expectSumsAgree(store, "accepted")
            var appeal = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .items, justifications: [g1705.id: "Laudo anexo."]), by: .system)
            appeal = try await f.billing.appeals.send(appeal.id!, on: StatementTests.reference, protocol: "REC-1", expectedVersion: appeal.version, by: .system)
            try await Self.expectSumsAgree(store, "appeal sent")
            row = try #require(try await Self.row(f))
            // 25,00 written off; 50,00 under appeal: balance 1.137,00 − 25,00 = 1.112,00.
            #expect([row.underAppeal, row.writtenOff, row.lost, row.recovered, row.balance].map(\.cents) == [5_000, 2_500, 0, 0, 111_200])

            // Round 1 recovers 20,00; round 2 (the last) is denied: 30,00 lost.
            _ = try await f.billing.appeals.answer(appeal.id!, accepted: [g1705.id: Money(cents: 2_000)], on: StatementTests.reference, expectedVersion: appeal.version, by: .system)
            try await Self.expectSumsAgree(store, "first answer")
            var second = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .wholeClaim, justification: "Reapresentamos o laudo."), by: .system)
            second = try await f.billing.appeals.send(second.id!, on: StatementTests.reference, protocol: nil, expectedVersion: second.version, by: .system)
            _ = try await f.billing.appeals.answer(second.id!, accepted: [:], on: StatementTests.reference, expectedVersion: second.version, by: .system)
            // A partial payment of 800,00.
            try await f.billing.statements.recordPayment(invoiceId: f.invoiceId, on: StatementTests.reference, amount: Money(cents: 80_000), reference: "TED 1", by: .system)
            try await Self.expectSumsAgree(store, "second round lost, partial payment")
            row = try #require(try await Self.row(f))
            #expect(row.status == .partiallyReceived)
            // Glosa 75,00 = 25,00 written off + 20,00 recovered + 30,00 lost; given up 55,00;
            // balance 1.137,00 − 800,00 − 55,00 = 282,00.
            #expect([row.glosa, row.writtenOff, row.recovered, row.lost, row.underAppeal, row.givenUp, row.paid, row.balance].map(\.cents)
                    == [7_500, 2_500, 2_000, 3_000, 0, 5_500, 80_000, 28_200])

            // Filters: another payer, a range without 11/2026, and a status it is not in leave it out.
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, payerId: f.payerId + 1000)) == nil)
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, from: Competence("2026-12"))) == nil)
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, status: .sent)) == nil)
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, from: Competence("2026-11"), to: Competence("2026-11"), status: .partiallyReceived)) != nil)
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId + 1000)) == nil)
            // With balance: kept; sent on 03/12 before the 10/12 deadline and today (04/12) before the payment day: not late.
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, withBalance: true)) != nil)
            #expect(try await Self.row(f, TrackingMapFilter(companyId: f.companyId, lateOnly: true)) == nil)

            // The CSV of that map: the header, then the row as it reads on screen.
            let map = try await f.billing.trackingMap.map(TrackingMapFilter(companyId: f.companyId)).map
            let lines = String(decoding: CSVWriter.write(TrackingMapService.table(map)).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0] == "Convênio;Competência;Fatura · lotes;Protocolo;Guias;Apresentado;Prazo de entrega;Enviada em;Pagamento previsto;Pago;Glosa;Em recurso;Recuperado;Baixado;Saldo;Situação")
            let cells = lines[1].components(separatedBy: ";")
            #expect(Array(cells[1...]) == ["11/2026", cells[2], "123456", "1", "1137,00", "10/12/2026", "03/12/2026", "04/01/2027", "800,00", "75,00", "0,00", "20,00",
                                           "55,00", "282,00", "Recebida parcialmente"])
            #expect(lines[2].hasPrefix("Total;;1 fatura;;1;1137,00;;;;800,00;75,00;0,00;20,00;55,00;282,00;"))

            let timeline = try await f.billing.trackingMap.timeline(of: f.invoiceId)
            // The invoice's timeline: by day, each appeal's events together (the fixture sends it on
            // 03/12 and its clock creates it on 04/12; the sample statement is dated 20/04/2026).
            #expect(timeline.map { "\($0.day.iso) \($0.entry.text)" } == [
                "2026-04-20 Demonstrativo DEM000001: liberado R$ 1.062,00, glosado R$ 75,00",
                "2026-12-03 Enviada ao convênio (Portal do convênio)",
                "2026-12-03 Protocolo 123456 registrado",
                "2026-12-04 Fatura criada",
                "2026-12-04 Fechada com R$ 1.137,00",
                "2026-12-04 Pagamento de R$ 800,00 — TED 1",
                "2026-12-04 Recurso nº 1 preparado: R$ 50,00 recorridos",
                "2026-12-04 Recurso nº 1 enviado (protocolo REC-1)",
                "2026-12-04 Recurso nº 1 respondido: R$ 20,00 acatados",
                "2026-12-04 Recurso nº 2 preparado: R$ 30,00 recorridos",
                "2026-12-04 Recurso nº 2 enviado",
                "2026-12-04 Recurso nº 2 respondido: R$ 0,00 acatados",
            ])
            #expect(timeline[0].entry.subject == .statement(try #require(try await store.statements.list(payerId: f.payerId, page: 1, perPage: 1).items.first).id))
            #expect(timeline[3].time != nil && timeline[1].time == nil)

            // The indicators over 11/2026: glosa 75,00 of 1.137,00 presented = 6,60% (6,5963… half up);
            // by reason 1705 50,00 (4,40%), recovered 20,00 of 50,00 answered = 40,00%; 2010 25,00 (2,20%).
            let queries = IndicatorQueries(database: store.database)
            let scope = IndicatorQueries.Scope(companyId: f.companyId, from: Competence("2026-11")!, to: Competence("2026-11")!)
            let byPayer = try await queries.glosaBreakdown(.payer, scope)
            #expect(byPayer.map { [$0.presented.cents, $0.glosa.cents, Int64($0.count)] } == [[113_700, 7_500, 2]])
            #expect(byPayer.first?.rate == Percentage(basisPoints: 660))
            let byReason = try await queries.glosaBreakdown(.reason, scope)
            #expect(byReason.map(\.key) == ["1705", "2010"])
            #expect(byReason.map(\.rate) == [Percentage(basisPoints: 440), Percentage(basisPoints: 220)])
            #expect(byReason.map(\.recoveryRate) == [Percentage(basisPoints: 4_000), nil])
            for dimension in [IndicatorQueries.Dimension.kind, .sector, .month, .biller] {
                let rows = try await queries.glosaBreakdown(dimension, scope)
                #expect(rows.reduce(Money.zero) { $0 + $1.glosa }.cents == 7_500, "\(dimension)")
                if dimension != .kind { #expect(rows.reduce(Money.zero) { $0 + $1.presented }.cents == 113_700, "\(dimension)") }
            }
            // All six at once (the indicators page's one read) are the six asked one by one.
            let all = try await queries.glosaBreakdowns(IndicatorQueries.Dimension.allCases, scope)
            for dimension in IndicatorQueries.Dimension.allCases {
                let one = try await queries.glosaBreakdown(dimension, scope)
                #expect(all[dimension].map { $0.map { [$0.key, "\($0.presented.cents)", "\($0.glosa.cents)", "\($0.count)", "\($0.recovered.cents)", "\($0.lost.cents)"] } }
                        == one.map { [$0.key, "\($0.presented.cents)", "\($0.glosa.cents)", "\($0.count)", "\($0.recovered.cents)", "\($0.lost.cents)"] }, "\(dimension)")
            }
            // Sent 03/12, first paid 04/12: one day.
            #expect(PaymentDelay.byPayer(try await queries.paymentDelays(scope)).map(\.averageTenths) == [10])
            // Where the money is: 800,00 paid + 55,00 given up + 20,00 recovered to receive + 262,00 open = 1.137,00.
            let sections = try await f.billing.indicators.sections(scope)
            let money = try #require(sections.first { $0.id == "dinheiro" })
            #expect(money.table.rows.map(\.cells) == [[.text("11/2026"), .money(Money(cents: 113_700)), .money(Money(cents: 80_000)), .money(Money(cents: 5_500)),
                                                       .money(Money(cents: 2_000)), .money(Money(cents: 26_200))]])
            #expect(money.series.map(\.name) == ["Pago", "Baixado", "Recuperado a receber", "Em aberto"])
            // The fixture's one invoice is sent and no partial is held: nothing at risk, nothing blocked (the
            // demo's values are checked on the indicators page); the same SQL runs on both databases.
            #expect(try await queries.deadlinesAtRisk(companyId: f.companyId, until: CalendarDay(year: 2027, month: 12, day: 31)!).isEmpty)
            #expect(try await queries.blockedPartials(companyId: f.companyId).isEmpty)
            var open = try await f.billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-12", by: .system)
            open = try #require(try await store.invoices.find(open.id!))
            let risky = try await queries.deadlinesAtRisk(companyId: f.companyId, until: try #require(open.deadline))
            #expect(risky.map(\.invoiceId) == [open.id!.rawValue] && risky.first?.total == .zero)
            // An empty period is empty, not an error.
            let none = IndicatorQueries.Scope(companyId: f.companyId, from: Competence("2020-01")!, to: Competence("2020-12")!)
            let emptyReasons = try await queries.glosaBreakdown(.reason, none), emptyPayers = try await queries.glosaBreakdown(.payer, none)
            #expect(emptyReasons.isEmpty && emptyPayers.isEmpty)

            // Settling: refused while 282,00 is still to receive, the message says so; paid in full, it settles.
            let refused = await expectRefusal("invoice_state") {
                try await f.billing.trackingMap.settle(f.invoiceId, expectedVersion: nil, by: .system)
            }
            #expect(refused?.message == "A fatura \(row.number) está recebida parcialmente: não é possível liquidá-la: o saldo ainda é R$ 282,00 (apresentado − pago − baixado).")
            try await f.billing.statements.recordPayment(invoiceId: f.invoiceId, on: StatementTests.reference, amount: Money(cents: 28_200), reference: "TED 2", by: .system)
            try await Self.expectSumsAgree(store, "paid in full")
            let paidInFull = try await Self.row(f)
            #expect(paidInFull?.settlementBlocker == nil)
            let settled = try await f.billing.trackingMap.settle(f.invoiceId, expectedVersion: nil, by: .system)
            let after = try await Self.row(f)
            #expect(settled.status == .settled && after?.balance == .zero && after?.status == .settled)
            await expectRefusal("invoice_state") { try await f.billing.trackingMap.settle(f.invoiceId, expectedVersion: nil, by: .system) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theRiskHistoryCountsWhatThePayerDeniedOfEachCode(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let queries = GlosaRiskQueries(database: store.database)
            let since = CalendarDay(year: 2025, month: 12, day: 4)!
            let history = try await queries.history(companyId: f.companyId, since: since, payerIds: [f.payerId])
            // The five items billed once each; 40601110 denied 50,00 of 100,00 (1705), MAT0001 25,00 (2010).
            #expect(history.count == 5 && history.reduce(0) { $0 + $1.billed } == 5 && history.reduce(0) { $0 + $1.denied } == 2)
            #expect(history.reduce(Money.zero) { $0 + $1.deniedValue }.cents == 7_500)
            let first = try #require(history.first { $0.code == "40601110" })
            #expect([first.billed, first.denied, first.topReasonCount] == [1, 1, 1] && first.deniedValue.cents == 5_000 && first.topReason == "1705")
            #expect(history.first { $0.code == "MAT0001" }.map { [$0.denied, Int($0.deniedValue.cents)] } == [1, 2_500])
            #expect(try await queries.history(companyId: f.companyId, since: since, payerIds: [f.payerId], codes: ["40601110"]).map(\.code) == ["40601110"])
            // Invoices sent before the window do not count.
            #expect(try await queries.history(companyId: f.companyId, since: CalendarDay(year: 2026, month: 12, day: 4)!, payerIds: [f.payerId]).isEmpty)
            // The rule: standard until saved; a saved one comes back; an absurd one is refused naming its fields, nothing saved.
            #expect(try await queries.rule(companyId: f.companyId) == .standard)
            let rule = GlosaRiskRule(minimumRate: Percentage(basisPoints: 1_250), minimumBilled: 1, months: 24)
            try await f.billing.glosaRisk.saveRule(rule, companyId: f.companyId, by: .system)
            #expect(try await queries.rule(companyId: f.companyId) == rule)
            #expect(await expectValidation { try await f.billing.glosaRisk.saveRule(GlosaRiskRule(minimumRate: Percentage(basisPoints: 10_001), minimumBilled: 1, months: 0),
                                                                                  companyId: f.companyId, by: .system) }.map(\.field) == ["minimumRate", "months"])
            #expect(try await queries.rule(companyId: f.companyId) == rule)
        }
    }

    /// The map over the bench's generated history (3 payers × 6 competences) against the sums a DBA
    /// would write straight over the tables: the map may never disagree with the rows.
    @Test(arguments: TestDatabase.kinds)
    func theMapsTotalsAreTheTablesOwnSums(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let data = try await BenchData(store: store).generateMapHistory(payers: 3, competences: 6, claimsPerInvoice: 4, last: Competence("2026-12")!)
            #expect(data.invoices == 18 && data.items == 720)
            let billing = store.billing(on: CalendarDay(year: 2026, month: 12, day: 20)!)
            let map = try await billing.trackingMap.map(TrackingMapFilter(companyId: data.companyId)).map
            let sums = try await store.database.read { sql in
                try await sql.raw("""
                    SELECT (SELECT CAST(SUM(total) AS BIGINT) FROM invoices WHERE company_id = \(bind: data.companyId)) AS presented,
                           (SELECT CAST(SUM(amount) AS BIGINT) FROM payments) AS paid,
                           (SELECT CAST(SUM(released) AS BIGINT) FROM statement_lines WHERE replaced_by IS NULL) AS released,
                           (SELECT CAST(SUM(value) AS BIGINT) FROM glosas) AS glosa,
                           (SELECT CAST(SUM(written_off + lost) AS BIGINT) FROM glosas) AS given_up,
                           (SELECT CAST(SUM(under_appeal) AS BIGINT) FROM glosas) AS under_appeal,
                           (SELECT CAST(SUM(recovered) AS BIGINT) FROM glosas) AS recovered
                    """).first()!
            }
            let sum = try Dictionary(uniqueKeysWithValues: ["presented", "paid", "released", "glosa", "given_up", "under_appeal", "recovered"].map {
                ($0, try sums.decode(column: $0, as: Int64.self))
            })
            #expect(map.rows.count == 18 && map.totals.claims == 72)
            #expect(map.totals.presented.cents == sum["presented"] && map.totals.paid.cents == sum["paid"])
            #expect(map.totals.released.cents == sum["released"] && map.totals.glosa.cents == sum["glosa"])
            #expect(map.totals.givenUp.cents == sum["given_up"] && map.totals.underAppeal.cents == sum["under_appeal"])
            #expect(map.totals.recovered.cents == sum["recovered"])
            #expect(map.totals.balance.cents == sum["presented"]! - sum["paid"]! - sum["given_up"]!)
            // Every identity holds over the generated data (as `fatura glosas check` verifies).
            let unbalanced = try await store.glosas.unbalanced(), unreconciled = try await store.statements.unreconciled()
            #expect(unbalanced.isEmpty && unreconciled.isEmpty)
            try await Self.expectSumsAgree(store, "generated history")
            // A change that bypassed the refresh (a hand edit: one centavo moved from lost to
            // recovered, the glosa's own identity still holding) is found, and a full refresh repairs it.
            let edited = try #require(try await store.database.read { sql in
                try await sql.raw("SELECT id, invoice_id FROM glosas WHERE lost > 0 ORDER BY id LIMIT 1").first()
            })
            let (glosaId, invoiceId) = (try edited.decode(column: "id", as: Int.self), try edited.decode(column: "invoice_id", as: Int.self))
            try await store.database.write { sql in
                try await sql.raw("UPDATE glosas SET lost = lost - 1, recovered = recovered + 1 WHERE id = \(bind: glosaId)").run()
            }
            let found = try await store.database.read { try await InvoiceMoney.disagreements(on: $0) }
            #expect(found == [invoiceId])
            try await store.database.transaction { try await InvoiceMoney.refreshAll(on: $0) }
            try await Self.expectSumsAgree(store, "after the repair")
            // The last competence is not sent yet: its 3 invoices are all that is pending.
            #expect(map.rows.filter { $0.sentOn == nil }.map(\.competence) == Array(repeating: Competence("2026-12")!, count: 3))
            #expect(map.totals.pending == map.rows.filter { $0.sentOn == nil }.reduce(Money.zero) { $0 + $1.presented })
        }
    }

    /// The counter the map's kept pages are checked against moves with every change to what the map
    /// shows, whoever writes it, and not with work the map does not show.
    @Test(arguments: TestDatabase.kinds)
    func theDataVersionMovesWithTheMapsDataAndOnlyWithIt(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            func version() async throws -> Int64 { try await store.database.moneyVersion() }
            let v0 = try await version()
            try await f.billing.statements.recordPayment(invoiceId: f.invoiceId, on: StatementTests.reference, amount: Money(cents: 10_000), reference: "TED 9", by: .system)
            let v1 = try await version()
            #expect(v1 > v0)
            // A payer renamed (its name is on every row) moves it too, written by hand as another program would.
            try await store.database.write { sql in try await sql.raw("UPDATE payers SET name = name || ' ' WHERE id = \(bind: f.payerId)").run() }
            let v2 = try await version()
            #expect(v2 > v1)
            // Sessions and the audit log are not on the map.
            try await store.database.write { sql in try await sql.raw("DELETE FROM sessions").run() }
            let v3 = try await version()
            #expect(v3 == v2)
            // A transaction that rewrites an invoice's sums twice: PostgreSQL bumps once, at commit.
            try await store.database.transaction { tx in
                try await InvoiceMoney.refresh([f.invoiceId], on: tx)
                try await InvoiceMoney.refresh([f.invoiceId], on: tx)
            }
            let v4 = try await version()
            #expect(kind == .postgres ? v4 == v3 + 1 : v4 > v3)
            // A transaction rolled back leaves it where it was.
            await #expect(throws: FaturaError.notFound(entity: "teste")) {
                try await store.database.transaction { tx in
                    try await InvoiceMoney.refresh([f.invoiceId], on: tx)
                    throw FaturaError.notFound(entity: "teste")
                }
            }
            let v5 = try await version()
            #expect(v5 == v4)
        }
    }
}
