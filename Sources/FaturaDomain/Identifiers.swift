/// Check-digit validation of Brazilian registry numbers.
public enum Identifiers {
    /// CNPJ: 14 digits, two mod-11 check digits (weights 5..2,9..2 then 6..2,9..2). Repeated digits are refused.
    public static func isValidCNPJ(_ text: String) -> Bool {
        let digits = text.digitsOnly.compactMap { $0.wholeNumberValue }
        guard digits.count == 14, Set(digits).count > 1 else { return false }
        let first = mod11Digit(Array(digits[0..<12]), weights: [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
        let second = mod11Digit(Array(digits[0..<12]) + [first], weights: [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
        return digits[12] == first && digits[13] == second
    }

    /// CPF: 11 digits, two mod-11 check digits (weights 10..2 then 11..2). Repeated digits are refused.
    public static func isValidCPF(_ text: String) -> Bool {
        let digits = text.digitsOnly.compactMap { $0.wholeNumberValue }
        guard digits.count == 11, Set(digits).count > 1 else { return false }
        let first = mod11Digit(Array(digits[0..<9]), weights: Array((2...10).reversed()))
        let second = mod11Digit(Array(digits[0..<9]) + [first], weights: Array((2...11).reversed()))
        return digits[9] == first && digits[10] == second
    }

    /// ANS registry number of a health insurer (registro ANS): exactly six digits, not all zero.
    public static func isValidANSRegistry(_ text: String) -> Bool {
        text.count == 6 && text.allSatisfy { $0.isASCII && $0.isNumber } && text != "000000"
    }

    /// CNES (Cadastro Nacional de Estabelecimentos de Saúde): exactly seven digits.
    public static func isValidCNES(_ text: String) -> Bool {
        text.count == 7 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `12345678000195` → `12.345.678/0001-95`.
    public static func formatCNPJ(_ digits: String) -> String {
        let d = Array(digits.digitsOnly)
        guard d.count == 14 else { return digits }
        return String(d[0..<2]) + "." + String(d[2..<5]) + "." + String(d[5..<8]) + "/" + String(d[8..<12]) + "-" + String(d[12..<14])
    }

    static func mod11Digit(_ digits: [Int], weights: [Int]) -> Int {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let remainder = sum % 11
        return remainder < 2 ? 0 : 11 - remainder
    }
}
