/// A patient (beneficiário) with the payer's card.
public struct Patient: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    /// The HIS's own id: sending the same patient twice updates instead of duplicating.
    public var externalId: String?
    public var name: String
    public var birthDate: CalendarDay?
    /// Digits only.
    public var cpf: String?
    public var cardNumber: String?
    public var cardValidUntil: CalendarDay?
    public var medicalRecordNumber: String?

    public init(id: Int? = nil, externalId: String? = nil, name: String, birthDate: CalendarDay? = nil, cpf: String? = nil,
                cardNumber: String? = nil, cardValidUntil: CalendarDay? = nil, medicalRecordNumber: String? = nil) {
        self.id = id
        self.externalId = externalId
        self.name = name
        self.birthDate = birthDate
        self.cpf = cpf
        self.cardNumber = cardNumber
        self.cardValidUntil = cardValidUntil
        self.medicalRecordNumber = medicalRecordNumber
    }

    public mutating func normalize() {
        name = name.trimmingSpaces()
        cpf = cpf?.digitsOnly.nilIfEmpty
        cardNumber = cardNumber?.trimmingSpaces().nilIfEmpty
        medicalRecordNumber = medicalRecordNumber?.trimmingSpaces().nilIfEmpty
    }

    /// `prefix` names the place in a document (`encounters[0].patient`), so a message says where.
    public func validate(prefix: String = "") -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add(prefix + "name", "Nome do paciente é obrigatório.") }
        if let cpf, !Identifiers.isValidCPF(cpf) { errors.add(prefix + "cpf", "CPF inválido: \(cpf).") }
        return errors.all
    }
}

/// The kind of visit or stay.
public enum EncounterType: String, CaseIterable, Sendable, Codable {
    case outpatient
    case emergency
    case inpatient
    case sadt

    public var label: String {
        switch self {
        case .outpatient: "Ambulatorial"
        case .emergency: "Pronto-socorro"
        case .inpatient: "Internação"
        case .sadt: "SADT"
        }
    }
}

/// One visit or stay (atendimento).
public struct Encounter: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var externalId: String
    public var companyId: Int
    public var patientId: Int
    public var payerId: Int
    public var type: EncounterType
    public var originSectorId: Int?
    public var authorizationNumber: String?
    public var authorizationPassword: String?
    public var requestingProfessional: String?
    public var startedAt: LocalDateTime

    public init(id: Int? = nil, externalId: String, companyId: Int, patientId: Int, payerId: Int, type: EncounterType,
                originSectorId: Int? = nil, authorizationNumber: String? = nil, authorizationPassword: String? = nil,
                requestingProfessional: String? = nil, startedAt: LocalDateTime) {
        self.id = id
        self.externalId = externalId
        self.companyId = companyId
        self.patientId = patientId
        self.payerId = payerId
        self.type = type
        self.originSectorId = originSectorId
        self.authorizationNumber = authorizationNumber
        self.authorizationPassword = authorizationPassword
        self.requestingProfessional = requestingProfessional
        self.startedAt = startedAt
    }
}
