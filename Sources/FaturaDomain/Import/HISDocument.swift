/// What the hospital information system sends: encounters with their patient, partial bills and
/// charge items, each identified by the HIS's own ids so that sending it again changes nothing.
public struct HISDocument: Hashable, Sendable, Codable {
    public var encounters: [HISEncounter]
    public init(encounters: [HISEncounter]) { self.encounters = encounters }
}

public struct HISEncounter: Hashable, Sendable, Codable {
    public var externalId: String
    public var companyCnpj: String
    /// The payer by ANS registry (insurers) or by name (SUS, Particular).
    public var payerAnsRegistry: String?
    public var payerName: String?
    public var type: String
    public var originSector: String?
    public var startedAt: String
    public var authorizationNumber: String?
    public var authorizationPassword: String?
    public var requestingProfessional: String?
    public var patient: HISPatient
    public var partials: [HISPartial]

    public init(externalId: String, companyCnpj: String, payerAnsRegistry: String? = nil, payerName: String? = nil, type: String,
                originSector: String? = nil, startedAt: String, authorizationNumber: String? = nil, authorizationPassword: String? = nil,
                requestingProfessional: String? = nil, patient: HISPatient, partials: [HISPartial]) {
        self.externalId = externalId
        self.companyCnpj = companyCnpj
        self.payerAnsRegistry = payerAnsRegistry
        self.payerName = payerName
        self.type = type
        self.originSector = originSector
        self.startedAt = startedAt
        self.authorizationNumber = authorizationNumber
        self.authorizationPassword = authorizationPassword
        self.requestingProfessional = requestingProfessional
        self.patient = patient
        self.partials = partials
    }
}

public struct HISPatient: Hashable, Sendable, Codable {
    public var externalId: String
    public var name: String
    public var birthDate: String?
    public var cpf: String?
    public var cardNumber: String?
    public var cardValidUntil: String?
    public var medicalRecordNumber: String?

    public init(externalId: String, name: String, birthDate: String? = nil, cpf: String? = nil, cardNumber: String? = nil,
                cardValidUntil: String? = nil, medicalRecordNumber: String? = nil) {
        self.externalId = externalId
        self.name = name
        self.birthDate = birthDate
        self.cpf = cpf
        self.cardNumber = cardNumber
        self.cardValidUntil = cardValidUntil
        self.medicalRecordNumber = medicalRecordNumber
    }
}

public struct HISPartial: Hashable, Sendable, Codable {
    public var externalId: String
    /// The account it belongs to; the encounter's own id when omitted (one account per encounter).
    public var accountExternalId: String?
    public var periodStart: String
    public var periodEnd: String
    public var items: [HISItem]

    public init(externalId: String, accountExternalId: String? = nil, periodStart: String, periodEnd: String, items: [HISItem]) {
        self.externalId = externalId
        self.accountExternalId = accountExternalId
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.items = items
    }
}

public struct HISItem: Hashable, Sendable, Codable {
    public var externalId: String
    public var kind: String
    public var table: String
    public var code: String
    public var description: String
    public var performedAt: String
    public var quantity: Quantity
    public var executingProfessional: String?

    public init(externalId: String, kind: String, table: String, code: String, description: String, performedAt: String,
                quantity: Quantity, executingProfessional: String? = nil) {
        self.externalId = externalId
        self.kind = kind
        self.table = table
        self.code = code
        self.description = description
        self.performedAt = performedAt
        self.quantity = quantity
        self.executingProfessional = executingProfessional
    }
}

