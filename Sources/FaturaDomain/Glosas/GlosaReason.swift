/// The three kinds of glosa (DOMAIN.md §5): administrative (form, registration, authorisation),
/// technical (clinical pertinence: the audit sector gives its opinion) and contractual (not covered,
/// not in the contract's table, duplicate, a value above the agreed one).
public enum GlosaKind: String, Sendable, CaseIterable, Codable {
    case administrative
    case technical
    case contractual

    public var label: String {
        switch self {
        case .administrative: "Administrativa"
        case .technical: "Técnica"
        case .contractual: "Contratual"
        }
    }

    /// The kind a TUSS table 38 code gets by its group (its first two digits), editable per glosa.
    /// The groups as table 38 names them:
    /// - administrative: 10 beneficiary, 11 protocol, 12 provider, 13 claim form, 14 authorisation,
    ///   15 accident/illness fields, 16 encounter rules, 29 glosa review, 31 access/registration,
    ///   50 TISS message;
    /// - contractual: 17 billing (duplicate, value above the agreed one, out of term), 20 materials,
    ///   21 drugs, 22 OPME, 23 medical gases, 24 fees and rentals (coverage, included in another
    ///   item), 26 coding and fees included in the main procedure, 28 packages;
    /// - technical: 18 procedure (incompatible with sex, age, diagnosis), 19 stay and accommodation,
    ///   25 serial procedures, 27 exams (not requested, no record of execution), 30 dental, 32 and
    ///   33 care records; any other group too, since only the audit sector can judge what the
    ///   table does not place.
    public static func of(code: String) -> GlosaKind {
        switch code.prefix(2) {
        case "10", "11", "12", "13", "14", "15", "16", "29", "31", "50": .administrative
        case "17", "20", "21", "22", "23", "24", "26", "28": .contractual
        default: .technical
        }
    }
}

/// A TUSS table 38 entry (mensagens, glosas e negativas): the code the payer sends in `tipoGlosa`.
public struct GlosaReason: Hashable, Sendable {
    /// Four digits.
    public var code: String
    public var description: String
    /// What to check and attach when appealing it, when the reference has a hint.
    public var guidance: String?

    public init(code: String, description: String, guidance: String? = nil) {
        self.code = code
        self.description = description
        self.guidance = guidance
    }

    public var group: String { String(code.prefix(2)) }
    public var kind: GlosaKind { GlosaKind.of(code: code) }

    /// A TUSS 38 code is four digits.
    public static func isValidCode(_ code: String) -> Bool { code.count == 4 && code.allSatisfy(\.isASCIIDigit) }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
