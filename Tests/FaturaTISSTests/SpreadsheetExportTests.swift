import FaturaDomain
@testable import FaturaTISS
import Foundation
import Testing
import ZIPFoundation

/// The exports of a page's table: CSV as Excel in Brazil opens it, XLSX as a real workbook.
@Suite struct SpreadsheetExportTests {
    static let table = SpreadsheetTable(title: "Mapa de faturas", headers: ["Convênio", "Apresentado", "Enviada em", "Guias"], rows: [
        .init([.text("Vida Plena; Saúde"), .money(Money(cents: 123_456)), .date(CalendarDay(year: 2026, month: 12, day: 4)!), .integer(12)]),
        .init([.text("=HYPERLINK(\"x\")"), .money(Money(cents: -5)), .empty, .integer(0)]),
        .init([.text("Total"), .money(Money(cents: 123_451)), .empty, .integer(12)], kind: .total),
    ])

    @Test func csvHasTheBOMSemicolonsDecimalCommaAndBrazilianDates() {
        let bytes = CSVWriter.write(Self.table)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.components(separatedBy: "\r\n") == [
            "Convênio;Apresentado;Enviada em;Guias",
            "\"Vida Plena; Saúde\";1234,56;04/12/2026;12",
            // A formula is written as text (leading apostrophe), its quotes doubled.
            "\"'=HYPERLINK(\"\"x\"\")\";-0,05;;0",
            "Total;1234,51;;12",
            "",
        ])
    }

    @Test func xlsxIsAWorkbookWithNumbersAsNumbersAndDatesAsDates() throws {
        let bytes = try XLSXWriter.write(Self.table)
        let archive = try #require(try? Archive(data: Data(bytes), accessMode: .read))
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"] {
            #expect(archive[part] != nil, "\(part)")
        }
        var sheet = Data()
        _ = try archive.extract(archive["xl/worksheets/sheet1.xml"]!) { sheet.append($0) }
        let xml = String(decoding: sheet, as: UTF8.self)
        // B2: 1.234,56 as the number 1234.56 in the R$ style (2), no type (a number); C2: the
        // date 04/12/2026 as Excel's serial 46360 in the date style (3); D2 an integer.
        #expect(xml.contains(#"<c r="B2" s="2"><v>1234.56</v></c>"#))
        #expect(xml.contains(#"<c r="C2" s="3"><v>46360</v></c>"#))
        #expect(xml.contains(#"<c r="D2" s="4"><v>12</v></c>"#))
        #expect(xml.contains(#"<c r="B3" s="2"><v>-0.05</v></c>"#))
        // Text is inline, escaped; the total row is bold (styles 5 and 6).
        #expect(xml.contains(#"<c r="A2" t="inlineStr" s="0"><is><t xml:space="preserve">Vida Plena; Saúde</t></is></c>"#))
        #expect(xml.contains(#"<t xml:space="preserve">=HYPERLINK(&quot;x&quot;)</t>"#))
        #expect(xml.contains(#"<c r="A4" t="inlineStr" s="5">"#) && xml.contains(#"<c r="B4" s="6"><v>1234.51</v></c>"#))
        #expect(xml.contains(#"<pageSetup paperSize="9" orientation="landscape""#))
        var styles = Data()
        _ = try archive.extract(archive["xl/styles.xml"]!) { styles.append($0) }
        #expect(String(decoding: styles, as: UTF8.self).contains(#"<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>"#))

        // The hospital's own XLSX reader (the one that reads payers' statements) sees the date as a date.
        #expect(try XLSXReader.lines(bytes) == [
            "Convênio;Apresentado;Enviada em;Guias",
            "\"Vida Plena; Saúde\";1234.56;04/12/2026;12",
            "\"=HYPERLINK(\"\"x\"\")\";-0.05;;0",
            "Total;1234.51;;12",
        ])
    }

    @Test func columnLettersAndSerials() {
        #expect([0, 25, 26, 51, 52, 701, 702].map(XLSXWriter.column) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
        #expect(XLSXWriter.serial(CalendarDay(year: 1970, month: 1, day: 1)!) == 25_569)
        #expect(XLSXWriter.serial(CalendarDay(year: 2026, month: 1, day: 1)!) == 46_023)
        #expect(XLSXWriter.sheetName("Mapa: 2026/11 [a]") == "Mapa 202611 a")
        // Control characters XML does not allow are dropped, not written.
        #expect(XLSXWriter.escape("a\u{1}b<c>&") == "ab&lt;c&gt;&amp;")
    }
}