extension HISDocument {
    /// Every structural problem, each with its place in the document
    /// (`encounters[0].partials[1].items[2].quantity`), so the HIS team can fix all at once.
    /// Texts, quantities and dates are bounded here (`InputLimits`): nothing absurd is stored.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        typealias L = InputLimits.Length
        if encounters.isEmpty { errors.add("encounters", "O documento não tem atendimentos.") }
        if encounters.count > InputLimits.maxEncountersPerDocument {
            errors.add("encounters", "Atendimentos demais em um documento: \(encounters.count) (máximo \(InputLimits.maxEncountersPerDocument)); divida o envio.")
            return errors.all
        }
        var seenItems = Set<String>(), seenPartials = Set<String>(), seenEncounters = Set<String>()
        for (e, encounter) in encounters.enumerated() {
            let at = "encounters[\(e)]."
            if encounter.externalId.trimmingSpaces().isEmpty { errors.add(at + "externalId", "Identificador do atendimento é obrigatório.") }
            else if !seenEncounters.insert(encounter.externalId).inserted { errors.add(at + "externalId", "Atendimento repetido no documento: \(encounter.externalId).") }
            errors.text(at + "externalId", encounter.externalId, max: L.externalId)
            errors.text(at + "companyCnpj", encounter.companyCnpj, max: 18)
            if encounter.companyCnpj.count <= 18, !Identifiers.isValidCNPJ(encounter.companyCnpj) {
                errors.add(at + "companyCnpj", "CNPJ da coligada inválido: \(encounter.companyCnpj).")
            }
            if (encounter.payerAnsRegistry ?? "").trimmingSpaces().isEmpty && (encounter.payerName ?? "").trimmingSpaces().isEmpty {
                errors.add(at + "payerAnsRegistry", "Informe o registro ANS ou o nome do convênio.")
            }
            errors.text(at + "payerAnsRegistry", encounter.payerAnsRegistry, max: L.shortCode)
            errors.text(at + "payerName", encounter.payerName, max: L.name)
            if EncounterType(rawValue: encounter.type) == nil {
                errors.add(at + "type", "Tipo de atendimento desconhecido: '\(encounter.type.prefix(40))' (outpatient, emergency, inpatient, sadt).")
            }
            errors.text(at + "originSector", encounter.originSector, max: L.externalId)
            errors.text(at + "authorizationNumber", encounter.authorizationNumber, max: 20)
            errors.text(at + "authorizationPassword", encounter.authorizationPassword, max: 20)
            errors.text(at + "requestingProfessional", encounter.requestingProfessional, max: L.name)
            let started = LocalDateTime(iso: encounter.startedAt)
            if started == nil { errors.add(at + "startedAt", "Data e hora inválidas: '\(encounter.startedAt.prefix(40))' (aaaa-mm-ddThh:mm).") }
            errors.plausible(at + "startedAt", started?.day)
            let p = encounter.patient
            if p.externalId.trimmingSpaces().isEmpty { errors.add(at + "patient.externalId", "Identificador do paciente é obrigatório.") }
            errors.text(at + "patient.externalId", p.externalId, max: L.externalId)
            if p.name.trimmingSpaces().isEmpty { errors.add(at + "patient.name", "Nome do paciente é obrigatório.") }
            errors.text(at + "patient.name", p.name, max: L.name)
            errors.text(at + "patient.cpf", p.cpf, max: 14)
            if let cpf = p.cpf, !cpf.isEmpty, cpf.count <= 14, !Identifiers.isValidCPF(cpf) { errors.add(at + "patient.cpf", "CPF inválido: \(cpf).") }
            errors.text(at + "patient.cardNumber", p.cardNumber, max: 20)
            errors.text(at + "patient.medicalRecordNumber", p.medicalRecordNumber, max: 30)
            for (field, value) in [("birthDate", p.birthDate), ("cardValidUntil", p.cardValidUntil)] {
                guard let value, !value.isEmpty else { continue }
                if let day = CalendarDay(iso: value) { errors.plausible(at + "patient." + field, day) }
                else { errors.add(at + "patient." + field, "Data inválida: '\(value.prefix(40))' (aaaa-mm-dd).") }
            }
            if let birth = p.birthDate.flatMap(CalendarDay.init(iso:)), let started, birth > started.day {
                errors.add(at + "patient.birthDate", "Nascimento (\(BrazilianFormat.date(birth))) posterior ao atendimento (\(BrazilianFormat.date(started.day))).")
            }
            if encounter.partials.isEmpty { errors.add(at + "partials", "O atendimento não tem parciais.") }
            for (pIndex, partial) in encounter.partials.enumerated() {
                let pat = at + "partials[\(pIndex)]."
                if partial.externalId.trimmingSpaces().isEmpty { errors.add(pat + "externalId", "Identificador da parcial é obrigatório.") }
                else if !seenPartials.insert(partial.externalId).inserted { errors.add(pat + "externalId", "Parcial repetida no documento: \(partial.externalId).") }
                errors.text(pat + "externalId", partial.externalId, max: L.externalId)
                errors.text(pat + "accountExternalId", partial.accountExternalId, max: L.externalId)
                let start = CalendarDay(iso: partial.periodStart), end = CalendarDay(iso: partial.periodEnd)
                if start == nil { errors.add(pat + "periodStart", "Data inválida: '\(partial.periodStart.prefix(40))'.") }
                if end == nil { errors.add(pat + "periodEnd", "Data inválida: '\(partial.periodEnd.prefix(40))'.") }
                errors.plausible(pat + "periodStart", start)
                errors.plausible(pat + "periodEnd", end)
                if let start, let end, end < start { errors.add(pat + "periodEnd", "O fim do período é anterior ao início.") }
                if partial.items.count > InputLimits.maxItemsPerPartial {
                    errors.add(pat + "items", "Lançamentos demais em uma parcial: \(partial.items.count) (máximo \(InputLimits.maxItemsPerPartial)).")
                    continue
                }
                for (i, item) in partial.items.enumerated() {
                    let iat = pat + "items[\(i)]."
                    if item.externalId.trimmingSpaces().isEmpty { errors.add(iat + "externalId", "Identificador do lançamento é obrigatório.") }
                    else if !seenItems.insert(item.externalId).inserted { errors.add(iat + "externalId", "Lançamento repetido no documento: \(item.externalId).") }
                    errors.text(iat + "externalId", item.externalId, max: L.externalId)
                    if ChargeItemKind(rawValue: item.kind) == nil {
                        errors.add(iat + "kind", "Tipo de lançamento desconhecido: '\(item.kind.prefix(40))' (\(ChargeItemKind.allCases.map(\.rawValue).joined(separator: ", "))).")
                    }
                    if PriceTableKind(rawValue: item.table) == nil {
                        errors.add(iat + "table", "Tabela desconhecida: '\(item.table.prefix(40))' (\(PriceTableKind.allCases.map(\.rawValue).joined(separator: ", "))).")
                    }
                    if item.code.trimmingSpaces().isEmpty { errors.add(iat + "code", "Código é obrigatório.") }
                    errors.text(iat + "code", item.code, max: L.code)
                    if item.description.trimmingSpaces().isEmpty { errors.add(iat + "description", "Descrição é obrigatória.") }
                    errors.text(iat + "description", item.description, max: L.description)
                    errors.text(iat + "executingProfessional", item.executingProfessional, max: L.name)
                    if let performed = LocalDateTime(iso: item.performedAt) {
                        if let start, let end, performed.day < start || performed.day > end {
                            errors.add(iat + "performedAt", "Realizado em \(performed.brazilian), fora do período da parcial.")
                        }
                        errors.plausible(iat + "performedAt", performed.day)
                    } else {
                        errors.add(iat + "performedAt", "Data e hora inválidas: '\(item.performedAt.prefix(40))' (aaaa-mm-ddThh:mm).")
                    }
                    if item.quantity <= .zero { errors.add(iat + "quantity", "Quantidade deve ser maior que zero.") }
                    else if item.quantity > Quantity.lineLimit {
                        errors.add(iat + "quantity", "Quantidade acima do limite de 99.999,9999 (TISS): \(item.quantity).")
                    }
                }
            }
        }
        // A document broken everywhere would answer megabytes of messages: the first ones say enough.
        let limit = 500
        guard errors.all.count > limit else { return errors.all }
        return Array(errors.all.prefix(limit)) + [FieldError("encounters", "… e mais \(errors.all.count - limit) erro(s) no documento.")]
    }
}
