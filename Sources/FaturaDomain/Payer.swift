/// Who pays the hospital: a health insurer, SUS or the patient (Particular).
public struct Payer: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var name: String
    /// Six digits for health insurers; nil for SUS and Particular.
    public var ansRegistry: String?
    public var billingStandard: BillingStandard
    public var tissVersion: TISSVersion
    public var tissHashEncoding: TISSHashEncoding
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    /// Whether closing a partial needs the encounter's authorisation number (guia/senha).
    public var requiresAuthorization: Bool
    public var active: Bool

    public init(
        id: Int? = nil, name: String, ansRegistry: String?, billingStandard: BillingStandard = .convenio,
        tissVersion: TISSVersion = .current, tissHashEncoding: TISSHashEncoding = .iso88591,
        contactName: String? = nil, contactEmail: String? = nil, contactPhone: String? = nil, requiresAuthorization: Bool = false,
        active: Bool = true
    ) {
        self.id = id
        self.name = name
        self.ansRegistry = ansRegistry
        self.billingStandard = billingStandard
        self.tissVersion = tissVersion
        self.tissHashEncoding = tissHashEncoding
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.requiresAuthorization = requiresAuthorization
        self.active = active
    }

    public mutating func normalize() {
        name = name.trimmingSpaces()
        ansRegistry = ansRegistry?.trimmingSpaces().nilIfEmpty
        contactName = contactName?.trimmingSpaces().nilIfEmpty
        contactEmail = contactEmail?.trimmingSpaces().nilIfEmpty
        contactPhone = contactPhone?.trimmingSpaces().nilIfEmpty
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Nome é obrigatório.") }
        if name.count > 200 { errors.add("name", "Nome deve ter no máximo 200 caracteres.") }
        switch (billingStandard.requiresANSRegistry, ansRegistry) {
        case (true, nil):
            errors.add("ansRegistry", "Registro ANS é obrigatório para convênios.")
        case (_, let registry?) where !Identifiers.isValidANSRegistry(registry):
            errors.add("ansRegistry", "Registro ANS deve ter exatamente 6 dígitos.")
        default:
            break
        }
        if let email = contactEmail, !EmailAddress.looksValid(email) {
            errors.add("contactEmail", "E-mail de contato inválido.")
        }
        return errors.all
    }
}

extension String {
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}

public enum EmailAddress {
    /// A light check (something@domain.tld); the real proof is a message that arrives.
    public static func looksValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !text.contains(" ") else { return false }
        return true
    }
}
