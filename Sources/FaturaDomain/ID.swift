/// A row's id typed by what it identifies: a partial's id cannot be passed where an item's or a
/// contract's is expected. Stored and sent as the plain integer (Codable as a single value), so the
/// database columns and the API are unchanged; literals in tests read as ids (`ID<PartialBill>` 3).
/// `@frozen` and `@inlinable`: the batches hash and compare a million of them, and other modules must
/// be able to specialise that to the integer's own code instead of going through generic witnesses.
@frozen
public struct ID<Entity>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let rawValue: Int

    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public init(integerLiteral value: Int) { rawValue = value }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    @inlinable public static func == (lhs: ID, rhs: ID) -> Bool { lhs.rawValue == rhs.rawValue }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    @inlinable public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

extension String {
    /// The id's digits (audit entity ids, links, messages).
    @inlinable public init<Entity>(_ id: ID<Entity>) { self = String(id.rawValue) }
}
