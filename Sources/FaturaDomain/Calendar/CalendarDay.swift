/// A civil date with no time or zone: the day an exam was performed, a deadline, a competence's day.
///
/// Kept apart from `Date` on purpose: billing rules speak of days in the hospital's zone, and
/// mixing instants in would move items across midnight.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO `yyyy-MM-dd`, the form stored in the database and used by the API.
    public init?(iso text: String) {
        // Digits at fixed places, read as bytes: the batches read a million stored dates (perf).
        if let fast = ISODigits(text), fast.count == 10, let day = fast.day(at: 0) {
            self = day
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Brazilian `dd/MM/aaaa`, as people type it in forms.
    public init?(brazilian text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A day as a person or a file writes it: `dd/MM/aaaa` or `aaaa-MM-dd`.
    public init?(typed text: String) {
        guard let day = CalendarDay(brazilian: text) ?? CalendarDay(iso: text) else { return nil }
        self = day
    }

    /// Four-digit year always (`0999-01-01`, not `999-01-01`), so every day reads back.
    public var iso: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + BrazilianFormat.pad(month) + "-" + BrazilianFormat.pad(day)
    }
    public var description: String { iso }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without Foundation.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// 1 = Sunday … 7 = Saturday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 4) % 7 + 1 }
}

/// The bytes of an ISO date or date-time (`aaaa-mm-dd`, `aaaa-mm-ddThh:mm`, `aaaa-mm-ddThh:mm:ss`)
/// when every digit is where it should be; anything else goes the general (slower) way.
struct ISODigits {
    let bytes: [UInt8]
    var count: Int { bytes.count }

    init?(_ text: String) {
        let utf8 = text.utf8
        guard utf8.count == 10 || utf8.count == 16 || utf8.count == 19 else { return nil }
        bytes = Array(utf8)
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return nil }
            case 10: guard byte == UInt8(ascii: "T") || byte == UInt8(ascii: " ") else { return nil }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return nil }
            default: guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            }
        }
    }

    func number(_ from: Int, _ length: Int) -> Int {
        bytes[from..<(from + length)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    func day(at offset: Int) -> CalendarDay? {
        CalendarDay(year: number(offset, 4), month: number(offset + 5, 2), day: number(offset + 8, 2))
    }
}
