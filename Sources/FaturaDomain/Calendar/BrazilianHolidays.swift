/// Brazilian national holidays, with the movable ones computed from Easter: Carnaval (Monday and
/// Tuesday), Good Friday and Corpus Christi. DOMAIN.md counts these as non-working days for
/// deadlines and for urgency, although Carnaval and Corpus Christi are "pontos facultativos".
public enum BrazilianHolidays {
    /// Fixed national holidays (month, day). 20 November (Consciência Negra) is national since 2024.
    static func fixed(_ year: Int) -> [(Int, Int)] {
        var days = [(1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (12, 25)]
        if year >= 2024 { days.append((11, 20)) }
        return days
    }

    /// Days from Easter Sunday: Carnaval Monday and Tuesday, Good Friday, Corpus Christi.
    static let movableOffsets = [-48, -47, -2, 60]

    /// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    public static func easter(_ year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day) ?? CalendarDay(daysSinceEpoch: 0)
    }

    public static func holidays(in year: Int) -> Set<CalendarDay> {
        var set = Set(fixed(year).compactMap { CalendarDay(year: year, month: $0.0, day: $0.1) })
        let easter = easter(year)
        for offset in movableOffsets { set.insert(easter.adding(days: offset)) }
        return set
    }

    /// Whether `day` is one of `holidays(in:)`, without building the year's set: deadlines ask it
    /// for every day they walk, hundreds of times for one page of the tracking map.
    public static func isHoliday(_ day: CalendarDay) -> Bool {
        if fixed(day.year).contains(where: { $0.0 == day.month && $0.1 == day.day }) { return true }
        let easter = easter(day.year)
        return movableOffsets.contains { easter.adding(days: $0) == day }
    }

    /// Saturday, Sunday or a national holiday.
    public static func isNonWorkingDay(_ day: CalendarDay) -> Bool {
        day.weekday == 1 || day.weekday == 7 || isHoliday(day)
    }
}
