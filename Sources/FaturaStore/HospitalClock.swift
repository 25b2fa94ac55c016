import FaturaDomain
import Foundation

/// The hospital's clock: its time zone (FATURA_TIMEZONE, America/Sao_Paulo by default) and the
/// current instant. One value is made at start and handed to the store, the billing services, the
/// pages and the CLI; deadlines (non-conformities, deliveries, appeals), date filters and batch
/// windows ask it, never the system directly, so a test can set the day.
public struct HospitalClock: Sendable {
    public let timeZone: TimeZone
    private let current: @Sendable () -> Date

    public init(timeZone: TimeZone = HospitalClock.configuredTimeZone, now: @escaping @Sendable () -> Date = { Date() }) {
        self.timeZone = timeZone
        current = now
    }

    /// The zone of this installation, from the environment (read once).
    public static let configuredTimeZone = TimeZone(identifier: ProcessInfo.processInfo.environment["FATURA_TIMEZONE"] ?? "America/Sao_Paulo")
        ?? TimeZone(secondsFromGMT: -3 * 3600) ?? .current

    /// The real clock in the configured zone.
    public static let system = HospitalClock()

    /// A clock stopped at noon of `day` in the hospital's zone (tests, and the CLI's `--day`).
    public static func fixed(_ day: CalendarDay, hour: Int = 12, timeZone: TimeZone = HospitalClock.configuredTimeZone) -> HospitalClock {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour)) ?? Date(timeIntervalSince1970: 0)
        return HospitalClock(timeZone: timeZone, now: { date })
    }

    public func now() -> Date { current() }

    /// This clock's zone stopped at `date` (work that must carry the instant it was asked for).
    public func stopped(at date: Date) -> HospitalClock { HospitalClock(timeZone: timeZone, now: { date }) }

    /// The stored form of now (ISO-8601 UTC).
    public func timestamp() -> String { Timestamp.string(current()) }

    /// The hospital's calendar day now.
    public func today() -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: current())
        // A Gregorian date from Foundation always has its three parts in range.
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDay(daysSinceEpoch: 0)
    }

    /// Seconds since the hospital's midnight (the TISS header's time).
    public func secondOfDay() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: current())
        return (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)
    }

    /// `2026-11-23T14:05:00Z` → `23/11/2026 11:05` in the hospital's zone.
    public func display(_ timestamp: String?) -> String {
        guard let timestamp, let date = Timestamp.date(timestamp) else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ v: Int?) -> String { let n = v ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(p.day))/\(two(p.month))/\(p.year ?? 0) \(two(p.hour)):\(two(p.minute))"
    }

    /// The stored form (UTC) of the hospital's midnight at the start of `day`: a local day's
    /// bounds for comparing stored instants (a partial closed at 22:00 on the 31st is in that month).
    public func startTimestamp(of day: CalendarDay) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        return Timestamp.string(date)
    }

    /// A stored instant's day and `hh:mm` in the hospital's zone (a timeline puts it on its day).
    public func dayAndTime(_ timestamp: String) -> (day: CalendarDay, time: String)? {
        guard let date = Timestamp.date(timestamp) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let day = CalendarDay(year: p.year ?? 0, month: p.month ?? 0, day: p.day ?? 0) else { return nil }
        return (day, BrazilianFormat.pad(p.hour ?? 0) + ":" + BrazilianFormat.pad(p.minute ?? 0))
    }

    /// `display` in the configured zone, for pages that format a stored instant.
    public static func display(_ timestamp: String?) -> String { system.display(timestamp) }
}
