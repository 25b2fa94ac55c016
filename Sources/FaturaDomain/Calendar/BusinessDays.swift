/// Business-day arithmetic over Brazilian national holidays: deadlines of non-conformities
/// ("N business days"), and later the payers' delivery calendars (a deadline that falls on a
/// non-working day moves earlier).
public enum BusinessDays {
    public static func isBusinessDay(_ day: CalendarDay) -> Bool { !BrazilianHolidays.isNonWorkingDay(day) }

    /// The day `count` business days after `start` (not counting `start`); 0 gives `start` itself.
    public static func adding(_ count: Int, to start: CalendarDay) -> CalendarDay {
        var day = start
        var left = max(0, count)
        while left > 0 {
            day = day.adding(days: 1)
            if isBusinessDay(day) { left -= 1 }
        }
        return day
    }

    /// `day` itself when it is a business day, otherwise the last business day before it.
    public static func onOrBefore(_ day: CalendarDay) -> CalendarDay {
        var current = day
        while !isBusinessDay(current) { current = current.adding(days: -1) }
        return current
    }

    /// The `n`-th business day of a month (1-based), e.g. "5º dia útil".
    public static func nth(_ n: Int, ofYear year: Int, month: Int) -> CalendarDay? {
        guard n >= 1, var day = CalendarDay(year: year, month: month, day: 1) else { return nil }
        var found = isBusinessDay(day) ? 1 : 0
        while found < n {
            day = day.adding(days: 1)
            guard day.month == month else { return nil }
            if isBusinessDay(day) { found += 1 }
        }
        return day
    }
}
