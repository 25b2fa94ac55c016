/// Plausible bounds for what arrives from outside (the HIS, files, forms), checked at the edge so that
/// nothing stored can later overflow a total, flood a page or hide text behind control characters.
/// TISS fixes most of them: it writes quantities as `st_decimal9-4`, amounts as `st_decimal10-2`,
/// card and authorisation numbers as `st_texto20`.
public enum InputLimits {
    /// Days the product accepts anywhere: 1900 to 2100. Years such as 0001 or 9999 are typing or
    /// conversion errors, never a real encounter or birth.
    public static let earliestDay = CalendarDay(year: 1900, month: 1, day: 1)!
    public static let latestDay = CalendarDay(year: 2100, month: 12, day: 31)!

    /// Lines of one partial in one document, encounters in one document.
    public static let maxItemsPerPartial = 5_000
    public static let maxEncountersPerDocument = 10_000

    /// Longest text per kind of field, in characters.
    public enum Length {
        public static let externalId = 64
        public static let code = 20
        public static let shortCode = 20
        public static let name = 150
        public static let description = 500
        public static let note = 2_000
    }

    public static func isPlausible(_ day: CalendarDay) -> Bool { day >= earliestDay && day <= latestDay }

    /// The first character that has no place in a name, code or description: C0 and C1 controls
    /// (NUL, tab, line breaks…), DEL, bidirectional overrides and isolates (they reorder what a
    /// person reads: "U+202E"), the byte-order mark and U+FFFD (the sign of text decoded wrongly).
    public static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0xFEFF, 0xFFFD: true
        default: false
        }
    }

    /// What is wrong with a text of at most `max` characters, or nil: too long, or a forbidden character.
    public static func problem(in text: String, max: Int) -> String? {
        if text.count > max { return "texto longo demais: \(text.count) caracteres (máximo \(max))" }
        if let scalar = forbiddenCharacter(in: text) {
            return "caractere não permitido (\(describe(scalar))): remova caracteres de controle ou de direção de texto"
        }
        return nil
    }

    /// `U+202E` as people and logs write it.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension FieldErrors {
    /// Checks a text field against its length and the forbidden characters; an empty or nil value is
    /// left to the "required" checks.
    public mutating func text(_ field: String, _ value: String?, max: Int) {
        guard let value, !value.isEmpty, let problem = InputLimits.problem(in: value, max: max) else { return }
        add(field, problem.prefix(1).uppercased() + problem.dropFirst() + ".")
    }

    /// Checks that a valid day lies between 1900 and 2100.
    public mutating func plausible(_ field: String, _ day: CalendarDay?) {
        guard let day, !InputLimits.isPlausible(day) else { return }
        add(field, "Data fora do intervalo aceito (01/01/1900 a 31/12/2100): \(BrazilianFormat.date(day)).")
    }
}
