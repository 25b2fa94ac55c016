import FaturaDomain
import Testing

/// The tracking map's rows and totals (DOMAIN.md §5), values worked out by hand.
@Suite struct TrackingMapTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 11)!

    static func row(_ id: Int, payer: (Int, String) = (1, "Vida Plena"), competence: String = "2026-11", presented: Int64 = 0, released: Int64 = 0,
                    paid: Int64 = 0, glosa: Int64 = 0, underAppeal: Int64 = 0, recovered: Int64 = 0, writtenOff: Int64 = 0, lost: Int64 = 0,
                    deadline: CalendarDay? = nil, sentOn: CalendarDay? = nil, expected: CalendarDay? = nil, status: InvoiceStatus = .sent) -> TrackingMapRow {
        TrackingMapRow(invoiceId: id, payerId: payer.0, payerName: payer.1, number: id, competence: Competence(competence)!, status: status,
                       presented: Money(cents: presented), deadline: deadline, sentOn: sentOn, paymentExpected: expected,
                       released: Money(cents: released), paid: Money(cents: paid), glosa: Money(cents: glosa), underAppeal: Money(cents: underAppeal),
                       recovered: Money(cents: recovered), writtenOff: Money(cents: writtenOff), lost: Money(cents: lost))
    }

    @Test func aRowsPendingGivenUpAndBalanceFollowTheIdentities() {
        // Presented 1.000,00: released 700,00, glosa 200,00 (50,00 under appeal, 30,00 recovered,
        // 80,00 accepted, 40,00 lost), paid 500,00.
        let r = Self.row(1, presented: 100_000, released: 70_000, paid: 50_000, glosa: 20_000, underAppeal: 5_000, recovered: 3_000, writtenOff: 8_000, lost: 4_000)
        #expect(r.pending.cents == 10_000)   // 1.000,00 − 700,00 − 200,00
        #expect(r.givenUp.cents == 12_000)   // 80,00 + 40,00
        #expect(r.balance.cents == 38_000)   // 1.000,00 − 500,00 − 120,00
    }

    @Test func lateDeliveryAndOverduePayment() {
        let deadline = CalendarDay(year: 2026, month: 12, day: 10)!
        #expect(Self.row(1, deadline: deadline, sentOn: CalendarDay(year: 2026, month: 12, day: 11)!).isDeliveryLate(today: Self.today))
        #expect(!Self.row(1, deadline: deadline, sentOn: deadline).isDeliveryLate(today: Self.today))
        #expect(Self.row(1, deadline: deadline, status: .closed).isDeliveryLate(today: Self.today))
        #expect(!Self.row(1, deadline: deadline, status: .closed).isDeliveryLate(today: deadline))
        let expected = CalendarDay(year: 2026, month: 12, day: 10)!
        #expect(Self.row(1, released: 10_000, paid: 9_999, expected: expected).isPaymentOverdue(today: Self.today))
        #expect(!Self.row(1, released: 10_000, paid: 10_000, expected: expected).isPaymentOverdue(today: Self.today))
        #expect(!Self.row(1, released: 10_000, paid: 0, expected: expected).isPaymentOverdue(today: expected))
    }

    @Test func filteredSortedAndGroupedWithSubtotals() {
        let rows = [
            Self.row(1, payer: (2, "Saúde Total"), presented: 30_000, paid: 30_000),
            Self.row(2, payer: (1, "Vida Plena"), presented: 50_000, paid: 10_000, glosa: 5_000, writtenOff: 5_000),
            Self.row(3, payer: (1, "Vida Plena"), competence: "2026-10", presented: 20_000),
            Self.row(4, payer: (2, "Saúde Total"), presented: 10_000, deadline: CalendarDay(year: 2026, month: 12, day: 1)!, status: .closed),
        ]
        var filter = TrackingMapFilter(companyId: 1, sort: .presented, descending: true)
        #expect(TrackingMap(rows: rows, filter: filter, today: Self.today).rows.map(\.invoiceId) == [2, 1, 3, 4])
        filter.descending = false
        #expect(TrackingMap(rows: rows, filter: filter, today: Self.today).rows.map(\.invoiceId) == [4, 3, 1, 2])

        // Balance: 1 → 0,00 (fully paid); 2 → 500 − 100 − 50 = 350,00; 3 → 200,00; 4 → 100,00.
        filter.withBalance = true
        let withBalance = TrackingMap(rows: rows, filter: filter, today: Self.today)
        #expect(withBalance.rows.map(\.invoiceId) == [4, 3, 2])
        #expect(withBalance.totals.balance.cents == 65_000 && withBalance.totals.presented.cents == 80_000)

        filter.withBalance = false
        filter.lateOnly = true
        #expect(TrackingMap(rows: rows, filter: filter, today: Self.today).rows.map(\.invoiceId) == [4])

        filter.lateOnly = false
        filter.groupByPayer = true
        filter.sort = .competence
        let grouped = TrackingMap(rows: rows, filter: filter, today: Self.today)
        let groups = try! #require(grouped.groups)
        #expect(groups.map(\.payerName) == ["Saúde Total", "Vida Plena"])
        #expect(groups.map { $0.rows.map(\.invoiceId) } == [[1, 4], [3, 2]])
        #expect(groups.map(\.subtotal.presented.cents) == [40_000, 70_000])
        #expect(groups.map(\.subtotal.balance.cents) == [10_000, 55_000])
        #expect(grouped.totals.presented.cents == 110_000 && grouped.totals.invoices == 4 && grouped.totals.paid.cents == 40_000)
    }

    @Test func aMissingDateSortsLastWhenAscending() {
        let rows = [Self.row(1, sentOn: nil), Self.row(2, sentOn: CalendarDay(year: 2026, month: 12, day: 5)!), Self.row(3, sentOn: CalendarDay(year: 2026, month: 12, day: 1)!)]
        #expect(TrackingMap(rows: rows, filter: TrackingMapFilter(companyId: 1, sort: .sentOn), today: Self.today).rows.map(\.invoiceId) == [3, 2, 1])
    }

    @Test func competencesMoveByMonthsAcrossYears() {
        #expect(Competence("2026-11")!.adding(months: 2) == Competence("2027-01"))
        #expect(Competence("2026-01")!.adding(months: -13) == Competence("2024-12"))
        #expect(Competence("2026-05")!.adding(months: 0) == Competence("2026-05"))
    }

    @Test func theLastTwelveMonthsEndAtTodaysCompetence() {
        let range = TrackingMapFilter.lastTwelveMonths(before: CalendarDay(year: 2026, month: 3, day: 15)!)
        #expect(range.from == Competence("2025-04") && range.to == Competence("2026-03"))
    }

    /// Whatever the rows, filter and order: the total is the sum of the subtotals and of the rows,
    /// no row is lost or doubled, and the rows come in the asked order.
    @Test(arguments: 0..<40)
    func totalsAreTheSumOfTheRowsWhateverTheOrderAndGrouping(_ seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let payers = [(1, "A"), (2, "B"), (3, "C")]
        let rows = (0..<Int(random.next() % 30)).map { id -> TrackingMapRow in
            let presented = Int64(random.next() % 1_000_000)
            let glosa = Int64(random.next() % UInt64(presented + 1))
            let writtenOff = Int64(random.next() % UInt64(glosa + 1))
            return Self.row(id + 1, payer: payers[Int(random.next() % 3)], competence: "2026-\(BrazilianFormat.pad(Int(random.next() % 12) + 1))",
                            presented: presented, released: presented - glosa, paid: Int64(random.next() % UInt64(presented - glosa + 1)),
                            glosa: glosa, writtenOff: writtenOff)
        }
        let column = TrackingMapColumn.allCases[Int(random.next() % UInt64(TrackingMapColumn.allCases.count))]
        let filter = TrackingMapFilter(companyId: 1, sort: column, descending: random.next() % 2 == 0, groupByPayer: random.next() % 2 == 0)
        let map = TrackingMap(rows: rows, filter: filter, today: Self.today)
        #expect(map.rows.map(\.invoiceId).sorted() == rows.map(\.invoiceId).sorted())
        #expect(map.totals.balance.cents == rows.reduce(0) { $0 + $1.presented.cents - $1.paid.cents - $1.writtenOff.cents })
        #expect(map.totals.presented == map.rows.reduce(Money.zero) { $0 + $1.presented })
        if let groups = map.groups {
            #expect(groups.reduce(Money.zero) { $0 + $1.subtotal.balance } == map.totals.balance)
            #expect(groups.map(\.payerName) == groups.map(\.payerName).sorted())
            #expect(groups.allSatisfy { group in group.rows.allSatisfy { $0.payerId == group.payerId } })
        }
        // Adjacent rows (within a group when grouped) never break the asked order.
        let runs = map.groups?.map(\.rows) ?? [map.rows]
        for run in runs {
            for (a, b) in zip(run, run.dropFirst()) {
                if filter.descending { #expect(column.ascending(a, b) != true) } else { #expect(column.ascending(b, a) != true) }
            }
        }
    }
}

