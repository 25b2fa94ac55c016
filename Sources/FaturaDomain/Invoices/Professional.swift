/// A professional in the registry (issue 12): who executes or requests what a claim bills. The
/// codes are the TISS domain tables' (26 conselho, 59 UF as IBGE code, 24 CBO), so a claim can
/// carry them as they are.
public struct Professional: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var name: String
    /// TUSS table 26: "06" CRM, "02" COREN, "08" CRO…
    public var council: String
    public var councilNumber: String
    /// TUSS table 59: the IBGE code of the state ("35" São Paulo).
    public var uf: String
    /// TUSS table 24 (CBO-S), six digits.
    public var cbo: String
    public var cpf: String?
    /// The professional's code at the payers (`codigoPrestadorNaOperadora`), when they bill fees apart.
    public var providerCode: String?
    public var active: Bool

    public init(id: Int? = nil, name: String, council: String, councilNumber: String, uf: String, cbo: String, cpf: String? = nil,
                providerCode: String? = nil, active: Bool = true) {
        self.id = id
        self.name = name
        self.council = council
        self.councilNumber = councilNumber
        self.uf = uf
        self.cbo = cbo
        self.cpf = cpf
        self.providerCode = providerCode
        self.active = active
    }

    public static let councils: [(code: String, label: String)] = [
        ("01", "CRESS"), ("02", "COREN"), ("03", "CRF"), ("04", "CREFONO"), ("05", "CREFITO"), ("06", "CRM"), ("07", "CRN"),
        ("08", "CRO"), ("09", "CRP"), ("10", "Outros"), ("11", "CRBio"), ("12", "CRBM"), ("13", "CREF"), ("14", "CRMV"), ("15", "CRTR"),
    ]

    public static let states: [(code: String, label: String)] = [
        ("11", "RO"), ("12", "AC"), ("13", "AM"), ("14", "RR"), ("15", "PA"), ("16", "AP"), ("17", "TO"), ("21", "MA"), ("22", "PI"),
        ("23", "CE"), ("24", "RN"), ("25", "PB"), ("26", "PE"), ("27", "AL"), ("28", "SE"), ("29", "BA"), ("31", "MG"), ("32", "ES"),
        ("33", "RJ"), ("35", "SP"), ("41", "PR"), ("42", "SC"), ("43", "RS"), ("50", "MS"), ("51", "MT"), ("52", "GO"), ("53", "DF"),
    ]

    public var councilLabel: String { Self.councils.first { $0.code == council }?.label ?? council }
    public var stateLabel: String { Self.states.first { $0.code == uf }?.label ?? uf }
    /// "CRM-SP 123456", as people write it.
    public var registration: String { "\(councilLabel)-\(stateLabel) \(councilNumber)" }

    public mutating func normalize() {
        name = name.trimmingSpaces()
        councilNumber = councilNumber.trimmingSpaces()
        cbo = cbo.digitsOnly
        cpf = cpf?.digitsOnly.nilIfEmpty
        providerCode = providerCode?.trimmingSpaces().nilIfEmpty
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Nome é obrigatório.") }
        if name.count > 70 { errors.add("name", "Nome deve ter no máximo 70 caracteres (limite do TISS).") }
        if !Self.councils.contains(where: { $0.code == council }) { errors.add("council", "Conselho profissional inválido: escolha um da lista.") }
        if councilNumber.isEmpty { errors.add("councilNumber", "Número no conselho é obrigatório.") }
        if councilNumber.count > 15 { errors.add("councilNumber", "Número no conselho deve ter no máximo 15 caracteres.") }
        if !Self.states.contains(where: { $0.code == uf }) { errors.add("uf", "UF do conselho inválida: escolha uma da lista.") }
        if cbo.count != 6 { errors.add("cbo", "CBO deve ter 6 dígitos (tabela TUSS 24).") }
        if let cpf, !Identifiers.isValidCPF(cpf) { errors.add("cpf", "CPF inválido: \(cpf).") }
        if let providerCode, providerCode.count > 14 { errors.add("providerCode", "O código no convênio deve ter no máximo 14 caracteres.") }
        return errors.all
    }

    /// Whether the free text the HIS sent for a line's professional names this one: its name
    /// (letter case and spacing aside) or its council number as a word of the text ("CRM 123456").
    /// The HIS that knows the registry sends the number; the older free text keeps working.
    public func matches(_ text: String) -> Bool {
        let folded = text.trimmingSpaces().lowercased()
        if folded == name.lowercased() { return true }
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.contains { $0 == councilNumber.lowercased()[...] }
    }
}

extension [Professional] {
    /// The one professional the text names, or nil when none or more than one does.
    public func named(_ text: String?) -> Professional? {
        guard let text, !text.trimmingSpaces().isEmpty else { return nil }
        let found = filter { $0.active && $0.matches(text) }
        return found.count == 1 ? found[0] : nil
    }
}
