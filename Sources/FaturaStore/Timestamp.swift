import Foundation

/// Instants as stored: ISO-8601 UTC text with seconds, e.g. `2026-11-23T14:05:00Z`. Text sorts in
/// time order and reads the same on SQLite and PostgreSQL.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    public static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }
}
