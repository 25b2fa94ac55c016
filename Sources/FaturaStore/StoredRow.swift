import SQLKit
import FaturaDomain

/// Reads a row's columns by name, and turns a stored value that does not decode into
/// `FaturaError.storedValueInvalid` naming the table, column and value — never a plausible default
/// (money is reconciled to the centavo: a corrupt row must stop the work, not become a zero).
struct StoredRow {
    let row: any SQLRow
    let table: String

    init(_ row: any SQLRow, table: String) {
        self.row = row
        self.table = table
    }

    func value<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try row.decode(column: column, as: T.self)
    }

    /// NULL tested first: SQLiteKit decodes an `Optional` through a nested decoder object per value,
    /// which was most of the batch's reading time (perf); the plain type takes its direct path.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try row.decodeNil(column: column) ? nil : row.decode(column: column, as: T.self)
    }

    func day(_ column: String) throws -> CalendarDay {
        try Self.day(try value(column, as: String.self), table: table, column: column)
    }

    func dateTime(_ column: String) throws -> LocalDateTime {
        let text = try value(column, as: String.self)
        guard let value = LocalDateTime(iso: text) else { throw invalid(column, text) }
        return value
    }

    func code<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        try Self.code(try value(column, as: String.self), as: E.self, table: table, column: column)
    }

    /// A value already read as text (from a decoded row type), checked the same way.
    static func code<E: RawRepresentable>(_ text: String, as type: E.Type, table: String, column: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else { throw invalid(table, column, text) }
        return value
    }

    static func day(_ text: String, table: String, column: String) throws -> CalendarDay {
        guard let day = CalendarDay(iso: text) else { throw invalid(table, column, text) }
        return day
    }

    static func day(_ text: String?, table: String, column: String) throws -> CalendarDay? {
        try text.map { try day($0, table: table, column: column) }
    }

    func invalid(_ column: String, _ value: String) -> FaturaError { Self.invalid(table, column, value) }

    static func invalid(_ table: String, _ column: String, _ value: String) -> FaturaError {
        .storedValueInvalid(table: table, column: column, value: String(value.prefix(80)))
    }
}
