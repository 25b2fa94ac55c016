/// How amounts, percentages and dates are written for people in Brazil (DOMAIN.md §1).
public enum BrazilianFormat {
    /// `R$ 1.234,56`; negatives as `-R$ 1.234,56`.
    public static func currency(_ money: Money) -> String {
        (money.cents < 0 ? "-R$ " : "R$ ") + decimal(Money(cents: Int64(clamping: money.cents.magnitude)))
    }

    /// `1.234,56` without the symbol (CSV for people, form fields).
    public static func decimal(_ money: Money) -> String {
        let magnitude = money.cents.magnitude
        let reais = magnitude / 100
        let centavos = magnitude % 100
        let sign = money.cents < 0 ? "-" : ""
        return sign + groupThousands(reais) + "," + (centavos < 10 ? "0" : "") + String(centavos)
    }

    /// `70,00%`.
    public static func percentage(_ value: Percentage) -> String {
        let magnitude = value.basisPoints.magnitude
        let fraction = magnitude % 100
        // The minus sign (U+2212), as in "CBHPM −20%"; form fields keep the typed "-" (`formValue`).
        let sign = value.basisPoints < 0 ? "−" : ""
        return sign + groupThousands(UInt64(magnitude / 100)) + "," + (fraction < 10 ? "0" : "") + String(fraction) + "%"
    }

    /// `dd/MM/aaaa` from a calendar day.
    public static func date(_ day: CalendarDay) -> String {
        pad(day.day) + "/" + pad(day.month) + "/" + String(day.year)
    }

    /// A count with thousands separated by dots: `10.000`.
    /// "1 dia útil", "3 dias úteis", "0 itens": the number and the right form of the noun (no "dia(s) útil(eis)").
    public static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        integer(value) + " " + (abs(value) == 1 ? singular : plural)
    }

    public static func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + groupThousands(UInt64(value.magnitude))
    }

    public static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    static func groupThousands(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return out
    }

    /// Reads `1.234,56`, `1234,56`, `1234.56` or `R$ 1.234,56` into money; nil when it is not an amount.
    /// A lone separator followed by exactly three digits (`1.234`) is read as thousands, the way people write it.
    public static func parseMoney(_ text: String) -> Money? {
        var s = text.trimmed(" ")
        var negative = false
        // Both "-R$ 1,00" (how `currency` writes it) and "R$ -1,00" are read.
        if s.hasPrefix("-") { negative = true; s = String(s.dropFirst()).trimmed(" ") }
        if s.hasPrefix("R$") { s = String(s.dropFirst(2)).trimmed(" ") }
        if !negative, s.hasPrefix("-") { negative = true; s = String(s.dropFirst()).trimmed(" ") }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        // The decimal separator is the last ',' or '.' followed by one or two digits.
        var integerPart = s
        var fractionPart = ""
        if let sepIndex = s.lastIndex(where: { $0 == "," || $0 == "." }) {
            let after = s[s.index(after: sepIndex)...]
            if after.count <= 2 {
                integerPart = String(s[..<sepIndex])
                fractionPart = String(after)
            }
        }
        let integerDigits = integerPart.filter { $0 != "." && $0 != "," }
        guard !integerDigits.isEmpty || !fractionPart.isEmpty, integerDigits.count <= 15 else { return nil }
        let reais = Int64(integerDigits.isEmpty ? "0" : integerDigits) ?? 0
        let centavos = Int64(fractionPart.rightPadded(toLength: 2, with: "0")) ?? 0
        let cents = reais * 100 + centavos
        return Money(cents: negative ? -cents : cents)
    }
}

extension String {
    func trimmed(_ set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }

    func rightPadded(toLength length: Int, with pad: Character) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: pad, count: length - count)
    }
}
