import FaturaDomain
import PropertyBased
import Testing

@Suite struct CalendarDayTests {
    @Test func readsIsoAndBrazilianForms() throws {
        let day = try #require(CalendarDay(iso: "2026-11-23"))
        #expect(day == CalendarDay(brazilian: "23/11/2026"))
        #expect(BrazilianFormat.date(day) == "23/11/2026")
        #expect(day.iso == "2026-11-23")
    }

    /// Stored dates are read digit by digit (a fast path); for any numbers in the ISO slots the
    /// answer is the calendar's: a real date round-trips, any other is refused.
    @Test func isoDatesAndTimesRoundTripOrAreRefused() async {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        await propertyCheck(input: Gen.int(in: 1...9999), Gen.int(in: 0...13), Gen.int(in: 0...32), Gen.int(in: 0...24), Gen.int(in: 0...60)) { y, m, d, h, mi in
            let year = String(repeating: "0", count: 4 - String(y).count) + String(y)
            let dayText = "\(year)-\(two(m))-\(two(d))"
            let real = CalendarDay(year: y, month: m, day: d)
            #expect(CalendarDay(iso: dayText) == real)
            #expect(CalendarDay(iso: dayText)?.iso == real.map { _ in dayText })
            let time = LocalDateTime(iso: dayText + "T\(two(h)):\(two(mi))")
            #expect((time != nil) == (real != nil && h <= 23 && mi <= 59))
            #expect(time?.iso == time.map { _ in dayText + "T\(two(h)):\(two(mi))" })
            #expect(LocalDateTime(iso: dayText + " \(two(h)):\(two(mi)):00") == time)
        }
        #expect(LocalDateTime(iso: "2026-11-02T09:00:75") == nil)
        #expect(LocalDateTime(iso: " 2026-11-02T09:00 ")?.iso == "2026-11-02T09:00")
        #expect(CalendarDay(iso: "2026-1a-01") == nil)
    }

    @Test func refusesImpossibleDates() {
        #expect(CalendarDay(iso: "2026-02-29") == nil)
        #expect(CalendarDay(iso: "2024-02-29") != nil) // leap year
        #expect(CalendarDay(iso: "1900-02-29") == nil) // century, not leap
        #expect(CalendarDay(iso: "2000-02-29") != nil) // divisible by 400
        #expect(CalendarDay(iso: "2026-13-01") == nil)
        #expect(CalendarDay(iso: "2026-4-1") == nil)
        #expect(CalendarDay(brazilian: "31/04/2026") == nil)
    }

    /// 23/11/2026 is a Monday; 1/1/2026 a Thursday; 25/12/2026 a Friday (1 = Sunday).
    @Test func knowsTheWeekday() {
        #expect(CalendarDay(year: 2026, month: 11, day: 23)?.weekday == 2)
        #expect(CalendarDay(year: 2026, month: 1, day: 1)?.weekday == 5)
        #expect(CalendarDay(year: 2026, month: 12, day: 25)?.weekday == 6)
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
    }

    /// 90 days before 23/11/2026 is 25/08/2026 (7 days of November... counted by hand: 23 Nov − 23 = 31 Oct,
    /// − 31 = 30 Sep, − 30 = 31 Aug, − 6 = 25 Aug; 23 + 31 + 30 + 6 = 90).
    @Test func addsDays() {
        #expect(CalendarDay(year: 2026, month: 11, day: 23)?.adding(days: -90) == CalendarDay(year: 2026, month: 8, day: 25))
        #expect(CalendarDay(year: 2024, month: 2, day: 28)?.adding(days: 1) == CalendarDay(year: 2024, month: 2, day: 29))
        #expect(CalendarDay(year: 2026, month: 12, day: 31)?.adding(days: 1) == CalendarDay(year: 2027, month: 1, day: 1))
    }

    @Test func dayNumbersRoundTrip() async {
        await propertyCheck(input: Gen.int(in: -200_000...200_000)) { number in
            let day = CalendarDay(daysSinceEpoch: number)
            #expect(day.daysSinceEpoch == number)
            #expect(CalendarDay(iso: day.iso) == day)
        }
    }
}
