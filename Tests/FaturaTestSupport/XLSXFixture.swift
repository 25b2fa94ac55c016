import Foundation
import ZIPFoundation

/// A minimal Excel workbook as Excel writes one: shared strings, a style with a date format, one
/// sheet. Cells: `.text` goes to the shared strings, `.inline` stays in the cell, `.number` and
/// `.date` (an Excel serial with the date style) are numbers.
public enum XLSXFixture {
    public enum Cell: Sendable {
        case text(String), inline(String), number(String), date(Int), empty
    }

    /// `rows` by their row number (a gap is a row Excel left out).
    public static func workbook(_ rows: [Int: [Cell]], sheet custom: String? = nil) throws -> [UInt8] {
        var strings: [String] = []
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var sheet = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for number in rows.keys.sorted() {
            sheet += #"<row r="\#(number)">"#
            for (index, cell) in rows[number]!.enumerated() {
                let ref = String(UnicodeScalar(UInt8(65 + index))) + String(number)
                switch cell {
                case .text(let text):
                    strings.append(text)
                    sheet += #"<c r="\#(ref)" t="s"><v>\#(strings.count - 1)</v></c>"#
                case .inline(let text): sheet += #"<c r="\#(ref)" t="inlineStr"><is><t>\#(escape(text))</t></is></c>"#
                case .number(let value): sheet += #"<c r="\#(ref)"><v>\#(value)</v></c>"#
                case .date(let serial): sheet += #"<c r="\#(ref)" s="1"><v>\#(serial)</v></c>"#
                case .empty: break
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        let shared = #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Demonstrativo" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", custom ?? sheet),
        ]
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(archive.data ?? Data())
    }
}
