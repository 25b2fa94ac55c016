import FaturaDomain
import Foundation

/// The hospital's calendar day and clock (FATURA_TIMEZONE, America/Sao_Paulo by default): for
/// deadlines, date filters and batch windows, in the web pages and the command line alike.
public enum HospitalClock {
    public static let timeZone = TimeZone(identifier: ProcessInfo.processInfo.environment["FATURA_TIMEZONE"] ?? "America/Sao_Paulo")
        ?? TimeZone(secondsFromGMT: -3 * 3600) ?? .current

    public static func today() -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? CalendarDay(daysSinceEpoch: 0)
    }

    /// `2026-11-23T14:05:00Z` → `23/11/2026 11:05` in the hospital's zone.
    public static func display(_ timestamp: String?) -> String {
        guard let timestamp, let date = Timestamp.date(timestamp) else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ v: Int?) -> String { let n = v ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(p.day))/\(two(p.month))/\(p.year ?? 0) \(two(p.hour)):\(two(p.minute))"
    }
}
