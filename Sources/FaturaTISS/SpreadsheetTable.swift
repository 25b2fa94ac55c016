import FaturaDomain
import Foundation

/// A table as a page shows it, typed cell by cell, so the exports keep numbers as numbers and
/// dates as dates: `CSVWriter` writes it the way Excel in Brazil opens it, `XLSXWriter` as a real
/// workbook.
public struct SpreadsheetTable: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case integer(Int)
        case money(Money)
        case date(CalendarDay)
        /// A rate: 12,34% (a percentage in the workbook).
        case percent(Percentage)
        /// A count of tenths shown with one decimal: 325 is 32,5 (average days).
        case tenths(Int)
        case empty
    }

    /// A row's role: the totals and subtotals are written bold.
    public enum Kind: Sendable { case body, subtotal, total }

    public struct Row: Sendable {
        public var cells: [Cell]
        public var kind: Kind
        public init(_ cells: [Cell], kind: Kind = .body) {
            self.cells = cells
            self.kind = kind
        }
    }

    public var title: String
    public var headers: [String]
    public var rows: [Row]

    /// `value` ÷ 10^digits written exactly, without thousands separators (how spreadsheets read a
    /// number): (123456, 2, ",") → 1234,56; (1234, 4, ".") → 0.1234; (-325, 1, ",") → -32,5.
    public static func decimal(_ value: Int64, digits: Int, separator: String) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let magnitude = value.magnitude, rest = String(magnitude % scale)
        return (value < 0 ? "-" : "") + String(magnitude / scale) + separator + String(repeating: "0", count: digits - rest.count) + rest
    }

    public init(title: String, headers: [String], rows: [Row] = []) {
        self.title = title
        self.headers = headers
        self.rows = rows
    }
}

/// CSV for people in Brazil: `;` between fields, decimal comma, dates dd/mm/aaaa, CRLF, and UTF-8
/// with a byte-order mark — without it Excel reads the file as Windows-1252 and "Convênio" breaks.
public enum CSVWriter {
    public static func write(_ table: SpreadsheetTable) -> [UInt8] { write([table], titled: false) }

    /// Several tables in one file, each under its title line, a blank line between them.
    public static func write(_ tables: [SpreadsheetTable], titled: Bool = true) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        func line(_ fields: [String]) {
            out.append(contentsOf: fields.joined(separator: ";").utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        for (index, table) in tables.enumerated() {
            if titled {
                if index > 0 { line([]) }
                line([field(table.title)])
            }
            line(table.headers.map(field))
            for row in table.rows { line(row.cells.map(text)) }
        }
        return out
    }

    static func text(_ cell: SpreadsheetTable.Cell) -> String {
        switch cell {
        case .text(let value): field(value)
        case .integer(let value): String(value)
        // No thousands separator: "1234,56" is read as a number by Excel and by LibreOffice alike.
        case .money(let value): SpreadsheetTable.decimal(value.cents, digits: 2, separator: ",")
        case .date(let day): BrazilianFormat.date(day)
        case .percent(let value): SpreadsheetTable.decimal(Int64(value.basisPoints), digits: 2, separator: ",") + "%"
        case .tenths(let value): SpreadsheetTable.decimal(Int64(value), digits: 1, separator: ",")
        case .empty: ""
        }
    }

    /// Quoted when it holds the separator, a quote or a line break; a text a spreadsheet would run
    /// as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) gets a leading apostrophe.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
