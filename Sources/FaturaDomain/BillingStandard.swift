/// How a payer is billed (padrão de faturamento). SUS and Particular stay out of the exam billing rule batch.
public enum BillingStandard: String, CaseIterable, Sendable, Codable {
    case convenio
    case sus
    case particular

    public var label: String {
        switch self {
        case .convenio: "Convênio"
        case .sus: "SUS"
        case .particular: "Particular"
        }
    }

    /// Only health insurers have an ANS registry number.
    public var requiresANSRegistry: Bool { self == .convenio }
}

/// The TISS version a payer accepts; set per payer because some still take older ones.
public enum TISSVersion: String, CaseIterable, Sendable, Codable {
    case v4_01_00 = "4.01.00"
    case v4_02_00 = "4.02.00"
    case v4_03_00 = "4.03.00"

    public static let current = TISSVersion.v4_03_00
}

/// The bytes the TISS `epilogo/hash` is computed over: the ANS manual says ISO-8859-1, some payers use UTF-8.
public enum TISSHashEncoding: String, CaseIterable, Sendable, Codable {
    case iso88591 = "iso-8859-1"
    case utf8 = "utf-8"

    public var label: String {
        switch self {
        case .iso88591: "ISO-8859-1 (padrão ANS)"
        case .utf8: "UTF-8"
        }
    }
}
