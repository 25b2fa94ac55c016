internal import CLibXML2
import FaturaDomain
import Foundation
import ZIPFoundation

/// A payer's statement spreadsheet as Excel saves it (`.xlsx`: a ZIP of XML parts), read through
/// ZIPFoundation and the hardened XML reader (`TISSDocument`: no DTD, no entity), its first
/// worksheet turned into `;`-separated lines so the payer's saved columns read it exactly as they
/// read its CSV (`StatementCSV`). Shared and inline strings are text; numbers as Excel stores them
/// (integers whole, others to the centavo); cells with a date format as dd/mm/aaaa. Each part is
/// bounded before it is inflated (a ZIP bomb stops at the limit).
public enum XLSXReader {
    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case notXLSX
        case missingPart(String)
        case tooLarge
        case xml(part: String, TISSDocument.ReadError)

        public var description: String {
            switch self {
            case .notXLSX: "O arquivo não é uma planilha XLSX (ZIP do Excel)."
            case .missingPart(let part): "A planilha XLSX está incompleta: falta \(part)."
            case .tooLarge: "A planilha XLSX passa do limite de 64 MiB (compactada ou não)."
            case .xml(let part, let error): "\(part): \(error.description)"
            }
        }
    }

    public static let maxBytes = 64 * 1024 * 1024

    /// The first worksheet's rows as lines, from its first row to its last (a row Excel left out is
    /// an empty line, so the line numbers in messages are the sheet's row numbers).
    public static func lines(_ bytes: [UInt8]) throws(ReadError) -> [String] {
        guard bytes.count <= maxBytes else { throw .tooLarge }
        guard bytes.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: Data(bytes), accessMode: .read) else { throw .notXLSX }
        func part(_ path: String) throws(ReadError) -> [UInt8]? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maxBytes) else { throw .tooLarge }
            var data: [UInt8] = []
            var tooLarge = false
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    if data.count + chunk.count > maxBytes { tooLarge = true; throw CocoaError(.fileReadTooLarge) }
                    data.append(contentsOf: chunk)
                }
            } catch {
                throw tooLarge ? .tooLarge : .notXLSX
            }
            return data
        }
        // Each part parsed, used and freed in turn (a parsed document cannot be copied around).
        func reading<T>(_ path: String, _ body: (borrowing TISSDocument) -> T) throws(ReadError) -> T? {
            guard let bytes = try part(path) else { return nil }
            let document: TISSDocument
            do { document = try TISSDocument(bytes) } catch { throw .xml(part: path, error) }
            return body(document)
        }
        let relation = try reading("xl/workbook.xml") { workbook in
            var relation: String?
            workbook.each("sheet") { sheet in if relation == nil { relation = sheet.attribute("id") } }
            return relation
        }
        guard let relation else { throw .missingPart("xl/workbook.xml") }
        let target = try reading("xl/_rels/workbook.xml.rels") { relations in
            var target: String?
            relations.each("Relationship") { rel in if rel.attribute("Id") == relation { target = rel.attribute("Target") } }
            return target
        } ?? nil
        let sheetPath = target.map { $0.hasPrefix("/") ? String($0.dropFirst()) : "xl/" + $0 } ?? "xl/worksheets/sheet1.xml"
        let strings = try reading("xl/sharedStrings.xml") { Self.sharedStrings($0) } ?? []
        let dates = try reading("xl/styles.xml") { Self.dateStyles($0) } ?? []
        guard let rows = try reading(sheetPath, { Self.rows($0, strings: strings, dates: dates) }) else { throw .missingPart(sheetPath) }
        guard let last = rows.keys.max(), let first = rows.keys.min() else { return [] }
        return (first...last).map { number in
            guard let cells = rows[number], let width = cells.keys.max() else { return "" }
            return (0...width).map { quoted(cells[$0] ?? "") }.joined(separator: ";")
        }
    }

    /// The sheet's cells as text, by row number and column.
    static func rows(_ sheet: borrowing TISSDocument, strings: [String], dates: [Bool]) -> [Int: [Int: String]] {
        var rows: [Int: [Int: String]] = [:]
        var next = 1
        sheet.each("row") { row in
            let number = row.attribute("r").flatMap(Int.init) ?? next
            next = number + 1
            guard (1...1_048_576).contains(number) else { return }
            var cells: [Int: String] = [:]
            var nextColumn = 0
            row.children("c") { cell in
                let column = cell.attribute("r").flatMap(Self.column(of:)) ?? nextColumn
                nextColumn = column + 1
                guard column < 16_384 else { return }
                let kind = cell.attribute("t") ?? "n"
                let text: String
                switch kind {
                case "inlineStr": text = cell.text(of: "t")
                case "s": text = cell.firstChild("v").flatMap { Int($0.content) }.flatMap { $0 < strings.count ? strings[$0] : nil } ?? ""
                case "str", "e", "b": text = cell.firstChild("v")?.content ?? ""
                default:
                    let raw = cell.firstChild("v")?.content ?? ""
                    let style = cell.attribute("s").flatMap(Int.init) ?? 0
                    text = Self.number(raw, isDate: style < dates.count && dates[style])
                }
                cells[column] = text
            }
            rows[number] = cells
        }
        return rows
    }

    static func sharedStrings(_ document: borrowing TISSDocument) -> [String] {
        var strings: [String] = []
        document.each("si") { item in strings.append(item.text(of: "t")) }
        return strings
    }

    /// For each cell format (`cellXfs`), whether it shows a date: Excel's built-in date formats
    /// (14–22, 45–47) or a custom one with day, month or year in it.
    static func dateStyles(_ document: borrowing TISSDocument) -> [Bool] {
        var custom: [Int: Bool] = [:]
        document.each("numFmt") { format in
            guard let id = format.attribute("numFmtId").flatMap(Int.init), let code = format.attribute("formatCode") else { return }
            // Quoted text and [colour] sections are not the format's letters.
            var letters = "", inQuotes = false, inBrackets = false
            for character in code {
                switch character {
                case "\"": inQuotes.toggle()
                case "[": inBrackets = true
                case "]": inBrackets = false
                default: if !inQuotes && !inBrackets { letters.append(character) }
                }
            }
            custom[id] = letters.lowercased().contains(where: { "dmy".contains($0) })
        }
        var styles: [Bool] = []
        document.each("cellXfs") { list in
            list.children("xf") { xf in
                let id = xf.attribute("numFmtId").flatMap(Int.init) ?? 0
                styles.append((14...22).contains(id) || (45...47).contains(id) || custom[id] == true)
            }
        }
        return styles
    }

    /// `B7` → 1.
    static func column(of reference: String) -> Int? {
        var value = 0
        var letters = 0
        for byte in reference.utf8 {
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) else { break }
            value = value * 26 + Int(byte - UInt8(ascii: "A") + 1)
            letters += 1
            guard letters <= 3 else { return nil }
        }
        return letters == 0 ? nil : value - 1
    }

    /// A numeric cell as a person would type it: whole numbers whole, others to the centavo
    /// (`1234.5` → `1234.50`, half up), in exact decimal arithmetic (Excel writes the number as
    /// decimal text; no binary floating point touches an amount); a date-formatted serial as
    /// dd/mm/aaaa (Excel's day 1 is 1 Jan 1900, with its phantom 29 Feb 1900: serials count from
    /// 30 Dec 1899).
    static func number(_ raw: String, isDate: Bool) -> String {
        guard var value = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")), value.isFinite, abs(value) < 1e15 else { return raw }
        if isDate, value >= 1, value < 2_958_466, let epoch = CalendarDay(year: 1899, month: 12, day: 30) {
            var day = Decimal()
            NSDecimalRound(&day, &value, 0, .down)
            return BrazilianFormat.date(epoch.adding(days: NSDecimalNumber(decimal: day).intValue))
        }
        var whole = Decimal()
        NSDecimalRound(&whole, &value, 0, .plain)
        if whole == value { return NSDecimalNumber(decimal: whole).stringValue }
        var cents = Decimal()
        NSDecimalRound(&cents, &value, 2, .plain)
        let text = NSDecimalNumber(decimal: cents).stringValue
        // Two decimals always (`849.5` → `849.50`): the spreadsheet's own reading of an amount.
        guard let point = text.firstIndex(of: ".") else { return text + ".00" }
        return text.distance(from: point, to: text.endIndex) == 2 ? text + "0" : text
    }

    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

