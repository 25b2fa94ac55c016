import FaturaDomain
import Foundation

/// The small XML writer every TISS message goes through: elements are opened and closed by name,
/// text is always escaped here (user data never becomes markup), and the text of every leaf is
/// kept in document order for the epilogue's hash. Output is indented like the ANS samples and the
/// same calls give the same bytes.
struct TISSXMLWriter {
    private(set) var bytes: [UInt8] = []
    /// The leaf texts so far, in the hash's encoding (DOMAIN.md §4): the MD5 is taken over these bytes.
    private(set) var leafBytes: [UInt8] = []
    private var depth = 0
    /// The line being written (1-based), to name a claim in a schema message.
    private(set) var line = 1
    let encoding: TISSHash.Encoding
    static let prefix = Array("ans:".utf8)

    init(encoding: TISSHash.Encoding) {
        self.encoding = encoding
        bytes.reserveCapacity(1 << 20)
        leafBytes.reserveCapacity(1 << 18)
        let name = encoding == .utf8 ? "UTF-8" : "ISO-8859-1"
        bytes.append(contentsOf: "<?xml version=\"1.0\" encoding=\"\(name)\"?>\n".utf8)
        line += 1
    }

    private mutating func indent() { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2)) }

    private mutating func tag(_ name: String, closing: Bool) {
        bytes.append(UInt8(ascii: "<"))
        if closing { bytes.append(UInt8(ascii: "/")) }
        bytes.append(contentsOf: Self.prefix)
        bytes.append(contentsOf: name.utf8)
    }

    mutating func open(_ name: String, attributes: String = "") {
        indent()
        tag(name, closing: false)
        bytes.append(contentsOf: attributes.utf8)
        bytes.append(contentsOf: [UInt8(ascii: ">"), UInt8(ascii: "\n")])
        line += 1
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        tag(name, closing: true)
        bytes.append(contentsOf: [UInt8(ascii: ">"), UInt8(ascii: "\n")])
        line += 1
    }

    /// A leaf with its text (cleaned by `TISSText.clean`), counted in the hash.
    mutating func leaf(_ name: String, _ text: String) {
        indent()
        tag(name, closing: false)
        bytes.append(UInt8(ascii: ">"))
        append(text: TISSText.clean(text))
        tag(name, closing: true)
        bytes.append(contentsOf: [UInt8(ascii: ">"), UInt8(ascii: "\n")])
        line += 1
    }

    mutating func leaf(_ name: String, _ text: String?) {
        if let text { leaf(name, text) }
    }

    /// The epilogue's hash element: its own text is not part of what it hashes.
    mutating func hashLeaf(_ value: String) {
        indent()
        tag("hash", closing: false)
        bytes.append(UInt8(ascii: ">"))
        bytes.append(contentsOf: value.utf8)
        tag("hash", closing: true)
        bytes.append(contentsOf: [UInt8(ascii: ">"), UInt8(ascii: "\n")])
        line += 1
    }

    /// The text escaped into the file and, as is, into the hash's bytes. Most fields (codes,
    /// numbers, dates) are plain ASCII without markup characters: those are copied as they are.
    private mutating func append(text: String) {
        let utf8 = text.utf8
        if let plain = utf8.withContiguousStorageIfAvailable({ buffer in
            buffer.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        }), plain {
            bytes.append(contentsOf: utf8)
            leafBytes.append(contentsOf: utf8)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": bytes.append(contentsOf: "&amp;".utf8)
            case "<": bytes.append(contentsOf: "&lt;".utf8)
            case ">": bytes.append(contentsOf: "&gt;".utf8)
            default:
                if scalar.value < 0x80 || encoding == .iso88591 {
                    // `clean` left only Latin-1 here: one byte each in ISO-8859-1.
                    bytes.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
            if scalar.value < 0x80 || encoding == .iso88591 {
                leafBytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                leafBytes.append(contentsOf: String(scalar).utf8)
            }
        }
    }
}

