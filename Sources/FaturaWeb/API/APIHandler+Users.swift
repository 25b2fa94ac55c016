import FaturaDomain
import FaturaStore

extension APIHandler {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        _ = try RequestIdentity.require(.viewUsers)
        let q = input.query
        let page = try await store.users.registry.list(Self.listQuery(q: q.q, active: q.active, page: q.page, perPage: q.perPage))
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, page: page.page, perPage: page.perPage, total: page.total))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let identity = try RequestIdentity.require(.manageUsers)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let user = User(username: body.username, fullName: body.fullName, email: body.email,
                        role: Role(rawValue: body.role.rawValue) ?? .biller, sectorId: body.sectorId)
        return .created(.init(body: .json(.init(try await store.users.create(user, password: body.password, by: identity.actor)))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        _ = try RequestIdentity.require(.viewUsers)
        return .ok(.init(body: .json(.init(try await store.users.registry.get(input.path.id)))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        let identity = try RequestIdentity.require(.manageUsers)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .ok(.init(body: .json(.init(try await store.users.update(input.path.id, with: User(body), by: identity.actor)))))
    }

    func deactivateUser(_ input: Operations.DeactivateUser.Input) async throws -> Operations.DeactivateUser.Output {
        let identity = try RequestIdentity.require(.manageUsers)
        if input.path.id == identity.user.id {
            throw FaturaError.ownUserDeactivation
        }
        return .ok(.init(body: .json(.init(try await store.users.registry.setActive(input.path.id, false, by: identity.actor)))))
    }

    func activateUser(_ input: Operations.ActivateUser.Input) async throws -> Operations.ActivateUser.Output {
        let identity = try RequestIdentity.require(.manageUsers)
        return .ok(.init(body: .json(.init(try await store.users.registry.setActive(input.path.id, true, by: identity.actor)))))
    }
}
