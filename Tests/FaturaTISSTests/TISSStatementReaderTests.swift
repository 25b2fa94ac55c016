import FaturaDomain
import FaturaTISS
import Foundation
import Testing

/// The payer's `demonstrativoAnaliseConta` read as a stream: the sample statement answering the
/// SP/SADT sample batch (DOMAIN.md §6), and hostile or broken files refused with their line.
@Suite struct TISSStatementReaderTests {
    static func money(_ reais: Int, _ cents: Int = 0) -> Money { Money(cents: Int64(reais * 100 + cents)) }

    @Test func theSampleStatementIsReadToTheCentavo() throws {
        guard let bytes = try TISSHashTests.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
        let statements = try TISSStatementReader.read(bytes)
        #expect(statements.count == 1)
        let statement = try #require(statements.first)
        #expect(statement.number == "DEM000001" && statement.payerANS == "999999")
        #expect(statement.issuedOn == CalendarDay(year: 2026, month: 4, day: 20))
        let proto = try #require(statement.protocols.first)
        #expect(proto.batchNumber == "1001" && proto.protocolNumber == "123456" && proto.situation == .paid)
        #expect(proto.protocolDate == CalendarDay(year: 2026, month: 3, day: 16))
        let claim = try #require(proto.claims.first)
        #expect(claim.claimNumber == "SADT000001")
        #expect(claim.lines.map(\.sequence) == [1, 2, 3])
        #expect(claim.lines.map(\.code) == ["40202666", "40601110", "MAT0001"])
        #expect(claim.lines.map(\.table) == ["22", "22", "00"])
        #expect(claim.lines.map(\.informed) == [Self.money(850), Self.money(100), Self.money(25)])
        #expect(claim.lines.map(\.released) == [Self.money(850), Self.money(50), .zero])
        #expect(claim.lines.map(\.glosas) == [[], [StatementGlosa(code: "1705", value: Self.money(50))], [StatementGlosa(code: "2010", value: Self.money(25))]])
        #expect(claim.lines.map(\.quantity) == [Quantity(1), Quantity(2), Quantity(2)])
        #expect(claim.lines.allSatisfy { $0.protocolNumber == "123456" && $0.claimNumber == "SADT000001" && $0.day == CalendarDay(year: 2026, month: 3, day: 12) })
        let totals = StatementTotals(informed: Self.money(1137), processed: Self.money(1137), released: Self.money(1062), glosa: Self.money(75))
        #expect(claim.stated == totals && proto.stated == totals && statement.stated == totals)
        // And it adds up (two of the claim's five items released without detail).
        #expect(StatementCheck.problems(statement) == [])
    }

    @Test func aDTDOrAnEntityIsRefusedWithoutBeingExpanded() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">&lol3;</ans:mensagemTISS>
        """
        #expect(throws: TISSStatementReader.ReadError.doctype) { try TISSStatementReader.read(Array(laughs.utf8)) }
        let external = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#
        #expect(throws: TISSStatementReader.ReadError.doctype) { try TISSStatementReader.read(Array(external.utf8)) }
    }

    @Test func aTruncatedFileNamesItsLineAndAnotherMessageIsNotAStatement() throws {
        guard let bytes = try TISSHashTests.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
        do {
            _ = try TISSStatementReader.read(Array(bytes.prefix(3_000)))
            Issue.record("a truncated statement was read")
        } catch .malformed(let line, _) {
            #expect(line > 40)
        } catch {
            Issue.record("unexpected \(error)")
        }
        guard let batch = try TISSHashTests.sample("synthetic_lote_spsadt_4.03.00.xml") else { return }
        #expect(throws: TISSStatementReader.ReadError.notAStatement("ENVIO_LOTE_GUIAS")) { try TISSStatementReader.read(batch) }
    }

    @Test func anAmountThatIsNotATISSDecimalNamesItsLine() throws {
        guard let bytes = try TISSHashTests.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "<ans:valorLiberado>50.00</ans:valorLiberado>",
                                                                              with: "<ans:valorLiberado>5O,00</ans:valorLiberado>")
        let lineOfValue = text.components(separatedBy: "\n").firstIndex { $0.contains("5O,00") }.map { $0 + 1 }
        #expect(throws: TISSStatementReader.ReadError.invalidValue(line: try #require(lineOfValue), field: "valorLiberado", value: "5O,00")) {
            try TISSStatementReader.read(Array(text.utf8))
        }
    }
}
