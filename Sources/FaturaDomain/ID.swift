/// A row's id typed by what it identifies: a partial's id cannot be passed where an item's or a
/// contract's is expected. Stored and sent as the plain integer (Codable as a single value), so the
/// database columns and the API are unchanged; literals in tests read as ids (`ID<PartialBill>` 3).
public struct ID<Entity>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { rawValue = value }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

extension String {
    /// The id's digits (audit entity ids, links, messages).
    public init<Entity>(_ id: ID<Entity>) { self = String(id.rawValue) }
}
