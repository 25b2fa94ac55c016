import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// The payer's `demonstrativoPagamento` and `situacaoProtocolo` (4.03.00), read to the centavo,
/// and what is not one of them refused with its reason.
@Suite struct TISSPayerMessageTests {
    static func money(_ cents: Int64) -> Money { Money(cents: cents) }

    @Test func aPaymentStatementIsReadByDateProtocolAndClaimWithItsDebitsAndCredits() throws {
        let bytes = PayerMessageXML.payment()
        #expect(TISSPayerMessage.transaction(bytes) == "DEMONSTRATIVO_PAGAMENTO")
        let statement = try TISSPayerMessage.paymentStatement(bytes)
        #expect(statement.number == "DP-2026-001" && statement.payerANS == "999999" && statement.issuedOn == CalendarDay(year: 2026, month: 12, day: 4))
        let date = try #require(statement.dates.first)
        #expect(statement.dates.count == 1 && date.paidOn == CalendarDay(year: 2026, month: 12, day: 4) && date.method == "1")
        #expect(date.methodLabel == "Depósito/transferência bancária")
        let paid = try #require(date.protocols.first)
        #expect(paid.protocolNumber == "123456" && paid.batchNumber == "1" && paid.protocolDate == CalendarDay(year: 2026, month: 12, day: 3))
        #expect([paid.informed, paid.processed, paid.released, paid.glosa] == [Self.money(113_700), Self.money(113_700), Self.money(106_200), Self.money(7_500)])
        #expect(paid.claims == [PaidClaim(claimNumber: "SADT000001", processed: Self.money(113_700), released: Self.money(106_200))])
        #expect(date.adjustments == [PaymentAdjustment(isDebit: true, type: "02", description: "ISS", amount: Self.money(2_124)),
                                     PaymentAdjustment(isDebit: false, type: "08", description: "AJUSTE", amount: Self.money(1_000))])
        // 1.062,00 − 21,24 + 10,00 = 1.050,76.
        #expect([date.statedReleased, date.statedDebits, date.statedCredits, date.statedNet] == [Self.money(106_200), Self.money(2_124), Self.money(1_000), Self.money(105_076)])
        #expect([statement.statedGross, statement.statedNet] == [Self.money(106_200), Self.money(105_076)])
        #expect(PaymentStatementCheck.problems(statement) == [])
    }

    @Test func theHandWrittenMessagesAreValidAgainstTheSchema() throws {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes") }
            return
        }
        let schema = try TISSSchema(version: "4.03.00", in: folder)
        #expect(schema.validate(try TISSDocument(PayerMessageXML.payment())) == [])
    }

    @Test func aProtocolSituationIsReadAndThePayersErrorMessageIsARefusal() throws {
        let bytes = PayerMessageXML.situation(status: "3")
        #expect(TISSPayerMessage.transaction(bytes) == "SITUACAO_PROTOCOLO")
        let status = try TISSPayerMessage.protocolStatus(bytes)
        #expect(status == TISSPayerMessage.ProtocolStatus(payerANS: "999999", protocolNumber: "123456", batchNumber: "1", situation: .releasedForPayment,
                                                          statedOn: CalendarDay(year: 2026, month: 12, day: 4)))
        #expect(throws: TISSPayerMessage.ReadError.refused("5001 — Protocolo inexistente")) {
            try TISSPayerMessage.protocolStatus(PayerMessageXML.situation(error: "Protocolo inexistente"))
        }
        // A status the standard does not have names its line.
        do {
            _ = try TISSPayerMessage.protocolStatus(PayerMessageXML.situation(status: "77"))
            Issue.record("status 77 was read")
        } catch .invalidValue(let line, let field, let value) {
            #expect(line > 0 && field == "statusProtocolo" && value == "77")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func anotherMessageAHostileFileAndABrokenAmountAreRefused() throws {
        #expect(throws: TISSPayerMessage.ReadError.wrongTransaction(expected: "demonstrativo de pagamento", found: "SITUACAO_PROTOCOLO")) {
            try TISSPayerMessage.paymentStatement(PayerMessageXML.situation())
        }
        let external = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x><tipoTransacao>DEMONSTRATIVO_PAGAMENTO</tipoTransacao>&e;</x>"#
        #expect(throws: TISSPayerMessage.ReadError.document(.doctype)) { try TISSPayerMessage.paymentStatement(Array(external.utf8)) }
        let text = String(decoding: PayerMessageXML.payment(), as: UTF8.self).replacingOccurrences(of: "<ans:valorDbCr>21.24", with: "<ans:valorDbCr>21,24")
        do {
            _ = try TISSPayerMessage.paymentStatement(Array(text.utf8))
            Issue.record("21,24 was read")
        } catch .invalidValue(let line, let field, let value) {
            #expect(line == text.components(separatedBy: "\n").firstIndex { $0.contains("21,24") }.map { $0 + 1 } && field == "valorDbCr" && value == "21,24")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try TISSPayerMessage.paymentStatement(Array(PayerMessageXML.payment().prefix(1_500)))
            Issue.record("a truncated statement was read")
        } catch .document(.malformed(let line, _)) {
            #expect(line > 5)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aStatementThatDoesNotAddUpSaysWhere() throws {
        // The date states 1.000,00 released of a protocol releasing 1.062,00, and a net that ignores
        // the debits; the statement's gross is 1.100,00.
        let statement = try TISSPayerMessage.paymentStatement(PayerMessageXML.payment(released: "1000.00", net: "1000.00", statedGross: "1100.00"))
        #expect(PaymentStatementCheck.problems(statement) == [
            "Pagamento de 04/12/2026: total liberado declarado R$ 1.000,00, mas a soma do que ele traz é R$ 1.062,00.",
            "Pagamento de 04/12/2026: líquido declarado R$ 1.000,00, mas a soma do que ele traz é R$ 988,76.",
            "Demonstrativo: valor liberado bruto declarado R$ 1.100,00, mas a soma do que ele traz é R$ 1.000,00.",
            "Demonstrativo: valor líquido declarado R$ 1.000,00, mas a soma do que ele traz é R$ 1.088,76.",
        ])
        // A protocol releasing more than it processed, with claims that do not add up.
        let over = try TISSPayerMessage.paymentStatement(PayerMessageXML.payment(protocols: [
            .init(informed: "100.00", released: "150.00", glosa: "0.00", claims: [("SADT000001", "100.00", "140.00")]),
        ]))
        let line = try #require(over.protocols.first?.line)
        #expect(PaymentStatementCheck.problems(over) == [
            "Protocolo 123456 (linha \(line)): valor liberado declarado R$ 150,00, mas a soma do que ele traz é R$ 140,00.",
            "Protocolo 123456 (linha \(line)): liberado (R$ 150,00) acima do processado (R$ 100,00).",
        ])
    }
}
