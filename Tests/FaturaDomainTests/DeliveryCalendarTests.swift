import FaturaDomain
import Testing

/// DOMAIN.md §5: a deadline on a non-working day moves earlier. 2026: 1 February is a Sunday;
/// Easter is 5 April, so Carnaval is 16–17 February and Good Friday 3 April; Corpus Christi 4 June.
@Suite struct DeliveryCalendarTests {
    static func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let january = Competence("2026-01")!

    @Test func competencesAreReadAsTypedAndRefusedWhenAbsurd() {
        #expect(Competence("2026-11")?.label == "11/2026")
        #expect(Competence("11/2026")?.description == "2026-11")
        #expect(Competence("2026-12")?.next.description == "2027-01")
        for bad in ["2026-13", "2026-00", "26-01", "2026/11", "1899-01", "2026-1", "abcd-ef", ""] { #expect(Competence(bad) == nil, "\(bad)") }
    }

    @Test func aDeadlineOnAWeekendOrHolidayMovesEarlier() {
        // 15/02/2026 is a Sunday → Friday 13.
        #expect(DeliveryRule.dayOfFollowingMonth(15).deadline(for: Self.january) == Self.day("2026-02-13"))
        // 17/02 Carnaval Tuesday, 16 Carnaval Monday, 15 Sunday, 14 Saturday → Friday 13.
        #expect(DeliveryRule.dayOfFollowingMonth(17).deadline(for: Self.january) == Self.day("2026-02-13"))
        // The 30th of a 28-day February is the 28th, a Saturday → Friday 27.
        #expect(DeliveryRule.dayOfFollowingMonth(30).deadline(for: Self.january) == Self.day("2026-02-27"))
        // 03/04/2026 is Good Friday → Thursday 2 (competence March).
        #expect(DeliveryRule.dayOfFollowingMonth(3).deadline(for: Competence("2026-03")!) == Self.day("2026-04-02"))
        // 04/06/2026 Corpus Christi (Thursday) → Wednesday 3 (competence May).
        #expect(DeliveryRule.dayOfFollowingMonth(4).deadline(for: Competence("2026-05")!) == Self.day("2026-06-03"))
        // A business day stays: 31/03/2026 is a Tuesday.
        #expect(DeliveryRule.dayOfFollowingMonth(31).deadline(for: Competence("2026-02")!) == Self.day("2026-03-31"))
    }

    @Test func theNthBusinessDayAndWindowsAndPublishedDates() {
        // February 2026's business days: 2–6, 9–13, then Carnaval (16, 17) is skipped and Ash Wednesday counts:
        // the 5th is the 6th, the 12th is the 19th.
        #expect(DeliveryRule.nthBusinessDay(5).deadline(for: Self.january) == Self.day("2026-02-06"))
        #expect(DeliveryRule.nthBusinessDay(12).deadline(for: Self.january) == Self.day("2026-02-19"))
        let window = DeliveryRule.window(from: 1, to: 10)
        #expect(window.opens(for: Competence("2026-03")!) == Self.day("2026-04-01"))
        #expect(window.deadline(for: Competence("2026-03")!) == Self.day("2026-04-10")) // a Friday
        let published = DeliveryRule.published([Self.january: Self.day("2026-02-21")]) // a Saturday → Friday 20
        #expect(published.deadline(for: Self.january) == Self.day("2026-02-20"))
        #expect(published.deadline(for: Competence("2026-02")!) == nil)
    }

    @Test func badRulesAreNamed() {
        #expect(DeliveryRule.dayOfFollowingMonth(32).problems.map(\.field) == ["deliveryDay"])
        #expect(DeliveryRule.nthBusinessDay(24).problems.map(\.field) == ["deliveryDay"])
        #expect(DeliveryRule.window(from: 20, to: 10).problems.first?.message == "A janela começa depois de terminar (dia 20 a 10).")
        #expect(DeliveryRule.published([Self.january: Self.day("2026-01-20")]).problems.map(\.field) == ["deliveryDates"])
        #expect(PaymentTerm.daysAfterDelivery(0).problems.map(\.field) == ["paymentDays"])
        #expect(DeliveryRule.dayOfFollowingMonth(10).problems.isEmpty)
    }

    @Test func paymentIsExpectedOnTheNextBusinessDay() {
        // Delivered 13/02/2026 + 30 days = 15/03/2026, a Sunday → Monday 16.
        #expect(PaymentTerm.daysAfterDelivery(30).expectedPayment(deliveredOn: Self.day("2026-02-13")) == Self.day("2026-03-16"))
        // The 25th of the month after delivery: 25/03/2026, a Wednesday.
        #expect(PaymentTerm.fixedDay(25).expectedPayment(deliveredOn: Self.day("2026-02-13")) == Self.day("2026-03-25"))
    }

    /// Property: for every rule and competence of 2025–2027, the deadline is a business day, after
    /// the competence ends, and never after the day the rule names.
    @Test func everyDeadlineIsABusinessDayNoLaterThanTheNamedDay() {
        for year in 2025...2027 {
            for month in 1...12 {
                let competence = Competence(year: year, month: month)!
                for n in 1...31 {
                    let deadline = DeliveryRule.dayOfFollowingMonth(n).deadline(for: competence)!
                    #expect(BusinessDays.isBusinessDay(deadline))
                    #expect(deadline <= competence.next.day(n))
                    #expect(deadline > competence.lastDay.adding(days: -7)) // at most a long weekend before the month
                }
            }
        }
    }
}
