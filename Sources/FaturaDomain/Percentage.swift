/// A percentage with two decimals, held as basis points: 70,00% is 7000.
public struct Percentage: Hashable, Comparable, Sendable, Codable {
    public var basisPoints: Int

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Whole percent, e.g. `Percentage(percent: 70)` is 70,00%.
    public init(percent: Int) { self.basisPoints = percent * 100 }

    public static let hundred = Percentage(percent: 100)

    public static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.basisPoints < rhs.basisPoints }

    /// `part` ÷ `whole` to the hundredth of a percent, half away from zero (a glosa rate, a
    /// proposal's difference); nil when `whole` is not positive. In Int128: part × 10 000 cannot
    /// overflow whatever was stored (no stored value may end the process).
    public static func ratio(_ part: Money, _ whole: Money) -> Percentage? {
        guard whole.cents > 0 else { return nil }
        let product = Int128(part.cents) * 10_000, divisor = Int128(whole.cents)
        let quotient = (product.magnitude + UInt128(divisor / 2)) / UInt128(divisor)
        return Percentage(basisPoints: Int(clamping: product < 0 ? -Int128(quotient) : Int128(quotient)))
    }
}

extension Percentage {
    /// Reads `70`, `70,5`, `-20,00`, `−20%` or `12.5`: at most two decimals.
    public init?(parsing text: String) {
        var s = text.trimmingSpaces().replacingAll("%", with: "").replacingAll("\u{2212}", with: "-").trimmingSpaces()
        if s.hasPrefix("+") { s.removeFirst() }
        guard let quantity = Quantity(parsing: s), quantity.tenThousandths % 100 == 0 else { return nil }
        self.init(basisPoints: Int(quantity.tenThousandths / 100))
    }

    /// `-20,00` without the sign of percent, for form fields.
    public var formValue: String {
        let text = BrazilianFormat.percentage(self)
        return String(text.dropLast())
    }
}
