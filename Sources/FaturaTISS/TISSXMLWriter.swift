import FaturaDomain
import Foundation

/// The small XML writer every TISS message goes through: elements are opened and closed by name,
/// text is always escaped here (user data never becomes markup), and the text of every leaf is
/// kept in document order for the epilogue's hash. Output is indented like the ANS samples and the
/// same calls give the same bytes.
struct TISSXMLWriter {
    private(set) var bytes: [UInt8] = []
    /// The leaf texts so far, concatenated (DOMAIN.md §4).
    private(set) var leafText = ""
    private var depth = 0
    /// The line being written (1-based), to name a claim in a schema message.
    private(set) var line = 1
    let encoding: TISSHash.Encoding
    static let prefix = "ans:"

    init(encoding: TISSHash.Encoding) {
        self.encoding = encoding
        bytes.reserveCapacity(64 * 1024)
        let name = encoding == .utf8 ? "UTF-8" : "ISO-8859-1"
        raw("<?xml version=\"1.0\" encoding=\"\(name)\"?>\n")
    }

    private mutating func raw(_ ascii: String) {
        bytes.append(contentsOf: ascii.utf8)
        if ascii.hasSuffix("\n") { line += 1 }
    }

    private mutating func indent() { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2)) }

    mutating func open(_ name: String, attributes: String = "") {
        indent()
        raw("<" + Self.prefix + name + attributes + ">\n")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        raw("</" + Self.prefix + name + ">\n")
    }

    /// A leaf with its text (cleaned by `TISSText.clean`), counted in the hash.
    mutating func leaf(_ name: String, _ text: String) {
        let clean = TISSText.clean(text)
        leafText += clean
        indent()
        raw("<" + Self.prefix + name + ">")
        append(escaping: clean)
        raw("</" + Self.prefix + name + ">\n")
    }

    mutating func leaf(_ name: String, _ text: String?) {
        if let text { leaf(name, text) }
    }

    /// The epilogue's hash element: its own text is not part of what it hashes.
    mutating func hashLeaf(_ value: String) {
        indent()
        raw("<" + Self.prefix + "hash>" + value + "</" + Self.prefix + "hash>\n")
    }

    private mutating func append(escaping text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": raw("&amp;")
            case "<": raw("&lt;")
            case ">": raw("&gt;")
            default:
                if encoding == .utf8 || scalar.value < 0x80 {
                    bytes.append(contentsOf: String(scalar).utf8)
                } else {
                    // `clean` left only Latin-1 here: one byte each.
                    bytes.append(UInt8(scalar.value))
                }
            }
        }
    }
}

/// Text as a TISS field can carry it: control characters become spaces, runs of spaces one, and
/// what ISO-8859-1 cannot hold loses its accent or becomes "?" — in both encodings, so a payer that
/// hashes UTF-8 and one that hashes ISO-8859-1 receive the same text.
public enum TISSText {
    public static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            var s = scalar
            if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.properties.isWhitespace { s = " " }
            if s == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
                out.append(s)
                continue
            }
            lastWasSpace = false
            if s.value <= 0xFF {
                out.append(s)
            } else if let base = String(s).decomposedStringWithCanonicalMapping.unicodeScalars.first, base.value < 0x80 {
                out.append(base)
            } else {
                out.append(fallback(s))
            }
        }
        while out.last == " " { out.removeLast() }
        return String(out)
    }

    private static func fallback(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0x2010...0x2015, 0x2212: "-"
        case 0x2018, 0x2019, 0x201A: "'"
        case 0x201C, 0x201D, 0x201E: "\""
        default: "?"
        }
    }
}

/// TISS number formats.
enum TISSFormat {
    /// st_decimal10-2 / 8-2: "1137.00".
    static func money(_ money: Money) -> String {
        let cents = money.cents
        let sign = cents < 0 ? "-" : ""
        let absolute = cents.magnitude
        let fraction = absolute % 100
        return sign + String(absolute / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// st_decimal3-2: the percentage as a factor, "0.70" (rounded half up to the hundredth).
    static func factor(_ percentage: Percentage) -> String {
        let hundredths = (percentage.basisPoints + 50) / 100
        return String(hundredths / 100) + "." + (hundredths % 100 < 10 ? "0" : "") + String(hundredths % 100)
    }

    /// st_decimal9-4: "1.5000".
    static func quantity(_ quantity: Quantity) -> String {
        let fraction = String(quantity.tenThousandths % Quantity.scale)
        return String(quantity.wholePart) + "." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    static func time(minuteOfDay: Int) -> String {
        pad(minuteOfDay / 60) + ":" + pad(minuteOfDay % 60) + ":00"
    }

    static func time(secondOfDay: Int) -> String {
        pad(secondOfDay / 3600) + ":" + pad(secondOfDay / 60 % 60) + ":" + pad(secondOfDay % 60)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
}
