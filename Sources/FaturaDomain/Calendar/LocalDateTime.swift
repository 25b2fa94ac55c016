/// A moment in the hospital's own clock: the day and the minute of the day. Items are performed
/// at local times, and the urgency rule (19h to 7h) speaks of local times.
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var day: CalendarDay
    /// 0 … 1439.
    public var minuteOfDay: Int

    public init(day: CalendarDay, hour: Int, minute: Int) {
        self.day = day
        self.minuteOfDay = min(max(hour, 0), 23) * 60 + min(max(minute, 0), 59)
    }

    /// `2026-11-23T19:05`, `2026-11-23T19:05:00` or `2026-11-23 19:05`.
    public init?(iso text: String) {
        if let fast = ISODigits(text), fast.count >= 16 {
            let h = fast.number(11, 2), m = fast.number(14, 2)
            guard let day = fast.day(at: 0), h <= 23, m <= 59, fast.count == 16 || fast.number(17, 2) <= 59 else { return nil }
            self.init(day: day, hour: h, minute: m)
            return
        }
        let normalized = text.trimmingSpaces()
        guard normalized.count >= 16 else { return nil }
        let dayText = String(normalized.prefix(10))
        let separator = normalized[normalized.index(normalized.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == " ", let day = CalendarDay(iso: dayText) else { return nil }
        let time = normalized.dropFirst(11)
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        if parts.count == 3 {
            guard parts[2].count >= 2, Int(parts[2].prefix(2)).map({ (0...59).contains($0) }) == true else { return nil }
        }
        self.init(day: day, hour: h, minute: m)
    }

    public var hour: Int { minuteOfDay / 60 }
    public var minute: Int { minuteOfDay % 60 }

    public var iso: String { day.iso + "T" + BrazilianFormat.pad(hour) + ":" + BrazilianFormat.pad(minute) }
    public var description: String { iso }

    /// `23/11/2026 19:05`.
    public var brazilian: String { BrazilianFormat.date(day) + " " + BrazilianFormat.pad(hour) + ":" + BrazilianFormat.pad(minute) }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool { (lhs.day, lhs.minuteOfDay) < (rhs.day, rhs.minuteOfDay) }
}
