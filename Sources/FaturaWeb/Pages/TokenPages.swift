import Hummingbird
import FaturaDomain
import FaturaStore

/// A user's own API tokens: create (the secret is shown once), list and revoke.
enum TokenPages {
    static func list(_ request: PageRequest, created: String? = nil, errors: [FieldError] = []) async throws -> Response {
        guard let userId = request.identity.user.id else { throw FaturaError.unauthenticated }
        let tokens = try await request.store.tokens.list(userId: userId)
        let model = TokensModel(
            tokens: tokens.map { token in
                .init(id: token.id, name: token.name, prefix: token.prefix, createdAt: HospitalClock.display(token.createdAt),
                      lastUsedAt: token.lastUsedAt.map(HospitalClock.display) ?? "nunca", revoked: token.isRevoked,
                      revokedAt: HospitalClock.display(token.revokedAt))
            },
            empty: tokens.isEmpty, nameError: errors.first?.message ?? "", createdSecret: created)
        return try await request.render("tokens", title: "Tokens de API", section: "tokens", model,
                                        status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static let routes = [
        PageRoute(.get, "/tokens", .useApplication) { try await list($0) },
        PageRoute(.post, "/tokens", .useApplication) { request in
            do {
                let created = try await request.store.tokens.create(for: request.identity.user, name: request.form["name"], by: request.actor)
                return try await list(request, created: created.secret)
            } catch FaturaError.validation(let errors) {
                return try await list(request, errors: errors)
            }
        },
        PageRoute(.post, "/tokens/:id/revoke", .useApplication) { request in
            try await request.store.tokens.revoke(id: try request.id(), userId: request.identity.user.id, by: request.actor)
            return request.redirect(.tokens, notice: .tokenRevoked)
        },
    ]
}



/// `tokens.mustache`: the user's API tokens; the new secret once, right after creating it.
struct TokensModel: Sendable {
    struct Token: Sendable {
        let id: Int
        let name: String
        let prefix: String
        let createdAt: String
        let lastUsedAt: String
        let revoked: Bool
        let revokedAt: String
    }

    let tokens: [Token]
    let empty: Bool
    let nameError: String
    let createdSecret: String?
}
