/// Who a user is in the billing department; decides what each route lets them do.
public enum Role: String, CaseIterable, Sendable, Codable {
    case admin
    case supervisor
    case biller
    case auditor
    case board
    /// A user of another sector (Atendimento, UTI, Imagem...): sees only what was returned to that sector.
    case sector
    /// The medical archive (SAME): prepares record copies, and reads its own sector's notices and
    /// returned records, like a sector user.
    case records

    /// The name shown on screens.
    public var label: String {
        switch self {
        case .admin: "Administrador"
        case .supervisor: "Supervisor de faturamento"
        case .biller: "Faturista"
        case .auditor: "Auditor"
        case .board: "Diretoria"
        case .sector: "Usuário de setor"
        case .records: "Arquivo médico (SAME)"
        }
    }

    /// A user who belongs to one sector and sees only what is that sector's (queue, notices).
    public var isSectorBound: Bool { self == .sector || self == .records }

    public var permissions: Set<Permission> { Permission.matrix[self] ?? [] }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
