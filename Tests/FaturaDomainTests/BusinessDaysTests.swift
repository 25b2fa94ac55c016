import FaturaDomain
import Testing

/// Deadlines across weekends and national holidays, counted by hand on the 2026 calendar.
@Suite struct BusinessDaysTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    /// Friday 13/11/2026 + 3 business days: Mon 16, Tue 17, Wed 18 → 18/11 (the weekend is skipped).
    @Test func acrossAWeekend() {
        #expect(BusinessDays.adding(3, to: Self.day("2026-11-13")) == Self.day("2026-11-18"))
        #expect(BusinessDays.adding(0, to: Self.day("2026-11-14")) == Self.day("2026-11-14"))
    }

    /// Thursday 19/11/2026 + 2: Fri 20 is Consciência Negra (national since 2024), Sat, Sun → Mon 23, Tue 24.
    @Test func acrossANationalHoliday() {
        #expect(BusinessDays.adding(2, to: Self.day("2026-11-19")) == Self.day("2026-11-24"))
        // Wednesday 1/4/2026 + 2: Thu 2, Fri 3 is Good Friday → Mon 6.
        #expect(BusinessDays.adding(2, to: Self.day("2026-04-01")) == Self.day("2026-04-06"))
    }

    /// A deadline on Saturday 21/11/2026 moves to Thursday 19 (Friday 20 is a holiday).
    @Test func aDeadlineOnANonWorkingDayMovesEarlier() {
        #expect(BusinessDays.onOrBefore(Self.day("2026-11-21")) == Self.day("2026-11-19"))
        #expect(BusinessDays.onOrBefore(Self.day("2026-11-18")) == Self.day("2026-11-18"))
    }

    /// The 5th business day of January 2026: Thu 1 is a holiday; Fri 2, Mon 5, Tue 6, Wed 7, Thu 8 → 08/01.
    @Test func nthBusinessDayOfAMonth() {
        #expect(BusinessDays.nth(5, ofYear: 2026, month: 1) == Self.day("2026-01-08"))
        #expect(BusinessDays.nth(1, ofYear: 2026, month: 2) == Self.day("2026-02-02"))
        #expect(BusinessDays.nth(30, ofYear: 2026, month: 2) == nil)
    }
}