/// A small deterministic generator (the property tests repeat exactly).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The indicators' arithmetic, by hand.
@Suite struct IndicatorTests {
    @Test func ratesAreQuotientsRoundedHalfUpToTheHundredthOfAPercent() {
        #expect(GlosaRateRow(key: "", label: "", presented: Money(cents: 3), glosa: Money(cents: 1)).rate == Percentage(basisPoints: 3_333))
        #expect(GlosaRateRow(key: "", label: "", presented: Money(cents: 3), glosa: Money(cents: 2)).rate == Percentage(basisPoints: 6_667))
        #expect(GlosaRateRow(key: "", label: "", presented: .zero, glosa: Money(cents: 2)).rate == nil)
        #expect(GlosaRateRow(key: "", label: "", recovered: Money(cents: 2_000), lost: Money(cents: 3_000)).recoveryRate == Percentage(basisPoints: 4_000))
        #expect(GlosaRateRow(key: "", label: "").recoveryRate == nil)
        // Absurd stored sums do not end the process.
        #expect(GlosaRateRow(key: "", label: "", presented: Money(cents: 1), glosa: Money(cents: .max)).rate != nil)
    }

    @Test func productionAgeBucketsHaveTheirBoundaries() {
        let today = CalendarDay(year: 2026, month: 12, day: 31)!
        let ages = [0, 30, 31, 60, 61, 90, 91, -5]
        let partials = ages.map { (periodEnd: today.adding(days: -$0), total: Money(cents: 100)) }
        let buckets = AgeBucket.buckets(partials, today: today)
        #expect(buckets.map(\.partials) == [3, 2, 2, 1])   // 0, 30, future | 31, 60 | 61, 90 | 91
        #expect(buckets.map(\.total.cents) == [300, 200, 200, 100])
    }

