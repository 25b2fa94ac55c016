@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// The payer's statement of the sample batch, its glosas and appeals, on both databases
/// (DOMAIN.md §5–6). Every figure below is worked out from the sample files by hand:
/// claim SADT000001 presented 1.137,00; the payer released 850,00 + 50,00 + 0,00 for the three
/// items it lists and, by its claim total of 1.062,00, the other two in full (12,00 + 150,00);
/// it denied 50,00 on item 2 (1705, valor cobrado acima do contratado) and 25,00 on item 3 (2010).
@Suite struct StatementTests {
    static let reference = CalendarDay(year: 2026, month: 12, day: 4)!

    @Test(arguments: TestDatabase.kinds)
    func theSampleStatementReconcilesTheSampleBatchToTheCentavo(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let bytes = try StatementFixture.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
            let f = try await StatementFixture.make(store)

            let results = try await f.billing.statements.importXML(bytes, fileName: "dem.xml", payerId: f.payerId, by: .system)
            #expect(results.count == 1)
            let result = try #require(results.first)
            #expect(!result.alreadyImported)
            let counts: [Int] = [result.lines, result.matched, result.inferred, result.ambiguous, result.unmatched, result.glosas]
            #expect(counts == [3, 3, 2, 0, 0, 2])
            #expect(result.problems == [])

            // Two glosas, both contractual by their group (17 billing, 20 materials); the contract's
            // 40 days from 20/04/2026 end on Saturday 30/05, moved back to Friday 29/05.
            let glosas = try await f.glosas()
            #expect(glosas.map(\.sequence) == [2, 3])
            #expect(glosas.map(\.reasonCode) == ["1705", "2010"])
            #expect(glosas.map(\.balance.value.cents) == [5_000, 2_500])
            #expect(glosas.map(\.kind) == [.contractual, .contractual])
            #expect(glosas.map(\.claimNumber) == ["SADT000001", "SADT000001"])
            #expect(glosas.map(\.protocolNumber) == ["123456", "123456"])
            #expect(glosas.allSatisfy { $0.appealDue == CalendarDay(year: 2026, month: 5, day: 29) && $0.status == .open })

            // Presented = released + glosa + pending: 1.137,00 = 1.062,00 + 75,00 + 0,00.
            let claims = try await store.statements.reconciliation(of: f.invoiceId)
            #expect(claims.map(\.claimNumber) == ["SADT000001"])
            #expect(claims.map(\.analysed) == [5])
            let balance = try await f.invoiceBalance()
            #expect([balance.presented.cents, balance.released.cents, balance.glosa.cents, balance.pending.cents] == [113_700, 106_200, 7_500, 0])

            // The same file again changes nothing.
            let again = try #require(try await f.billing.statements.importXML(bytes, fileName: "dem.xml", payerId: f.payerId, by: .system).first)
            #expect(again.alreadyImported && again.statementId == result.statementId)
            #expect(try await f.glosas().count == 2)
            #expect(try await store.statements.list(payerId: f.payerId, page: 1).total == 1)

            // A corrected statement: item 2 released 70,00 and denied 30,00 (claim 1.082,00 / 55,00).
            let corrected = Self.corrected(bytes)
            let second = try #require(try await f.billing.statements.importXML(corrected, fileName: "dem2.xml", payerId: f.payerId, by: .system).first)
            let secondCounts: [Int] = [second.matched, second.inferred, second.glosas, second.replaced]
            #expect(secondCounts == [3, 2, 2, 5])
            #expect(try await f.glosas().map(\.balance.value.cents) == [3_000, 2_500])
            let after = try await f.invoiceBalance()
            #expect([after.released.cents, after.glosa.cents, after.pending.cents] == [108_200, 5_500, 0])
            try await TrackingMapStoreTests.expectSumsAgree(store, "corrected statement")
            #expect(try await store.glosas.unbalanced().isEmpty)
            #expect(try await store.statements.unreconciled().isEmpty)

            // Once someone works on a glosa, a further correction of its line is refused whole.
            let worked = try #require(try await f.glosas().first)
            _ = try await store.users.create(User(username: "ana", fullName: "Ana", role: .biller), password: "certa123", by: .system)
            await expectValidation { _ = try await f.billing.glosas.assign(worked.id, to: "ninguem", expectedVersion: worked.version, by: .system) }
            #expect(try await f.billing.glosas.assign(worked.id, to: "ana", expectedVersion: worked.version, by: .system).owner == "ana")
            let third = Array(String(decoding: corrected, as: UTF8.self).replacingOccurrences(of: "DEM000002", with: "DEM000003").utf8)
            await expectRefusal("statement_conflict") { _ = try await f.billing.statements.importXML(third, fileName: nil, payerId: f.payerId, by: .system) }
            #expect(try await store.statements.list(payerId: f.payerId, page: 1).total == 2)
            #expect(try await f.glosas().map(\.balance.value.cents) == [3_000, 2_500])
        }
    }

    /// The sample with item 2 released 70,00 and denied 30,00, its totals following.
    static func corrected(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "<ans:valorLiberado>50.00</ans:valorLiberado>", with: "<ans:valorLiberado>70.00</ans:valorLiberado>")
            .replacingOccurrences(of: "<ans:valorGlosa>50.00</ans:valorGlosa>", with: "<ans:valorGlosa>30.00</ans:valorGlosa>")
            .replacingOccurrences(of: "1062.00", with: "1082.00").replacingOccurrences(of: "75.00", with: "55.00")
            .replacingOccurrences(of: "DEM000001", with: "DEM000002").utf8)
    }

    @Test(arguments: TestDatabase.kinds)
    func aStatementThatDoesNotAddUpIsFlaggedAndABrokenOneLeavesNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let bytes = try StatementFixture.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
            let f = try await StatementFixture.make(store)
            // The claim says it denied 80,00, its items 75,00.
            let wrong = Array(String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: "<ans:valorGlosaGuia>75.00</ans:valorGlosaGuia>", with: "<ans:valorGlosaGuia>80.00</ans:valorGlosaGuia>").utf8)
            let result = try #require(try await f.billing.statements.importXML(wrong, fileName: nil, payerId: f.payerId, by: .system).first)
            #expect(result.problems.contains("Guia SADT000001: valorGlosaGuia declarado R$ 80,00, mas a soma do que ele traz é R$ 75,00."))
            #expect(try await store.statements.find(result.statementId)?.problems == result.problems)

            // Hostile and broken files: refused unread, nothing stored.
            let laughs = Array("""
                <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><ans:mensagemTISS>&lol2;</ans:mensagemTISS>
                """.utf8)
            let external = Array("""
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ans:mensagemTISS>&e;</ans:mensagemTISS>
                """.utf8)
            for hostile in [laughs, external, Array(bytes.prefix(bytes.count / 2))] {
                await expectRefusal("statement_unreadable") { _ = try await f.billing.statements.importXML(hostile, fileName: nil, payerId: f.payerId, by: .system) }
            }
            let truncated = await expectRefusal("statement_unreadable") {
                _ = try await f.billing.statements.importXML(Array(bytes.prefix(2_000)), fileName: nil, payerId: f.payerId, by: .system)
            }
            #expect(truncated?.message.contains("linha") == true)
            // Another operator's statement for this payer is refused, naming the field.
            let other = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "999999", with: "888888").utf8)
            #expect(await expectValidation { _ = try await f.billing.statements.importXML(other, fileName: nil, payerId: f.payerId, by: .system) }
                .map(\.field) == ["payerId"])
            #expect(try await store.statements.list(payerId: f.payerId, page: 1).total == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aLineWithoutSequenceThatFitsTwoItemsWaitsForAPerson(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // Items 6 and 7: the same exam twice on the same day for the same value.
            let f = try await StatementFixture.make(store, extra: [("22", "40304361", 3_000), ("22", "40304361", 3_000)])
            let line = StatementLine(protocolNumber: "123456", claimNumber: "SADT000001", sequence: nil, day: CalendarDay(year: 2026, month: 3, day: 12),
                                     code: "40304361", informed: Money(cents: 3_000), released: .zero, glosas: [StatementGlosa(code: "1801", value: Money(cents: 3_000))])
            let statement = Statement(number: "CSV-1", issuedOn: Self.reference, protocols: [StatementProtocol(protocolNumber: "123456", claims: [
                StatementClaim(claimNumber: "SADT000001", lines: [line])])])
            let result = try await f.billing.statements.importStatement(statement, payerId: f.payerId, source: .manual, fileName: nil, fileHash: "typed-1", by: .system)
            let counts: [Int] = [result.matched, result.ambiguous, result.glosas]
            #expect(counts == [0, 1, 0])
            let stored = try #require(try await store.statements.lines(of: result.statementId, states: [.ambiguous]).first)
            #expect(stored.candidates.count == 2)
            #expect(try await f.glosas().isEmpty)

            await expectValidation { _ = try await f.billing.statements.match(lineId: stored.id, to: 999_999, by: .system) }
            let matched = try await f.billing.statements.match(lineId: stored.id, to: stored.candidates[1], by: .system)
            #expect(matched.glosas == 1)
            let glosas = try await f.glosas()
            #expect(glosas.map(\.sequence) == [7])
            // 18xx (procedure) is technical; the contract's 40 days from 04/12/2026: Wednesday 13/01/2027.
            #expect(glosas.map(\.kind) == [.technical])
            #expect(glosas.first?.appealDue == CalendarDay(year: 2027, month: 1, day: 13))
            try await TrackingMapStoreTests.expectSumsAgree(store, "matched by hand")
            await expectRefusal("conflict") { _ = try await f.billing.statements.match(lineId: stored.id, to: stored.candidates[0], by: .system) }
            #expect(try await store.statements.find(result.statementId)?.matched == 1)
        }
    }
}

