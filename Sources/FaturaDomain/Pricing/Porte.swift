/// A CBHPM fee tier, 1A … 14C: fourteen levels of three letters each.
public struct Porte: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let level: Int
    /// 0 = A, 1 = B, 2 = C.
    public let letterIndex: Int

    public init?(_ text: String) {
        let t = text.trimmingSpaces().uppercased()
        guard let letter = t.last, let index = "ABC".firstIndex(of: letter), let level = Int(t.dropLast()), (1...14).contains(level) else {
            return nil
        }
        self.level = level
        self.letterIndex = "ABC".distance(from: "ABC".startIndex, to: index)
    }

    /// 0 for 1A … 41 for 14C: the order of the tiers.
    public var rank: Int { (level - 1) * 3 + letterIndex }

    public var description: String { String(level) + ["A", "B", "C"][letterIndex] }

    public static func < (lhs: Porte, rhs: Porte) -> Bool { lhs.rank < rhs.rank }

    public static let all: [Porte] = (1...14).flatMap { level in ["A", "B", "C"].compactMap { Porte("\(level)\($0)") } }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let porte = Porte(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "porte inválido: \(text)"))
        }
        self = porte
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
