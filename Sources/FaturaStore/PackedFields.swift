import FaturaDomain

/// A row's numbers, codes and dates read from one text column the query joined with `|`
/// (`CAST(x AS TEXT) || '|' || …`): decoding a column through SQLKit's `Decoder` costs far more than
/// reading its digits, and the tracking map reads 17 of them for each of a year's invoices (`perf`,
/// issue 14). Only values that cannot hold a `|` travel this way (numbers, fixed codes, ISO dates);
/// names and typed text keep their own columns. A value that does not read is the table's
/// `storedValueInvalid`, as with any stored value.
struct PackedFields {
    private let bytes: [UInt8]
    private var index = 0
    private let table: String
    private var column = 0

    init(_ text: String, table: String) {
        bytes = Array(text.utf8)
        self.table = table
    }

    /// The next field's bytes (empty for a NULL the query wrote as '').
    private mutating func next() -> ArraySlice<UInt8> {
        column += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "|") { index += 1 }
        let field = bytes[start..<index]
        if index < bytes.count { index += 1 }
        return field
    }

    private func invalid(_ field: ArraySlice<UInt8>) -> FaturaError {
        StoredRow.invalid(table, "campo \(column)", String(decoding: field, as: UTF8.self))
    }

    mutating func int64() throws -> Int64 {
        let field = next()
        var digits = field[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { throw invalid(field) }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw invalid(field) }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    mutating func int() throws -> Int { Int(try int64()) }

    mutating func money() throws -> Money { Money(cents: try int64()) }

    mutating func text() -> String { String(decoding: next(), as: UTF8.self) }

    mutating func code<E: RawRepresentable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let field = next()
        guard let value = E(rawValue: String(decoding: field, as: UTF8.self)) else { throw invalid(field) }
        return value
    }

    mutating func competence() throws -> Competence {
        let field = next()
        guard let value = Competence(String(decoding: field, as: UTF8.self)) else { throw invalid(field) }
        return value
    }

    /// An ISO day, or nil for an empty field (NULL).
    mutating func optionalDay() throws -> CalendarDay? {
        let field = next()
        guard !field.isEmpty else { return nil }
        guard let day = CalendarDay(iso: String(decoding: field, as: UTF8.self)) else { throw invalid(field) }
        return day
    }
}
