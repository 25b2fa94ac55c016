import Foundation

/// Instants as stored: ISO-8601 UTC text with seconds, e.g. `2026-11-23T14:05:00Z`.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
