/// A legal entity of the hospital group (coligada). All billing data belongs to one company.
public struct Company: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var name: String
    /// Digits only; shown formatted.
    public var cnpj: String
    public var cnes: String
    public var active: Bool

    public init(id: Int? = nil, name: String, cnpj: String, cnes: String, active: Bool = true) {
        self.id = id
        self.name = name
        self.cnpj = cnpj
        self.cnes = cnes
        self.active = active
    }

    /// Trims text and keeps only the digits of the registry numbers.
    public mutating func normalize() {
        name = name.trimmingSpaces()
        cnpj = cnpj.digitsOnly
        cnes = cnes.digitsOnly
    }

    /// Every problem at once, with pt-BR messages keyed by field.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Nome é obrigatório.") }
        if name.count > 200 { errors.add("name", "Nome deve ter no máximo 200 caracteres.") }
        if cnpj.isEmpty {
            errors.add("cnpj", "CNPJ é obrigatório.")
        } else if !Identifiers.isValidCNPJ(cnpj) {
            errors.add("cnpj", "CNPJ inválido: confira os 14 dígitos e os dígitos verificadores.")
        }
        if cnes.isEmpty {
            errors.add("cnes", "CNES é obrigatório.")
        } else if !Identifiers.isValidCNES(cnes) {
            errors.add("cnes", "CNES deve ter exatamente 7 dígitos.")
        }
        return errors.all
    }
}
