import FaturaDomain
import FaturaStore

// Companies, payers and sectors: the same six operations each, over the generic `Registry`.

extension APIHandler {
    func listCompanies(_ input: Operations.ListCompanies.Input) async throws -> Operations.ListCompanies.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        let q = input.query
        let page = try await store.companies.list(Self.listQuery(q: q.q, active: q.active, page: q.page, perPage: q.perPage))
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, page: page.page, perPage: page.perPage, total: page.total))))
    }

    func createCompany(_ input: Operations.CreateCompany.Input) async throws -> Operations.CreateCompany.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let created = try await store.companies.create(Company(body), by: identity.actor)
        await companies.invalidate()
        return .created(.init(body: .json(.init(created))))
    }

    func getCompany(_ input: Operations.GetCompany.Input) async throws -> Operations.GetCompany.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        return .ok(.init(body: .json(.init(try await store.companies.get(input.path.id)))))
    }

    func updateCompany(_ input: Operations.UpdateCompany.Input) async throws -> Operations.UpdateCompany.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let updated = try await store.companies.update(input.path.id, with: Company(body), by: identity.actor)
        await companies.invalidate()
        return .ok(.init(body: .json(.init(updated))))
    }

    func deactivateCompany(_ input: Operations.DeactivateCompany.Input) async throws -> Operations.DeactivateCompany.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        let company = try await store.companies.setActive(input.path.id, false, by: identity.actor)
        await companies.invalidate()
        return .ok(.init(body: .json(.init(company))))
    }

    func activateCompany(_ input: Operations.ActivateCompany.Input) async throws -> Operations.ActivateCompany.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        let company = try await store.companies.setActive(input.path.id, true, by: identity.actor)
        await companies.invalidate()
        return .ok(.init(body: .json(.init(company))))
    }

    func listPayers(_ input: Operations.ListPayers.Input) async throws -> Operations.ListPayers.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        let q = input.query
        let page = try await store.payers.list(Self.listQuery(q: q.q, active: q.active, page: q.page, perPage: q.perPage))
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, page: page.page, perPage: page.perPage, total: page.total))))
    }

    func createPayer(_ input: Operations.CreatePayer.Input) async throws -> Operations.CreatePayer.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .created(.init(body: .json(.init(try await store.payers.create(Payer(body), by: identity.actor)))))
    }

    func getPayer(_ input: Operations.GetPayer.Input) async throws -> Operations.GetPayer.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        return .ok(.init(body: .json(.init(try await store.payers.get(input.path.id)))))
    }

    func updatePayer(_ input: Operations.UpdatePayer.Input) async throws -> Operations.UpdatePayer.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .ok(.init(body: .json(.init(try await store.payers.update(input.path.id, with: Payer(body), by: identity.actor)))))
    }

    func deactivatePayer(_ input: Operations.DeactivatePayer.Input) async throws -> Operations.DeactivatePayer.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        return .ok(.init(body: .json(.init(try await store.payers.setActive(input.path.id, false, by: identity.actor)))))
    }

    func activatePayer(_ input: Operations.ActivatePayer.Input) async throws -> Operations.ActivatePayer.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        return .ok(.init(body: .json(.init(try await store.payers.setActive(input.path.id, true, by: identity.actor)))))
    }

    func listSectors(_ input: Operations.ListSectors.Input) async throws -> Operations.ListSectors.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        let q = input.query
        let page = try await store.sectors.list(Self.listQuery(q: q.q, active: q.active, page: q.page, perPage: q.perPage))
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0) }, page: page.page, perPage: page.perPage, total: page.total))))
    }

    func createSector(_ input: Operations.CreateSector.Input) async throws -> Operations.CreateSector.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .created(.init(body: .json(.init(try await store.sectors.create(Sector(body), by: identity.actor)))))
    }

    func getSector(_ input: Operations.GetSector.Input) async throws -> Operations.GetSector.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        return .ok(.init(body: .json(.init(try await store.sectors.get(input.path.id)))))
    }

    func updateSector(_ input: Operations.UpdateSector.Input) async throws -> Operations.UpdateSector.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .ok(.init(body: .json(.init(try await store.sectors.update(input.path.id, with: Sector(body), by: identity.actor)))))
    }

    func deactivateSector(_ input: Operations.DeactivateSector.Input) async throws -> Operations.DeactivateSector.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        return .ok(.init(body: .json(.init(try await store.sectors.setActive(input.path.id, false, by: identity.actor)))))
    }

    func activateSector(_ input: Operations.ActivateSector.Input) async throws -> Operations.ActivateSector.Output {
        let identity = try RequestIdentity.require(.manageRegistries)
        return .ok(.init(body: .json(.init(try await store.sectors.setActive(input.path.id, true, by: identity.actor)))))
    }
}
