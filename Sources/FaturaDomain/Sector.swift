/// A department or care unit: where a record is returned to, who receives payers' notices.
public struct Sector: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    /// A stable short code (`atendimento`, `uti`) that later rules refer to.
    public var code: String
    public var name: String
    public var kind: SectorKind
    public var active: Bool

    public init(id: Int? = nil, code: String, name: String, kind: SectorKind, active: Bool = true) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.active = active
    }

    public mutating func normalize() {
        code = code.trimmingSpaces().lowercased()
        name = name.trimmingSpaces()
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if code.isEmpty {
            errors.add("code", "Código é obrigatório.")
        } else if code.count > 40 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            errors.add("code", "Código deve ter até 40 letras sem acento, números, '-' ou '_'.")
        }
        if name.isEmpty { errors.add("name", "Nome é obrigatório.") }
        if name.count > 120 { errors.add("name", "Nome deve ter no máximo 120 caracteres.") }
        return errors.all
    }

    /// The sectors a hospital starts with (GLOSSARY.md, "Setor de origem").
    public static let defaults: [Sector] = [
        Sector(code: "atendimento", name: "Atendimento", kind: .administrative),
        Sector(code: "informatica", name: "Informática", kind: .administrative),
        Sector(code: "controladoria", name: "Controladoria", kind: .administrative),
        Sector(code: "faturamento", name: "Faturamento", kind: .administrative),
        Sector(code: "auditoria", name: "Auditoria", kind: .administrative),
        Sector(code: "arquivo", name: "Arquivo (SAME)", kind: .administrative),
        Sector(code: "diretoria", name: "Diretoria", kind: .administrative),
        Sector(code: "pronto-socorro", name: "Pronto-Socorro", kind: .care),
        Sector(code: "uti", name: "UTI", kind: .care),
        Sector(code: "centro-cirurgico", name: "Centro Cirúrgico", kind: .care),
        Sector(code: "imagem", name: "Imagem", kind: .care),
        Sector(code: "internacao", name: "Internação", kind: .care),
        Sector(code: "ambulatorio", name: "Ambulatório", kind: .care),
    ]
}

public enum SectorKind: String, CaseIterable, Sendable, Codable {
    case administrative
    case care

    public var label: String {
        switch self {
        case .administrative: "Administrativo"
        case .care: "Assistencial"
        }
    }
}
