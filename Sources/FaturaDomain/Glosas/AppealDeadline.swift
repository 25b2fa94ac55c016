/// The last day to appeal a glosa: the contract's days after the statement (DOMAIN.md §6: a term
/// of each contract, never a constant), moved **earlier** to a business day when it falls on a
/// weekend or national holiday, as delivery deadlines are (DOMAIN.md §5) — an appeal filed on the
/// business day before is never late.
public enum AppealDeadline {
    public static func due(statementOn day: CalendarDay, days: Int) -> CalendarDay {
        BusinessDays.onOrBefore(day.adding(days: max(0, days)))
    }

    /// Days left from `today` (negative: late), for "vencendo em 5 dias" and the red of the late ones.
    public static func daysLeft(until due: CalendarDay, today: CalendarDay) -> Int {
        due.daysSinceEpoch - today.daysSinceEpoch
    }
}
