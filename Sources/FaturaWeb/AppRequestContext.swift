import FaturaDomain
import FaturaStore
import Hummingbird

/// Who is calling: a browser session (with its CSRF token and current company) or an API token.
struct Identity: Sendable {
    var user: User
    /// Nil for API-token calls.
    var session: WebSession?

    var role: Role { user.role }
    var actor: AuditActor { AuditActor(userId: user.id, username: user.username) }
    func may(_ permission: Permission) -> Bool { user.active && role.may(permission) }
}

/// The per-request context: Hummingbird's core storage plus the identity the auth middleware found.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?
    var maxBodyBytes: Int = 2 * 1024 * 1024

    init(source: Source) {
        coreContext = .init(source: source)
    }

    var maxUploadSize: Int { maxBodyBytes }
}
