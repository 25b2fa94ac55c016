import FaturaDomain
import FaturaStore
import Hummingbird

/// Finds who is calling: a bearer token on `/api/`, the session cookie elsewhere. It only
/// identifies; each route decides what the identity may do.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
                if let user = try await store.tokens.authenticate(secret: secret) {
                    context.identity = Identity(user: user, session: nil)
                }
            }
            let identity = context.identity
            return try await RequestIdentity.$current.withValue(identity) { try await next(request, context) }
        }
        if let token = request.cookies[AuthRoutes.sessionCookie]?.value, !token.isEmpty,
           let session = try await store.sessions.find(token: token) {
            context.identity = Identity(user: session.user, session: session)
        }
        return try await next(request, context)
    }
}

/// The API caller, for the OpenAPI handlers (which do not receive the Hummingbird context).
enum RequestIdentity {
    @TaskLocal static var current: Identity?

    /// The caller, if its role has `permission`; 401 without a token, 403 with the wrong role.
    static func require(_ permission: Permission) throws -> Identity {
        guard let identity = current else { throw FaturaError.unauthenticated }
        guard identity.may(permission) else { throw FaturaError.forbidden }
        return identity
    }
}
