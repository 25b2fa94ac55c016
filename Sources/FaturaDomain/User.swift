/// A person who signs in. The password hash never leaves the store.
public struct User: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var username: String
    public var fullName: String
    public var email: String?
    public var role: Role
    /// Required for sector users: the one sector whose queue they see.
    public var sectorId: Int?
    public var active: Bool

    public init(id: Int? = nil, username: String, fullName: String, email: String? = nil, role: Role,
                sectorId: Int? = nil, active: Bool = true) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.email = email
        self.role = role
        self.sectorId = sectorId
        self.active = active
    }

    public mutating func normalize() {
        username = username.trimmingSpaces().lowercased()
        fullName = fullName.trimmingSpaces()
        email = email?.trimmingSpaces().nilIfEmpty
        if !role.isSectorBound { sectorId = nil }
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if username.isEmpty {
            errors.add("username", "Usuário é obrigatório.")
        } else if username.count > 60 || !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }) {
            errors.add("username", "Usuário deve ter até 60 letras sem acento, números, '.', '-' ou '_'.")
        }
        if fullName.isEmpty { errors.add("fullName", "Nome completo é obrigatório.") }
        if let email, !EmailAddress.looksValid(email) { errors.add("email", "E-mail inválido.") }
        if role.isSectorBound && sectorId == nil { errors.add("sectorId", "Usuário de setor precisa de um setor.") }
        return errors.all
    }
}

public enum PasswordPolicy {
    public static let minimumLength = 8

    public static func validate(_ password: String, field: String = "password") -> [FieldError] {
        password.count < minimumLength
            ? [FieldError(field, "A senha deve ter pelo menos \(minimumLength) caracteres.")]
            : []
    }
}
