/// A kind of defect a biller finds in a medical record (não conformidade), with the sector that
/// usually fixes it and the default deadline in business days. The catalogue is editable; these are
/// the defaults a hospital starts with (what billers really find, per the seed's routine of
/// returning records to their origin sectors before invoicing).
public struct NonConformityType: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var code: String
    public var name: String
    /// The code of the sector that usually corrects it (`Sector.code`); nil: the record's origin sector.
    public var defaultSectorCode: String?
    public var deadlineBusinessDays: Int
    public var active: Bool

    public init(id: Int? = nil, code: String, name: String, defaultSectorCode: String? = nil, deadlineBusinessDays: Int, active: Bool = true) {
        self.id = id
        self.code = code
        self.name = name
        self.defaultSectorCode = defaultSectorCode
        self.deadlineBusinessDays = deadlineBusinessDays
        self.active = active
    }

    public mutating func normalize() {
        code = code.trimmingSpaces().lowercased()
        name = name.trimmingSpaces()
        defaultSectorCode = defaultSectorCode?.trimmingSpaces().nilIfEmpty
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if code.trimmingSpaces().isEmpty {
            errors.add("code", "Código é obrigatório.")
        } else if code.count > 40 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            errors.add("code", "Código deve ter até 40 letras sem acento, números, '-' ou '_'.")
        }
        if name.trimmingSpaces().isEmpty { errors.add("name", "Nome é obrigatório.") }
        if !(0...60).contains(deadlineBusinessDays) { errors.add("deadlineBusinessDays", "Prazo deve estar entre 0 e 60 dias úteis.") }
        return errors.all
    }

    /// The deadline of one found on `day`.
    public func deadline(from day: CalendarDay) -> CalendarDay { BusinessDays.adding(deadlineBusinessDays, to: day) }

    public static let defaults: [NonConformityType] = [
        NonConformityType(code: "assinatura", name: "Falta de assinatura ou carimbo do profissional", deadlineBusinessDays: 2),
        NonConformityType(code: "autorizacao", name: "Falta de autorização ou senha do convênio", defaultSectorCode: "atendimento", deadlineBusinessDays: 3),
        NonConformityType(code: "autorizacao-vencida", name: "Autorização vencida", defaultSectorCode: "atendimento", deadlineBusinessDays: 3),
        NonConformityType(code: "laudo", name: "Falta de laudo médico", deadlineBusinessDays: 3),
        NonConformityType(code: "prescricao", name: "Falta de prescrição de medicamento ou material", deadlineBusinessDays: 2),
        NonConformityType(code: "quantidade", name: "Quantidade diferente do registrado no prontuário", deadlineBusinessDays: 2),
        NonConformityType(code: "ilegivel", name: "Registro ilegível", deadlineBusinessDays: 2),
        NonConformityType(code: "sem-solicitacao", name: "Procedimento sem solicitação médica", deadlineBusinessDays: 3),
        NonConformityType(code: "opme", name: "Falta de etiqueta ou nota fiscal de OPME", defaultSectorCode: "centro-cirurgico", deadlineBusinessDays: 5),
        NonConformityType(code: "dados-paciente", name: "Dados do paciente diferentes da carteirinha", defaultSectorCode: "atendimento", deadlineBusinessDays: 2),
    ]
}
