import FaturaDomain
/// One line of the audit log: who, when, what, and the values before and after.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int
    public var at: String
    public var userId: Int?
    public var username: String?
    public var action: String
    public var entity: String
    public var entityId: String?
    public var beforeJson: String?
    public var afterJson: String?
    public var detail: String?
}

/// The actions the log knows; stored as their raw text.
public enum AuditAction: String, Sendable, CaseIterable {
    case create
    case update
    case delete
    case deactivate
    case activate
    case read
    case login
    case loginFailed = "login_failed"
    case logout
    case tokenCreated = "token_created"
    case tokenRevoked = "token_revoked"
    case passwordChanged = "password_changed"

    public var label: String {
        switch self {
        case .create: "Criação"
        case .update: "Alteração"
        case .delete: "Remoção"
        case .deactivate: "Desativação"
        case .activate: "Reativação"
        case .read: "Consulta"
        case .login: "Entrada"
        case .loginFailed: "Entrada recusada"
        case .logout: "Saída"
        case .tokenCreated: "Token criado"
        case .tokenRevoked: "Token revogado"
        case .passwordChanged: "Senha alterada"
        }
    }
}

/// The filter of the audit page and API.
public struct AuditQuery: Sendable, Equatable {
    public var entity: String?
    public var entityId: String?
    public var username: String?
    public var action: String?
    /// Leaves one action out: the change log without the reads of patient data (they have their own page).
    public var excludingAction: String?
    /// Inclusive days, `yyyy-MM-dd`.
    public var from: String?
    public var to: String?
    public var page: Int
    public var perPage: Int

    public init(entity: String? = nil, entityId: String? = nil, username: String? = nil, action: String? = nil,
                from: String? = nil, to: String? = nil, excludingAction: String? = nil, page: Int = 1, perPage: Int = 50) {
        self.excludingAction = excludingAction
        self.entity = entity
        self.entityId = entityId
        self.username = username
        self.action = action
        self.from = from
        self.to = to
        self.page = Page<Never>.clamp(page)
        self.perPage = min(max(1, perPage), 200)
    }
}
