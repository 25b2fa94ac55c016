/// Splits one CSV line into fields: `;` or `,` delimited, fields optionally in double quotes
/// (`""` inside quotes is a quote). Lines are read one at a time so a large file streams.
public enum CSVLine {
    /// The delimiter a header line uses: `;` when it has any, else `,`.
    public static func delimiter(ofHeader header: String) -> Character {
        header.contains(";") ? ";" : ","
    }

    public static func fields(_ line: Substring, delimiter: Character) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.isEmpty {
                inQuotes = true
            } else if c == delimiter {
                fields.append(current)
                current = ""
            } else if c != "\r" {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    /// A header cell reduced to a key: lower case, no accents, spaces and dashes as `_`.
    public static func key(_ header: String) -> String {
        let map: [Character: Character] = ["á": "a", "à": "a", "ã": "a", "â": "a", "é": "e", "ê": "e", "í": "i", "ó": "o", "ô": "o",
                                           "õ": "o", "ú": "u", "ç": "c", "ü": "u"]
        var out = ""
        for c in header.trimmingSpaces().lowercased() {
            if c == " " || c == "-" { out.append("_") } else { out.append(map[c] ?? c) }
        }
        if out.hasPrefix("\u{FEFF}") { out.removeFirst() } // a BOM left by Excel
        return out
    }
}

/// One bad row of an imported file: the line number (1 = header) and the reasons.
public struct ImportRowError: Hashable, Sendable, Codable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var fieldError: FieldError { FieldError("linha \(line)", message) }
}
