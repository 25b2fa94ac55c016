import FaturaDomain
@testable import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// A payer's statement spreadsheet saved by Excel, read as the lines its saved columns read.
@Suite struct XLSXReaderTests {
    @Test func readsSharedAndInlineStringsNumbersDatesAndKeepsTheRowNumbers() throws {
        // Row 3 left out by Excel (empty); 12/03/2026 is Excel's serial 46093 (1 Jan 2026 is 46023, + 70 days).
        let bytes = try XLSXFixture.workbook([
            1: [.text("Guia"), .text("Procedimento"), .text("Data"), .text("Valor Apresentado"), .text("Valor Pago"), .text("Motivo")],
            2: [.text("SADT000001"), .number("40202666"), .date(46093), .number("850"), .number("849.5"), .empty],
            4: [.inline("SADT;2"), .text("MAT0001"), .date(46093), .number("25.004"), .number("0"), .text("2010")],
        ])
        #expect(try XLSXReader.lines(bytes) == [
            "Guia;Procedimento;Data;Valor Apresentado;Valor Pago;Motivo",
            "SADT000001;40202666;12/03/2026;850;849.50",
            "",
            "\"SADT;2\";MAT0001;12/03/2026;25.00;0;2010",
        ])
    }

    @Test func refusesWhatIsNotAWorkbookAndHostileParts() throws {
        #expect(throws: XLSXReader.ReadError.notXLSX) { try XLSXReader.lines(Array("Guia;Item\n".utf8)) }
        #expect(throws: XLSXReader.ReadError.notXLSX) { try XLSXReader.lines([0x50, 0x4B, 0x03, 0x04, 0x00]) }
        // A sheet that declares a DTD is refused unread, like any XML the hospital receives.
        var bytes = try XLSXFixture.workbook([1: [.inline("<!DOCTYPE x>")]])
        #expect(try XLSXReader.lines(bytes) == ["<!DOCTYPE x>"])
        bytes = try XLSXFixture.workbook([:], sheet: #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet>&e;</worksheet>"#)
        #expect(throws: XLSXReader.ReadError.xml(part: "xl/worksheets/sheet1.xml", .doctype)) { try XLSXReader.lines(bytes) }
    }
}
