import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// The JSON API, generated from `openapi.yaml`. Handlers stay thin: check the caller's permission,
/// map the DTO to the domain, call a billing service (or a store query for plain reads), map back. Errors are thrown as `FaturaError` and
/// become problem+json in `ErrorMiddleware`.
struct APIHandler: APIProtocol {
    let billing: Billing
    /// Dropped after a company write so the pages' picker shows it at once.
    let companies: ActiveCompanies
    var store: Store { billing.store }

    static func listQuery(q: String?, active: Components.Parameters.Active?, page: Int?, perPage: Int?) -> ListQuery {
        let state: Bool? = switch active {
        case .none, ._true: true
        case ._false: false
        case .all: nil
        }
        return ListQuery(text: q, active: state, page: page ?? 1, perPage: perPage ?? 25)
    }
}

// MARK: - Tokens and identity

extension APIHandler {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let user = try await store.users.authenticate(username: body.username, password: body.password)
        let actor = AuditActor(userId: user.id, username: user.username)
        let created = try await store.tokens.create(for: user, name: body.name ?? "Token de API", by: actor)
        return .created(.init(body: .json(.init(id: created.token.id, name: created.token.name, prefix: created.token.prefix,
                                                token: created.secret, createdAt: created.token.createdAt))))
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let identity = try RequestIdentity.require(.useApplication)
        let tokens = try await store.tokens.list(userId: identity.user.id ?? 0)
        return .ok(.init(body: .json(tokens.map {
            .init(id: $0.id, name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, revokedAt: $0.revokedAt)
        })))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let identity = try RequestIdentity.require(.useApplication)
        try await store.tokens.revoke(id: input.path.id, userId: identity.user.id, by: identity.actor)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let identity = try RequestIdentity.require(.useApplication)
        let permissions = Permission.allCases.filter { identity.may($0) }.map(\.rawValue)
        return .ok(.init(body: .json(.init(user: .init(identity.user), permissions: permissions))))
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        _ = try RequestIdentity.require(.viewAuditLog)
        let q = input.query
        for (field, value) in [("from", q.from), ("to", q.to)] {
            if let value, CalendarDay(iso: value) == nil {
                throw FaturaError.validation([FieldError(field, "Data inválida: use aaaa-mm-dd.")])
            }
        }
        let page = try await store.audit.list(AuditQuery(entity: q.entity, entityId: q.entityId, username: q.username, action: q.action,
                                                         from: q.from, to: q.to, page: q.page ?? 1, perPage: q.perPage ?? 50))
        return .ok(.init(body: .json(.init(
            items: page.items.map {
                .init(id: $0.id, at: $0.at, userId: $0.userId, username: $0.username, action: $0.action, entity: $0.entity,
                      entityId: $0.entityId, before: $0.beforeJson, after: $0.afterJson, detail: $0.detail)
            },
            page: page.page, perPage: page.perPage, total: page.total))))
    }
}