    @Test func paymentDelaysAverageInTenthsOfADay() {
        let sent = CalendarDay(year: 2026, month: 1, day: 10)!
        let rows = [(payerId: 1, payerName: "A", sentOn: sent, firstPaidOn: sent.adding(days: 10)),
                    (payerId: 1, payerName: "A", sentOn: sent, firstPaidOn: sent.adding(days: 11)),
                    (payerId: 1, payerName: "A", sentOn: sent, firstPaidOn: sent.adding(days: 11)),
                    (payerId: 2, payerName: "B", sentOn: sent, firstPaidOn: sent.adding(days: 21))]
        // A: 32 days ÷ 3 = 10,67 → 10,7; B: 21,0.
        #expect(PaymentDelay.byPayer(rows).map(\.averageTenths) == [107, 210])
    }

    @Test func theMoneyOfACompetenceAddsUpToWhatWasPresented() {
        // Invoice 2 was paid 100,00 beyond its released 95,00: its 5,00 recovered is already paid.
        let rows = [TrackingMapTests.row(1, presented: 113_700, released: 106_200, paid: 80_000, glosa: 7_500, recovered: 2_000, writtenOff: 2_500, lost: 3_000),
                    TrackingMapTests.row(2, presented: 10_000, released: 9_500, paid: 10_000, glosa: 500, recovered: 500)]
        let money = CompetenceMoney.byCompetence(rows)
        #expect(money.count == 1)
        let m = money[0]
        // Invoice 1: balance 1.137,00 − 800,00 − 55,00 = 282,00, of which the 20,00 recovered is still to
        // receive (paid 800,00 < released 1.062,00), 262,00 open. Invoice 2: nothing left.
        #expect([m.paid, m.givenUp, m.recoveredToReceive, m.open].map(\.cents) == [90_000, 5_500, 2_000, 26_200])
        #expect((m.paid + m.givenUp + m.recoveredToReceive + m.open) == m.presented)
    }
}