extension StatementTests {
    /// A payer that sends its own spreadsheet: the columns saved once, then the file read through
    /// them. Without the item sequence the lines are matched by claim + code + day + value; without
    /// claim totals the two items it does not list stay pending: 1.137,00 = 900,00 + 75,00 + 162,00.
    @Test(arguments: TestDatabase.kinds)
    func aSpreadsheetStatementThroughTheSavedColumns(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await StatementFixture.make(store)
            let csv = Array("""
                Guia;Procedimento;Data;Valor Apresentado;Valor Pago;Motivo
                SADT000001;40202666;12/03/2026;850,00;850,00;
                SADT000001;40601110;12/03/2026;100,00;50,00;1705
                SADT000001;MAT0001;12/03/2026;25,00;0,00;2010
                """.utf8)
            await expectValidation {
                _ = try await f.billing.statements.importCSV(csv, fileName: "vida.csv", payerId: f.payerId, number: nil, issuedOn: nil, by: .system)
            }
            try await store.statementMappings.save(StatementCSVTestsColumns.columns, payerId: f.payerId, by: .system, at: Timestamp.now())
            #expect(try await store.statementMappings.find(payerId: f.payerId) == StatementCSVTestsColumns.columns)
            let result = try await f.billing.statements.importCSV(csv, fileName: "vida.csv", payerId: f.payerId, number: "PLAN-1",
                                                                 issuedOn: CalendarDay(year: 2026, month: 4, day: 20), by: .system)
            let counts: [Int] = [result.lines, result.matched, result.inferred, result.glosas]
            #expect(counts == [3, 3, 0, 2])
            #expect(try await f.glosas().map(\.sequence) == [2, 3])
            let balance = try await f.invoiceBalance()
            #expect([balance.presented.cents, balance.released.cents, balance.glosa.cents, balance.pending.cents] == [113_700, 90_000, 7_500, 16_200])
            let again = try await f.billing.statements.importCSV(csv, fileName: "vida.csv", payerId: f.payerId, number: "PLAN-1", issuedOn: nil, by: .system)
            #expect(again.alreadyImported)
        }
    }

    /// The same statement saved by Excel: read through the same columns, the same glosas.
    @Test(arguments: TestDatabase.kinds)
    func anExcelStatementThroughTheSavedColumns(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await StatementFixture.make(store)
            try await store.statementMappings.save(StatementCSVTestsColumns.columns, payerId: f.payerId, by: .system, at: Timestamp.now())
            let xlsx = try XLSXFixture.workbook([
                1: [.text("Guia"), .text("Procedimento"), .text("Data"), .text("Valor Apresentado"), .text("Valor Pago"), .text("Motivo")],
                2: [.text("SADT000001"), .number("40202666"), .date(46093), .number("850"), .number("850"), .empty],
                3: [.text("SADT000001"), .number("40601110"), .date(46093), .number("100"), .number("50"), .number("1705")],
                4: [.text("SADT000001"), .text("MAT0001"), .date(46093), .number("25"), .number("0"), .number("2010")],
            ])
            let result = try await f.billing.statements.importCSV(xlsx, fileName: "vida.xlsx", payerId: f.payerId, number: "PLAN-X",
                                                                 issuedOn: CalendarDay(year: 2026, month: 4, day: 20), by: .system)
            let counts: [Int] = [result.lines, result.matched, result.glosas]
            #expect(counts == [3, 3, 2])
            #expect(try await store.statements.find(result.statementId)?.source == .xlsx)
            let balance = try await f.invoiceBalance()
            #expect([balance.presented.cents, balance.released.cents, balance.glosa.cents, balance.pending.cents] == [113_700, 90_000, 7_500, 16_200])
            // Not a workbook after all: named, nothing imported.
            let refusal = await expectRefusal("statement_unreadable") {
                _ = try await f.billing.statements.importCSV([0x50, 0x4B, 0x00], fileName: "x.xlsx", payerId: f.payerId, number: nil, issuedOn: nil, by: .system)
            }
            #expect(refusal?.message.contains("não é uma planilha XLSX") == true)
        }
    }
}

enum StatementCSVTestsColumns {
    static let columns = StatementColumns(claimNumber: "Guia", code: "Procedimento", day: "Data", informed: "Valor Apresentado", released: "Valor Pago",
                                          reasonCode: "Motivo")
}
