/// A percentage with two decimals, held as basis points: 70,00% is 7000.
public struct Percentage: Hashable, Comparable, Sendable, Codable {
    public var basisPoints: Int

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Whole percent, e.g. `Percentage(percent: 70)` is 70,00%.
    public init(percent: Int) { self.basisPoints = percent * 100 }

    public static let hundred = Percentage(percent: 100)

    public static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.basisPoints < rhs.basisPoints }
}
