import FaturaDomain
import Foundation
import ZIPFoundation

/// A real Excel workbook of one table: money as numbers in the `R$` format, dates as Excel serial
/// days in dd/mm/aaaa, counts as integers, text as inline strings (no shared-strings part to keep
/// in step). The header row is frozen with an autofilter, totals are bold, and the sheet prints on
/// A4 landscape fitted to the page width — what the board asks of the map.
public enum XLSXWriter {
    public enum WriteError: Error { case zip(String) }

    /// Style indexes in `styles.xml`'s `cellXfs`.
    enum Style: Int {
        case plain = 0, header, money, date, integer, boldText, boldMoney, boldInteger, percent, tenths
    }

    public static func write(_ table: SpreadsheetTable) throws -> [UInt8] {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheetName: sheetName(table.title))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheet(table)),
        ]
        let archive: Archive
        do { archive = try Archive(accessMode: .create) } catch { throw WriteError.zip(String(describing: error)) }
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw WriteError.zip("arquivo vazio") }
        return Array(data)
    }

    /// Excel counts days from 30/12/1899; 01/01/1970 is day 25 569.
    public static func serial(_ day: CalendarDay) -> Int { day.daysSinceEpoch + 25_569 }

    /// A1-style column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// Sheet names: up to 31 characters, none of `[]:*?/\`.
    static func sheetName(_ title: String) -> String {
        let cleaned = String(title.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Planilha" : cleaned
    }

    static func sheet(_ table: SpreadsheetTable) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        let width = max(table.headers.count, table.rows.map(\.cells.count).max() ?? 0, 1)
        xml += #"<dimension ref="A1:\#(column(width - 1))\#(table.rows.count + 1)"/>"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        xml += "<cols>" + (0..<width).map { #"<col min="\#($0 + 1)" max="\#($0 + 1)" width="16" customWidth="1"/>"# }.joined() + "</cols>"
        xml += "<sheetData>"
        xml += #"<row r="1">"#
        for (index, header) in table.headers.enumerated() {
            xml += #"<c r="\#(column(index))1" t="inlineStr" s="\#(Style.header.rawValue)"><is><t>\#(escape(header))</t></is></c>"#
        }
        xml += "</row>"
        for (offset, row) in table.rows.enumerated() {
            let number = offset + 2
            let bold = row.kind != .body
            xml += #"<row r="\#(number)">"#
            for (index, cell) in row.cells.enumerated() {
                let ref = column(index) + String(number)
                switch cell {
                case .text(let text):
                    xml += #"<c r="\#(ref)" t="inlineStr" s="\#((bold ? Style.boldText : .plain).rawValue)"><is><t xml:space="preserve">\#(escape(text))</t></is></c>"#
                case .integer(let value):
                    xml += #"<c r="\#(ref)" s="\#((bold ? Style.boldInteger : .integer).rawValue)"><v>\#(value)</v></c>"#
                case .money(let money):
                    xml += #"<c r="\#(ref)" s="\#((bold ? Style.boldMoney : .money).rawValue)"><v>\#(SpreadsheetTable.decimal(money.cents, digits: 2, separator: "."))</v></c>"#
                case .date(let day):
                    xml += #"<c r="\#(ref)" s="\#(Style.date.rawValue)"><v>\#(serial(day))</v></c>"#
                case .percent(let value):
                    // 12,34% is the number 0.1234 in Excel's "0.00%" format.
                    xml += #"<c r="\#(ref)" s="\#(Style.percent.rawValue)"><v>\#(SpreadsheetTable.decimal(Int64(value.basisPoints), digits: 4, separator: "."))</v></c>"#
                case .tenths(let value):
                    xml += #"<c r="\#(ref)" s="\#(Style.tenths.rawValue)"><v>\#(SpreadsheetTable.decimal(Int64(value), digits: 1, separator: "."))</v></c>"#
                case .empty:
                    break
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !table.headers.isEmpty { xml += #"<autoFilter ref="A1:\#(column(table.headers.count - 1))\#(table.rows.count + 1)"/>"# }
        xml += #"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>"#
        xml += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        xml += "</worksheet>"
        return xml
    }

    /// XML text: the five escapes, and the control characters XML 1.0 does not allow dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let contentTypes = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#

    static let rootRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#

    static func workbook(sheetName: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    }

    static let workbookRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#

    /// 164: `R$ 1.234,56` (Excel writes the code with `,` for thousands and `.` for decimals and
    /// shows it in the reader's locale); 165: dd/mm/yyyy. Fonts: 0 plain, 1 bold.
    static let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="&quot;R$&quot;\ #,##0.00;\-&quot;R$&quot;\ #,##0.00"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="10"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/><xf numFmtId="1" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
}
