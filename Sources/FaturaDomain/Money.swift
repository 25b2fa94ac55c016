/// An exact amount of Brazilian reais, held as integer centavos.
///
/// Billing must reconcile to the centavo (DOMAIN.md §1), so no floating point ever touches money.
public struct Money: Hashable, Comparable, Sendable, Codable {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.cents += rhs.cents }

    /// Multiplies by a percentage and rounds half up to the centavo ("arredondamento comercial").
    /// Half up means away from zero for the half: 0,005 → 0,01 and −0,005 → −0,01.
    public func applying(_ percentage: Percentage) -> Money {
        Money(cents: Self.divideRoundingHalfUp(cents * Int64(percentage.basisPoints), by: 10_000))
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
    public func sum() -> Money { reduce(.zero, +) }
}
