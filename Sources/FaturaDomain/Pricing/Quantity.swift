/// A non-money decimal with four places, held as ten-thousandths: UCO quantities (33,800), film
/// areas in m² (0,0864), CH counts and item quantities. Exact, like `Money`.
public struct Quantity: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let scale: Int64 = 10_000
    public var tenThousandths: Int64

    public init(tenThousandths: Int64) { self.tenThousandths = tenThousandths }
    public init(_ whole: Int) { tenThousandths = Int64(whole) * Self.scale }

    public static let zero = Quantity(tenThousandths: 0)
    public static let one = Quantity(1)
    /// The largest quantity of one line: TISS writes quantities as `st_decimal9-4` (99.999,9999).
    public static let lineLimit = Quantity(tenThousandths: 999_999_999)

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

    public var isWhole: Bool { tenThousandths % Self.scale == 0 }
    public var wholePart: Int64 { tenThousandths / Self.scale }

    /// Reads `33,8`, `0,0864`, `1.5` or `2`: a comma or a point as the decimal separator, at most
    /// four decimals. Thousands separators are not accepted (quantities are small), so `1.500` is 1,5.
    public init?(parsing text: String) {
        if let plain = Self.plain(text.utf8) { tenThousandths = plain; return }
        var s = text.trimmingSpaces()
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        let parts = s.split(separator: s.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let intText = parts.first, !intText.isEmpty || parts.count == 2,
              intText.allSatisfy({ $0.isASCII && $0.isNumber }), intText.count <= 12 else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(parts.count == 2 && fraction.isEmpty) else { return nil }
        fraction = fraction.rightPadded(toLength: 4, with: "0")
        let value = (Int64(intText.isEmpty ? "0" : String(intText)) ?? 0) * Self.scale + (Int64(fraction) ?? 0)
        tenThousandths = negative ? -value : value
    }

    /// The common case read byte by byte — digits, one point or comma, at most four decimals, no
    /// sign or space (`1.0000` of every TISS line) — nil for anything else, which the general
    /// reading above then decides.
    static func plain(_ bytes: String.UTF8View) -> Int64? {
        var whole: Int64 = 0, fraction: Int64 = 0, digits = 0, decimals = -1
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if decimals >= 0 {
                    decimals += 1
                    guard decimals <= 4 else { return nil }
                    fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                } else {
                    digits += 1
                    guard digits <= 12 else { return nil }
                    whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
                }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard decimals < 0 else { return nil }
                decimals = 0
            default: return nil
            }
        }
        guard digits > 0 || decimals > 0, decimals != 0 else { return nil }
        var scaled = fraction
        for _ in 0..<(4 - max(decimals, 0)) { scaled *= 10 }
        return whole * scale + scaled
    }

    /// `33,8`, `0,0864`, `2` — Brazilian form without trailing zeros.
    public var description: String {
        let magnitude = tenThousandths.magnitude
        var text = String(magnitude / UInt64(Self.scale))
        var fraction = String(magnitude % UInt64(Self.scale))
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "," + fraction }
        return (tenThousandths < 0 ? "-" : "") + text
    }
}

/// A price per unit with four decimals (R$ per UCO, per CH, per m² of film), held in
/// ten-thousandths of a real: contracts write values such as R$ 0,4156 per CH.
public struct Rate: Hashable, Comparable, Sendable, Codable {
    public var tenThousandths: Int64

    public init(tenThousandths: Int64) { self.tenThousandths = tenThousandths }
    public init(_ money: Money) { tenThousandths = money.cents * 100 }

    public static let zero = Rate(tenThousandths: 0)
    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

    /// Reads `24,24`, `0,4156`, `21.7`, `R$ 1.234,5678` (four decimals at most).
    public init?(parsing text: String) {
        var s = text.trimmingSpaces()
        if s.hasPrefix("R$") { s = String(s.dropFirst(2)).trimmingSpaces() }
        // A Brazilian amount with a thousands point and a decimal comma: drop the points.
        if s.contains(",") { s = s.replacingAll(".", with: "") }
        guard let quantity = Quantity(parsing: s) else { return nil }
        tenThousandths = quantity.tenThousandths
    }

    /// `quantity × self`, rounded half up to the centavo: the one rounding of each priced part.
    public func times(_ quantity: Quantity) throws(FaturaError) -> Money {
        let product = Int128(quantity.tenThousandths) * Int128(tenThousandths) // scale 10^8 of a real
        return try Money.narrow(Money.divideRoundingHalfUp128(product, by: 1_000_000))
    }

    /// `24,24` / `0,4156`: two decimals at least, four at most.
    public var description: String {
        let cents = tenThousandths / 100
        let rest = tenThousandths % 100
        let base = BrazilianFormat.decimal(Money(cents: cents))
        if rest == 0 { return base }
        return base + (rest < 10 ? "0" : "") + String(rest).trimmingTrailingZeros()
    }
}

extension Money {
    /// Half-up (away from zero) division for the wide products of pricing.
    public static func divideRoundingHalfUp128(_ numerator: Int128, by denominator: Int128) -> Int128 {
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder * 2 >= denominator { return quotient + 1 }
        if remainder * 2 <= -denominator { return quotient - 1 }
        return quotient
    }

    /// `self × quantity` rounded half up to the centavo (a line's total from its unit value).
    public func times(_ quantity: Quantity) throws(FaturaError) -> Money {
        try Self.narrow(Self.divideRoundingHalfUp128(Int128(cents) * Int128(quantity.tenThousandths), by: Int128(Quantity.scale)))
    }

    /// `self × (1 + p1) × (1 + p2) …` with a single rounding at the end, for the porte part
    /// (contract adjustment, then urgency).
    public func adjusted(by percentages: [Percentage]) throws(FaturaError) -> Money {
        // Contracts carry one or two percentages (adjustment, urgency); more would overflow 128 bits.
        guard percentages.count <= 3, percentages.allSatisfy({ abs($0.basisPoints) <= 1_000_000 }) else { throw .amountOutOfRange }
        var numerator = Int128(cents)
        var denominator: Int128 = 1
        for percentage in percentages {
            numerator *= Int128(10_000 + percentage.basisPoints)
            denominator *= 10_000
        }
        return try Self.narrow(Self.divideRoundingHalfUp128(numerator, by: denominator))
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }

    func trimmingTrailingZeros() -> String {
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}

extension Quantity {
    /// In JSON a quantity is text ("1", "0,5", "33.8"), exact; a plain number is read too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else if let whole = try? container.decode(Int.self) {
            text = String(whole)
        } else {
            text = String(try container.decode(Double.self))
        }
        guard let value = Quantity(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "quantidade inválida: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
