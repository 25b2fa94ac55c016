/// An exact amount of Brazilian reais, held as integer centavos.
///
/// Billing must reconcile to the centavo (DOMAIN.md §1), so no floating point ever touches money.
public struct Money: Hashable, Comparable, Sendable, Codable {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// The largest value of one amount on a line (unit value, line total): TISS writes values as
    /// `st_decimal10-2`, so R$ 99.999.999,99. Inputs are checked against it at the edge.
    public static let lineLimit = Money(cents: 9_999_999_999)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }

    /// Sum of two amounts of one line (its parts) — values the edge has bounded by `lineLimit`, so
    /// it cannot overflow. Sums of many lines go through `sum()`, which reports overflow.
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents &+ rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents &- rhs.cents) }

    /// `self + other`, or `FaturaError.amountOutOfRange` when it does not fit: totals over stored
    /// rows must never stop the process, whatever the rows hold.
    public func adding(_ other: Money) throws(FaturaError) -> Money {
        let (value, overflow) = cents.addingReportingOverflow(other.cents)
        if overflow { throw .amountOutOfRange }
        return Money(cents: value)
    }

    /// Whether the amount is a plausible value for one line (0 to `lineLimit`).
    public var isWithinLineLimit: Bool { cents >= 0 && cents <= Self.lineLimit.cents }

    /// Multiplies by a percentage and rounds half up to the centavo ("arredondamento comercial").
    /// Half up means away from zero for the half: 0,005 → 0,01 and −0,005 → −0,01.
    public func applying(_ percentage: Percentage) throws(FaturaError) -> Money {
        try Self.narrow(Self.divideRoundingHalfUp128(Int128(cents) * Int128(percentage.basisPoints), by: 10_000))
    }

    /// A wide intermediate result back to an amount, or `amountOutOfRange`.
    static func narrow(_ value: Int128) throws(FaturaError) -> Money {
        guard let cents = Int64(exactly: value) else { throw .amountOutOfRange }
        return Money(cents: cents)
    }

    /// Integer division rounding half away from zero; the one rounding rule of the product.
    public static func divideRoundingHalfUp(_ numerator: Int64, by denominator: Int64) -> Int64 {
        precondition(denominator > 0)
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder * 2 >= denominator { return quotient + 1 }
        if remainder * 2 <= -denominator { return quotient - 1 }
        return quotient
    }
}

extension Sequence where Element == Money {
    /// The total, or `FaturaError.amountOutOfRange` when it does not fit in 64 bits.
    public func sum() throws(FaturaError) -> Money {
        var total = Money.zero
        for amount in self { total = try total.adding(amount) }
        return total
    }
}
