/// The billing department's indicators (DOMAIN.md §5), each a plain sum the page shows with its
/// numbers beside the chart: nothing here is estimated, every rate is a quotient of two sums.

/// One line of a glosa breakdown (by payer, reason, kind, origin sector, month or biller).
public struct GlosaRateRow: Hashable, Sendable {
    public var key: String
    public var label: String
    /// What was presented in the same cut (for reasons and kinds: everything presented in the period).
    public var presented: Money
    public var glosa: Money
    public var count: Int
    /// Appeals finished: recovered, and lost on the last round.
    public var recovered: Money
    public var lost: Money

    public init(key: String, label: String, presented: Money = .zero, glosa: Money = .zero, count: Int = 0, recovered: Money = .zero, lost: Money = .zero) {
        self.key = key
        self.label = label
        self.presented = presented
        self.glosa = glosa
        self.count = count
        self.recovered = recovered
        self.lost = lost
    }

    /// Glosa ÷ presented, to the hundredth of a percent (half up); nil when nothing was presented.
    public var rate: Percentage? { Self.ratio(glosa, presented) }
    /// Recovered ÷ (recovered + lost): how much of what went to appeal and was answered came back.
    public var recoveryRate: Percentage? { Self.ratio(recovered, recovered + lost) }

    public static func ratio(_ part: Money, _ whole: Money) -> Percentage? { Percentage.ratio(part, whole) }
}

/// Production not invoiced yet, by how long ago its period ended (0–30, 31–60, 61–90, > 90 days).
public struct AgeBucket: Hashable, Sendable {
    public let label: String
    public let days: ClosedRange<Int>
    public var partials = 0
    public var total = Money.zero

    public static func buckets(_ partials: [(periodEnd: CalendarDay, total: Money)], today: CalendarDay) -> [AgeBucket] {
        var buckets = [AgeBucket(label: "0 a 30 dias", days: 0...30), AgeBucket(label: "31 a 60 dias", days: 31...60),
                       AgeBucket(label: "61 a 90 dias", days: 61...90), AgeBucket(label: "mais de 90 dias", days: 91...Int.max)]
        for partial in partials {
            // A period that ends in the future (a stay still open) is 0 days old.
            let age = max(0, today.daysSinceEpoch - partial.periodEnd.daysSinceEpoch)
            guard let index = buckets.firstIndex(where: { $0.days.contains(age) }) else { continue }
            buckets[index].partials += 1
            buckets[index].total = buckets[index].total + partial.total
        }
        return buckets
    }
}

/// Days from delivery (sent) to the first payment, per payer, over the invoices already paid.
public struct PaymentDelay: Hashable, Sendable {
    public let payerId: Int
    public let payerName: String
    public let invoices: Int
    /// The average in tenths of a day (rounded half up): 325 is 32,5 days.
    public let averageTenths: Int

    public static func byPayer(_ invoices: [(payerId: Int, payerName: String, sentOn: CalendarDay, firstPaidOn: CalendarDay)]) -> [PaymentDelay] {
        Dictionary(grouping: invoices, by: \.payerId).map { payerId, rows in
            let days = rows.reduce(0) { $0 + max(0, $1.firstPaidOn.daysSinceEpoch - $1.sentOn.daysSinceEpoch) }
            return PaymentDelay(payerId: payerId, payerName: rows[0].payerName, invoices: rows.count,
                                averageTenths: Int(Money.divideRoundingHalfUp(Int64(days) * 10, by: Int64(rows.count))))
        }.sorted { ($0.payerName, $0.payerId) < ($1.payerName, $1.payerId) }
    }
}

/// Where the money of one competence is: paid, given up (accepted or lost on appeal), glosa
/// recovered on appeal and not paid yet, and the rest still open. Worked out invoice by invoice: a
/// recovery counts as paid once the payer has paid beyond what its statement released. The four
/// add up to what was presented whenever no invoice was paid beyond it.
public struct CompetenceMoney: Hashable, Sendable {
    public let competence: Competence
    public var presented = Money.zero
    public var paid = Money.zero
    public var recovered = Money.zero
    public var givenUp = Money.zero
    public var recoveredToReceive = Money.zero
    public var open = Money.zero

    public init(competence: Competence) { self.competence = competence }

    public static func byCompetence(_ rows: [TrackingMapRow]) -> [CompetenceMoney] {
        var found: [Competence: CompetenceMoney] = [:]
        for row in rows {
            var money = found[row.competence] ?? CompetenceMoney(competence: row.competence)
            let balance = max(.zero, row.presented - row.paid - row.givenUp)
            let paidBeyondReleased = max(.zero, row.paid - row.released)
            let toReceive = min(max(.zero, row.recovered - paidBeyondReleased), balance)
            money.presented = money.presented + row.presented
            money.paid = money.paid + row.paid
            money.recovered = money.recovered + row.recovered
            money.givenUp = money.givenUp + row.givenUp
            money.recoveredToReceive = money.recoveredToReceive + toReceive
            money.open = money.open + (balance - toReceive)
            found[row.competence] = money
        }
        return found.values.sorted { $0.competence < $1.competence }
    }
}
