/// Reads the bytes of an uploaded or imported text file. UTF-8 (with or without a BOM) is the norm,
/// but Excel in Brazil still saves "CSV" as Windows-1252: such a file is read as Windows-1252 and the
/// caller says so, instead of storing U+FFFD in place of every accented letter ("Cr�nio").
public enum TextEncoding: String, Sendable, Equatable {
    case utf8
    case windows1252

    /// The notice shown to the person who sent the file.
    public var notice: String? {
        switch self {
        case .utf8: nil
        case .windows1252: "O arquivo não estava em UTF-8 e foi lido como Windows-1252 (Latin-1, o padrão do Excel): confira os acentos."
        }
    }
}

public enum TextDecoding {
    /// The text and how it was read. A leading UTF-8 BOM is dropped.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        return (windows1252(body), .windows1252)
    }

    /// Windows-1252: Latin-1 but for 0x80–0x9F, where it has €, quotes, dashes and a few letters.
    /// The five bytes it leaves undefined stay C1 controls, which the input checks refuse.
    public static func windows1252(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if (0x80...0x9F).contains(byte), let mapped = Unicode.Scalar(cp1252High[Int(byte) - 0x80]) {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
