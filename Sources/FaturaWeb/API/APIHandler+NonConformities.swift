import FaturaBilling
import FaturaDomain
import FaturaStore

extension APIHandler {
    func getPartial(_ input: Operations.GetPartial.Input) async throws -> Operations.GetPartial.Output {
        _ = try RequestIdentity.require(.viewAccounts)
        return .ok(.init(body: .json(try await partialStatus(input.path.id))))
    }

    func closePartial(_ input: Operations.ClosePartial.Input) async throws -> Operations.ClosePartial.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        try await billing.closing.close(ID(input.path.id), expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await partialStatus(input.path.id))))
    }

    func reopenPartial(_ input: Operations.ReopenPartial.Input) async throws -> Operations.ReopenPartial.Output {
        let identity = try RequestIdentity.require(.reopenPartials)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        try await billing.closing.reopen(ID(input.path.id), reason: body.reason, expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await partialStatus(input.path.id))))
    }

    func listPartialNonConformities(_ input: Operations.ListPartialNonConformities.Input) async throws -> Operations.ListPartialNonConformities.Output {
        _ = try RequestIdentity.require(.viewAccounts)
        let today = billing.clock.today()
        let entries = try await store.nonConformityQueries.entries(.init(partialId: ID(input.path.id)))
        return .ok(.init(body: .json(entries.map { .init($0, today: today) })))
    }

    func registerNonConformity(_ input: Operations.RegisterNonConformity.Input) async throws -> Operations.RegisterNonConformity.Output {
        let identity = try RequestIdentity.require(.manageNonConformities)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let created = try await billing.nonConformities.register(
            .init(partialId: ID(input.path.id), itemId: body.itemId.map { ID($0) }, typeId: body.typeId, sectorId: body.sectorId, note: body.note ?? ""),
            expectedVersion: body.expectedVersion, today: billing.clock.today(), by: identity.actor)
        let entry = try await store.nonConformityQueries.entry(created.id ?? 0)
        return .created(.init(body: .json(.init(entry, today: billing.clock.today()))))
    }

    /// `correct` is the sector's step (a sector user only on their own sector's); the others are billing's.
    func actOnNonConformity(_ input: Operations.ActOnNonConformity.Input) async throws -> Operations.ActOnNonConformity.Output {
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        guard let action = NonConformityAction(rawValue: body.action.rawValue) else { throw FaturaError.badRequest("Ação desconhecida.") }
        let identity = try RequestIdentity.require(action == .correct ? .correctNonConformities : .manageNonConformities)
        let today = billing.clock.today()
        try await billing.nonConformities.act(input.path.id, action, note: body.note ?? "", expectedVersion: body.expectedVersion,
                                            actorSectorId: identity.confinedSectorId, today: today, by: identity.actor)
        return .ok(.init(body: .json(.init(try await store.nonConformityQueries.entry(input.path.id), today: today))))
    }

    func listSectorQueue(_ input: Operations.ListSectorQueue.Input) async throws -> Operations.ListSectorQueue.Output {
        let identity = try RequestIdentity.require(.viewSectorQueue)
        try identity.requireSector(input.path.id)
        guard try await store.sectors.find(input.path.id) != nil else { throw FaturaError.notFound(entity: "setor") }
        let today = billing.clock.today()
        let (page, overdue) = try await store.nonConformityQueries.entries(.init(sectorId: input.path.id, statuses: NonConformityStatus.pending),
                                                                           page: input.query.page ?? 1, perPage: min(input.query.perPage ?? 100, 200), today: today)
        try await store.audit.recordEvent(actor: identity.actor, action: .read, entity: "sector_queue", entityId: String(input.path.id),
                                          detail: "API: \(page.items.count) de \(page.total) não conformidade(s), página \(page.page)")
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0, today: today) }, page: page.page, perPage: page.perPage,
                                           total: page.total, overdue: overdue))))
    }

    func listNonConformityTypes(_ input: Operations.ListNonConformityTypes.Input) async throws -> Operations.ListNonConformityTypes.Output {
        _ = try RequestIdentity.require(.viewRegistries)
        let types = try await store.nonConformityTypes.all()
        return .ok(.init(body: .json(types.map {
            .init(id: $0.id ?? 0, code: $0.code, name: $0.name, defaultSectorCode: $0.defaultSectorCode,
                  deadlineBusinessDays: $0.deadlineBusinessDays, active: $0.active)
        })))
    }

    func partialStatus(_ id: Int) async throws -> Components.Schemas.PartialStatus {
        let detail = try await store.accounts.partial(ID(id))
        // A closed partial cannot close again: that is its one blocker, said as such.
        let blockers = detail.partial.status == .draft ? try await billing.closing.blockers(ID(id)).blockers : [.alreadyClosed]
        // The true count (a page's total), not the length of a list that stops at its limit.
        let pending = try await store.nonConformityQueries.entries(.init(partialId: ID(id), statuses: NonConformityStatus.pending), page: 1,
                                                                   perPage: 1, today: billing.clock.today()).page.total
        return .init(id: id, externalId: detail.partial.externalId, status: .init(rawValue: detail.partial.status.rawValue) ?? .closed,
                     version: detail.partial.version, totalCents: try detail.total.cents, pendingNonConformities: pending,
                     closingBlockers: blockers.map { Components.Schemas.ClosingBlocker(code: Components.Schemas.ClosingBlocker.CodePayload(rawValue: $0.code) ?? .alreadyClosed, message: $0.message) },
                     items: detail.items.map(Components.Schemas.ChargeItem.init))
    }
}

extension Components.Schemas.NonConformity {
    init(_ e: NonConformityQueries.Entry, today: CalendarDay) {
        self.init(id: e.id, partialId: e.partialId, partialExternalId: e.partialExternalId, itemId: e.itemId, itemCode: e.itemCode,
                  typeName: e.typeName, sectorId: e.sectorId, sectorName: e.sectorName, note: e.note,
                  status: .init(rawValue: e.statusCode) ?? .open, foundOn: e.foundOn, dueOn: e.dueOn, overdue: e.isOverdue(today: today),
                  correctionNote: e.correctionNote, checkNote: e.checkNote, timesSentBack: e.timesSentBack, returnNumber: e.returnNumber,
                  version: e.version)
    }
}