extension TISSXMLWriter {
    /// `mensagemTISS` opened and its `cabecalho` written, for a message from the hospital to a payer.
    mutating func providerMessageHeader(transaction: String, sequence: Int, on day: CalendarDay, second: Int, hospital: ProviderIdentification,
                                        ansRegistry: String, version: TISSVersion) {
        open("mensagemTISS", attributes: " xmlns:ans=\"http://www.ans.gov.br/padroes/tiss/schemas\"")
        open("cabecalho")
        open("identificacaoTransacao")
        leaf("tipoTransacao", transaction)
        leaf("sequencialTransacao", String(sequence))
        leaf("dataRegistroTransacao", day.iso)
        leaf("horaRegistroTransacao", TISSFormat.time(secondOfDay: second))
        close("identificacaoTransacao")
        open("origem")
        open("identificacaoPrestador")
        switch hospital {
        case .code(let code): leaf("codigoPrestadorNaOperadora", code)
        case .cnpj(let cnpj): leaf("CNPJ", cnpj)
        case .cpf(let cpf): leaf("CPF", cpf)
        }
        close("identificacaoPrestador")
        close("origem")
        open("destino")
        leaf("registroANS", ansRegistry)
        close("destino")
        leaf("Padrao", version.rawValue)
        close("cabecalho")
    }

    /// The epilogue with the hash of everything written so far; the message closed. Returns the hash.
    mutating func finishMessage() -> String {
        let hash = TISSHash.md5(leafBytes)
        open("epilogo")
        hashLeaf(hash)
        close("epilogo")
        close("mensagemTISS")
        return hash
    }
}

/// Text as a TISS field can carry it: control characters become spaces, runs of spaces one, and
/// what ISO-8859-1 cannot hold loses its accent or becomes "?" — in both encodings, so a payer that
/// hashes UTF-8 and one that hashes ISO-8859-1 receive the same text.
public enum TISSText {
    public static func clean(_ text: String) -> String {
        // Printable ASCII without doubled, leading or trailing spaces is already clean (most fields).
        var previousSpace = true, plain = true
        for byte in text.utf8 {
            let space = byte == 0x20
            if byte < 0x20 || byte > 0x7E || (space && previousSpace) { plain = false; break }
            previousSpace = space
        }
        if plain && !previousSpace { return text }
        if text.isEmpty { return text }
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            var s = scalar
            if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (s.value > 0x9F && s.properties.isWhitespace) { s = " " }
            if s == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
                out.append(s)
                continue
            }
            lastWasSpace = false
            if s.value <= 0xFF {
                out.append(s)
            } else if let known = punctuation(s) {
                out.append(known)
            } else if let base = String(s).decomposedStringWithCanonicalMapping.unicodeScalars.first, base.value < 0x80 {
                out.append(base)
            } else {
                out.append("?")
            }
        }
        while out.last == " " { out.removeLast() }
        return String(out)
    }

    /// Dashes and quotes people paste from word processors.
    private static func punctuation(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s.value {
        case 0x2010...0x2015, 0x2212: "-"
        case 0x2018, 0x2019, 0x201A: "'"
        case 0x201C, 0x201D, 0x201E: "\""
        default: nil
        }
    }
}

/// TISS number formats.
public enum TISSFormat {
    /// st_decimal10-2 / 8-2: "1137.00".
    public static func money(_ money: Money) -> String {
        let cents = money.cents
        let sign = cents < 0 ? "-" : ""
        let absolute = cents.magnitude
        let fraction = absolute % 100
        return sign + String(absolute / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// The reading side, for files from payers: digits, an optional point and at most two decimals,
    /// no sign ("850.00" → 85 000 centavos); nil for anything else.
    static func cents(_ text: String) -> Int64? {
        var units: Int64 = 0, fraction: Int64 = 0, wholeDigits = 0, decimals = -1
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if decimals < 0 {
                    wholeDigits += 1
                    guard wholeDigits <= 12 else { return nil }
                    units = units * 10 + digit
                } else {
                    decimals += 1
                    guard decimals <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                }
            case UInt8(ascii: "."):
                guard decimals < 0 else { return nil }
                decimals = 0
            default: return nil
            }
        }
        guard wholeDigits > 0, decimals != 0 else { return nil }
        return units * 100 + (decimals == 1 ? fraction * 10 : fraction)
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
