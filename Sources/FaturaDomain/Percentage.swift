/// A percentage with two decimals, held as basis points: 70,00% is 7000.
public struct Percentage: Hashable, Comparable, Sendable, Codable {
    public var basisPoints: Int

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Whole percent, e.g. `Percentage(percent: 70)` is 70,00%.
    public init(percent: Int) { self.basisPoints = percent * 100 }

    public static let hundred = Percentage(percent: 100)

    public static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.basisPoints < rhs.basisPoints }
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
