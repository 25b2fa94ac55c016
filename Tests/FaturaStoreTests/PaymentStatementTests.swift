@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import SQLKit
import Testing

/// The payer's `demonstrativoPagamento` and `situacaoProtocolo` against the sample invoice (sent
/// 03/12/2026, protocol 123456, presented 1.137,00, released 1.062,00 by the sample analysis), on
/// both databases: what was paid lands on the invoice once, what matches nothing is listed, what
/// does not add up is flagged, a broken or hostile file saves nothing.
@Suite struct PaymentStatementTests {
    static func count(_ table: String, _ store: Store) async throws -> Int {
        try await store.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aPaymentStatementPaysTheInvoiceOnceWithItsDebitsAndCredits(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let result = try await f.billing.payments.importXML(PayerMessageXML.payment(), fileName: "dp.xml", payerId: f.payerId, by: .system)
            #expect(!result.alreadyImported && result.protocols == 1 && result.paid == 1 && result.unmatched == 0 && result.problems == [])
            // Gross 1.062,00; net 1.062,00 − 21,24 ISS + 10,00 = 1.050,76.
            #expect(result.gross.cents == 106_200 && result.net.cents == 105_076)
            #expect(try await store.statements.paid(invoiceId: f.invoiceId).cents == 106_200)
            #expect(try await store.invoices.find(ID(f.invoiceId))?.status == .partiallyReceived)
            let stored = try #require(try await store.paymentStatements.find(result.statementId))
            #expect(stored.number == "DP-2026-001" && stored.fileName == "dp.xml" && [stored.gross.cents, stored.debits.cents, stored.credits.cents, stored.net.cents] == [106_200, 2_124, 1_000, 105_076])
            let protocols = try await store.paymentStatements.protocols(of: result.statementId)
            #expect(protocols.map(\.invoiceId) == [f.invoiceId] && protocols.map(\.claims) == [1] && protocols.map(\.released.cents) == [106_200])
            #expect(try await store.paymentStatements.adjustments(of: result.statementId).map { [$0.adjustment.isDebit ? 1 : 0, Int($0.adjustment.amount.cents)] } == [[1, 2_124], [0, 1_000]])
            // An invoice's presented = paid + glosa + pending still holds: 1.137,00 = 1.062,00 + 75,00 + 0.
            let balance = try await f.invoiceBalance()
            #expect(balance.presented.cents == 113_700 && balance.glosa.cents == 7_500)
            try await TrackingMapStoreTests.expectSumsAgree(store, "payment statement")

            // The same file again changes nothing.
            let again = try await f.billing.payments.importXML(PayerMessageXML.payment(), fileName: "dp.xml", payerId: f.payerId, by: .system)
            #expect(again.alreadyImported && again.statementId == result.statementId && again.paid == 1)
            #expect(try await store.statements.paid(invoiceId: f.invoiceId).cents == 106_200)
            #expect(try await Self.count("payment_statements", store) == 1)
            // Another file with the same number is a conflict, not a second payment.
            await expectRefusal("statement_conflict") {
                _ = try await f.billing.payments.importXML(PayerMessageXML.payment(paidOn: "2026-12-05"), fileName: nil, payerId: f.payerId, by: .system)
            }
            #expect(try await store.statements.paid(invoiceId: f.invoiceId).cents == 106_200)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aProtocolOfNoInvoiceOrPaidBeforeSendingIsListedNotPaid(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let stranger = PayerMessageXML.payment(number: "DP-2", protocols: [.init(protocolNumber: "777")])
            let result = try await f.billing.payments.importXML(stranger, fileName: nil, payerId: f.payerId, by: .system)
            #expect(result.protocols == 1 && result.paid == 0 && result.unmatched == 1)
            #expect(try await store.paymentStatements.protocols(of: result.statementId).map(\.unmatchedReason)
                == ["nenhuma fatura enviada a este convênio tem o protocolo 777"])
            // Paid on 02/12, the day before the invoice was sent: not this invoice's payment.
            let early = try await f.billing.payments.importXML(PayerMessageXML.payment(number: "DP-3", paidOn: "2026-12-02"), fileName: nil, payerId: f.payerId, by: .system)
            #expect(early.unmatched == 1)
            #expect(try await store.paymentStatements.protocols(of: early.statementId).map(\.unmatchedReason)
                == ["pagamento em 02/12/2026, antes do envio da fatura (03/12/2026)"])
            #expect(try await store.statements.paid(invoiceId: f.invoiceId) == .zero)
            #expect(try await store.invoices.find(ID(f.invoiceId))?.status == .sent)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aStatementThatDoesNotAddUpIsFlaggedAndABrokenOneSavesNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let flagged = try await f.billing.payments.importXML(PayerMessageXML.payment(released: "1000.00", net: "1000.00", statedGross: "1000.00"),
                                                                 fileName: nil, payerId: f.payerId, by: .system)
            // What each protocol released is recorded as stated; the totals that do not add up are kept to be seen.
            #expect(flagged.problems.first == "Pagamento de 04/12/2026: total liberado declarado R$ 1.000,00, mas a soma do que ele traz é R$ 1.062,00.")
            #expect(try await store.paymentStatements.find(flagged.statementId)?.problems == flagged.problems)
            #expect(try await store.statements.paid(invoiceId: f.invoiceId).cents == 106_200)

            let before = try await Self.count("payment_statements", store)
            let hostile = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x><tipoTransacao>DEMONSTRATIVO_PAGAMENTO</tipoTransacao>&e;</x>"#
            await expectRefusal("statement_unreadable") {
                _ = try await f.billing.payments.importXML(Array(hostile.utf8), fileName: nil, payerId: f.payerId, by: .system)
            }
            await expectRefusal("statement_unreadable") {
                _ = try await f.billing.payments.importXML(Array(PayerMessageXML.payment(number: "DP-9").prefix(2_000)), fileName: nil, payerId: f.payerId, by: .system)
            }
            // A payment dated twenty years ago is not plausible.
            await expectRefusal("statement_unreadable") {
                _ = try await f.billing.payments.importXML(PayerMessageXML.payment(number: "DP-8", paidOn: "2006-12-04"), fileName: nil, payerId: f.payerId, by: .system)
            }
            #expect(try await Self.count("payment_statements", store) == before)
            #expect(try await store.statements.paid(invoiceId: f.invoiceId).cents == 106_200)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theProtocolSituationIsSetOnTheBatchUnlessALaterOneIsKnown(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let result = try await f.billing.payments.importSituation(PayerMessageXML.situation(status: "3"), payerId: f.payerId, by: .system)
            let day = CalendarDay(year: 2026, month: 12, day: 4)!
            #expect(result == .init(protocolNumber: "123456", situation: .releasedForPayment, statedOn: day, invoiceId: f.invoiceId, batches: 1))
            var batch = try #require(try await store.invoices.batches(of: ID(f.invoiceId)).first)
            #expect(batch.payerSituation == .releasedForPayment && batch.payerSituationOn == day)
            // An older message does not undo what a later one said.
            let older = try await f.billing.payments.importSituation(PayerMessageXML.situation(status: "2", date: "2026-12-03"), payerId: f.payerId, by: .system)
            #expect(older.batches == 0)
            batch = try #require(try await store.invoices.batches(of: ID(f.invoiceId)).first)
            #expect(batch.payerSituation == .releasedForPayment)
            // A protocol no invoice has is refused on the file; the payer's error message too.
            #expect(await expectValidation {
                _ = try await f.billing.payments.importSituation(PayerMessageXML.situation(protocol: "999"), payerId: f.payerId, by: .system)
            }.map(\.field) == ["file"])
            await expectRefusal("statement_unreadable") {
                _ = try await f.billing.payments.importSituation(PayerMessageXML.situation(error: "Protocolo inexistente"), payerId: f.payerId, by: .system)
            }
        }
    }
}
