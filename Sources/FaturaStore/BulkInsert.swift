import SQLKit

/// Many rows in one statement with one bound value: the rows travel as a JSON array of arrays and
/// the database unpacks them itself (`json_each` on SQLite, `json_array_elements` on PostgreSQL),
/// the set-based insert a DBA would write. A 100 000-line statement was 250 multi-row `VALUES`
/// statements of 7 600 binds each, and serialising and encoding those binds one by one cost more
/// than the database's own work (`fatura bench statements`); one JSON text per 5 000 rows costs
/// one bind. Every value is still bound, never spliced into the SQL.
struct BulkInsert: Sendable {
    enum Kind: Sendable { case integer, text }

    let table: String
    let columns: [(name: String, kind: Kind)]
    /// Rows per statement: 5 000 rows of a statement line are about 1.5 MB of JSON.
    static let chunk = 5_000

    init(into table: String, _ columns: [(String, Kind)]) {
        self.table = table
        self.columns = columns.map { (name: $0.0, kind: $0.1) }
    }

    /// Inserts the rows `fill` writes, `chunk` at a time. `fill` is called once per element of
    /// `elements` and must write exactly one cell per column, in order.
    func run<Element>(_ elements: some Collection<Element>, on sql: any SQLDatabase, fill: (Element, inout Row) -> Void) async throws {
        var row = Row(columns: columns.count)
        var pending = 0
        for element in elements {
            row.begin()
            fill(element, &row)
            row.end()
            pending += 1
            if pending == Self.chunk {
                try await flush(&row, on: sql)
                pending = 0
            }
        }
        if pending > 0 { try await flush(&row, on: sql) }
    }

    private func flush(_ row: inout Row, on sql: any SQLDatabase) async throws {
        let json = row.take()
        let postgres = sql.dialect.name == "postgresql"
        var query = SQLQueryString("INSERT INTO ")
        query.appendInterpolation(ident: table)
        query.appendLiteral(" (")
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(ident: column.name)
        }
        query.appendLiteral(") SELECT ")
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            switch (postgres, column.kind) {
            case (false, _): query.appendLiteral("value->>\(index)")
            case (true, .integer): query.appendLiteral("(value->>\(index))::bigint")
            case (true, .text): query.appendLiteral("value->>\(index)")
            }
        }
        // SQLite: `jsonb_each` hands each row over as binary JSON, so `->>` reads its cells without
        // parsing the row's text again for every column (`json_each` did: a fifth of the import).
        query.appendLiteral(postgres ? " FROM json_array_elements(" : " FROM jsonb_each(")
        query.appendInterpolation(bind: json)
        query.appendLiteral(postgres ? "::json)" : ")")
        try await sql.raw(query).run()
    }

    /// The JSON text of the pending rows, written cell by cell.
    struct Row: Sendable {
        private var bytes: [UInt8] = []
        private var cells = 0
        private let columns: Int

        init(columns: Int) {
            self.columns = columns
            bytes.reserveCapacity(BulkInsert.chunk * 64 * columns)
            bytes.append(UInt8(ascii: "["))
        }

        mutating func begin() {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "["))
            cells = 0
        }

        mutating func end() {
            precondition(cells == columns, "a bulk row must have one cell per column")
            bytes.append(UInt8(ascii: "]"))
        }

        private mutating func separate() {
            if cells > 0 { bytes.append(UInt8(ascii: ",")) }
            cells += 1
        }

        mutating func int(_ value: Int?) {
            separate()
            guard let value else { bytes.append(contentsOf: "null".utf8); return }
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func int(_ value: Int64) { int(Int(value)) }

        mutating func text(_ value: String?) {
            separate()
            guard let value else { bytes.append(contentsOf: "null".utf8); return }
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0..<0x20:
                    // Control characters as \u00XX (JSON allows none raw).
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// The JSON array so far, the buffer emptied for the next chunk.
        mutating func take() -> String {
            bytes.append(UInt8(ascii: "]"))
            let json = String(decoding: bytes, as: UTF8.self)
            bytes.removeAll(keepingCapacity: true)
            bytes.append(UInt8(ascii: "["))
            return json
        }
    }
}
