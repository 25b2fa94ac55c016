import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// Statements, glosas and appeals for integrators: the same services, roles and refusals as the pages.
extension APIHandler {
    func importStatement(_ input: Operations.ImportStatement.Input) async throws -> Operations.ImportStatement.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .xml(let body) = input.body else { throw FaturaError.badRequest("Corpo application/xml esperado.") }
        let results = try await billing.statements.importXML(try await Self.bytes(body), fileName: input.query.fileName, payerId: input.query.payerId,
                                                             by: identity.actor)
        return .ok(.init(body: .json(results.map {
            .init(statementId: $0.statementId, alreadyImported: $0.alreadyImported, lines: $0.lines, matched: $0.matched, inferred: $0.inferred,
                  ambiguous: $0.ambiguous, unmatched: $0.unmatched, glosas: $0.glosas, replaced: $0.replaced, problems: $0.problems)
        })))
    }

    func importPaymentStatement(_ input: Operations.ImportPaymentStatement.Input) async throws -> Operations.ImportPaymentStatement.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .xml(let body) = input.body else { throw FaturaError.badRequest("Corpo application/xml esperado.") }
        let r = try await billing.payments.importXML(try await Self.bytes(body), fileName: input.query.fileName, payerId: input.query.payerId, by: identity.actor)
        return .ok(.init(body: .json(.init(statementId: r.statementId, alreadyImported: r.alreadyImported, protocols: r.protocols, paid: r.paid,
                                           unmatched: r.unmatched, grossCents: r.gross.cents, netCents: r.net.cents, problems: r.problems))))
    }

    func importProtocolSituation(_ input: Operations.ImportProtocolSituation.Input) async throws -> Operations.ImportProtocolSituation.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .xml(let body) = input.body else { throw FaturaError.badRequest("Corpo application/xml esperado.") }
        let r = try await billing.payments.importSituation(try await Self.bytes(body), payerId: input.query.payerId, by: identity.actor)
        return .ok(.init(body: .json(.init(protocolNumber: r.protocolNumber, situation: r.situation.rawValue, situationLabel: r.situation.label,
                                           statedOn: r.statedOn.iso, invoiceId: r.invoiceId, batches: r.batches))))
    }

    func listGlosas(_ input: Operations.ListGlosas.Input) async throws -> Operations.ListGlosas.Output {
        _ = try RequestIdentity.require(.viewGlosas)
        let q = input.query
        let competence = try Self.competence(q.competence)
        let page = try await store.glosas.list(GlosaFilter(
            payerId: q.payerId, competence: competence, kind: q.kind.flatMap { GlosaKind(rawValue: $0.rawValue) }, reasonCode: q.reasonCode,
            owner: q.owner, status: q.status.flatMap { GlosaStatus(rawValue: $0.rawValue) }, dueBy: try q.dueBy.map { try Self.day($0, field: "dueBy") },
            invoiceId: q.invoiceId, page: q.page ?? 1, perPage: q.perPage ?? 100))
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Glosa.init), page: page.page, perPage: page.perPage, total: page.total))))
    }

    func getGlosa(_ input: Operations.GetGlosa.Input) async throws -> Operations.GetGlosa.Output {
        _ = try RequestIdentity.require(.viewGlosas)
        guard let glosa = try await store.glosas.find(input.path.id) else { throw FaturaError.notFound(entity: "glosa") }
        return .ok(.init(body: .json(.init(glosa))))
    }

    func decideGlosa(_ input: Operations.DecideGlosa.Input) async throws -> Operations.DecideGlosa.Output {
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let id = input.path.id, version = body.expectedVersion
        let glosa: Glosa
        switch body.action {
        case .assign:
            glosa = try await billing.glosas.assign(id, to: body.owner, expectedVersion: version, by: try RequestIdentity.require(.manageGlosas).actor)
        case .kind:
            let identity = try RequestIdentity.require(.manageGlosas)
            guard let kind = body.kind.flatMap({ GlosaKind(rawValue: $0.rawValue) }) else { throw FaturaError.validation([FieldError("kind", "Informe o tipo.")]) }
            glosa = try await billing.glosas.setKind(id, kind, expectedVersion: version, auditor: identity.may(.giveGlosaOpinion), by: identity.actor)
        case .opinion:
            let identity = try RequestIdentity.require(.giveGlosaOpinion)
            guard let opinion = body.opinion.flatMap({ GlosaOpinion(rawValue: $0.rawValue) }) else {
                throw FaturaError.validation([FieldError("opinion", "Informe justified ou not_justified.")])
            }
            glosa = try await billing.glosas.giveOpinion(id, opinion, text: body.text ?? "", expectedVersion: version, by: identity.actor)
        case .accept:
            glosa = try await billing.glosas.accept(id, note: body.text ?? "", expectedVersion: version, by: try RequestIdentity.require(.manageGlosas).actor)
        }
        return .ok(.init(body: .json(.init(glosa))))
    }

    func createAppeal(_ input: Operations.CreateAppeal.Input) async throws -> Operations.CreateAppeal.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let scope = AppealScope(rawValue: body.scope.rawValue) ?? .items
        let items = body.items ?? []
        let appeal = try await billing.appeals.create(.init(
            glosaIds: body.glosaIds, scope: scope, justification: body.justification,
            amounts: Dictionary(items.compactMap { item in item.amountCents.map { (item.glosaId, Money(cents: $0)) } }, uniquingKeysWith: { a, _ in a }),
            justifications: Dictionary(items.map { ($0.glosaId, $0.justification) }, uniquingKeysWith: { a, _ in a }),
            documents: body.documents ?? []), by: identity.actor)
        return .created(.init(body: .json(.init(appeal))))
    }

    func getAppeal(_ input: Operations.GetAppeal.Input) async throws -> Operations.GetAppeal.Output {
        _ = try RequestIdentity.require(.viewGlosas)
        guard let appeal = try await store.appeals.find(input.path.id) else { throw FaturaError.notFound(entity: "recurso") }
        return .ok(.init(body: .json(.init(appeal))))
    }

    func downloadAppealXML(_ input: Operations.DownloadAppealXML.Input) async throws -> Operations.DownloadAppealXML.Output {
        _ = try RequestIdentity.require(.viewGlosas)
        let file = try await billing.appeals.file(input.path.id)
        return .ok(.init(body: .xml(HTTPBody(file.bytes))))
    }

    func sendAppeal(_ input: Operations.SendAppeal.Input) async throws -> Operations.SendAppeal.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let appeal = try await billing.appeals.send(input.path.id, on: try Self.day(body.sentOn, field: "sentOn"), protocol: body.protocolNumber,
                                                    expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(.init(appeal))))
    }

    func answerAppeal(_ input: Operations.AnswerAppeal.Input) async throws -> Operations.AnswerAppeal.Output {
        let identity = try RequestIdentity.require(.manageGlosas)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let accepted = Dictionary(body.accepted.map { ($0.glosaId, Money(cents: $0.acceptedCents)) }, uniquingKeysWith: { a, _ in a })
        let appeal = try await billing.appeals.answer(input.path.id, accepted: accepted, on: try Self.day(body.answeredOn, field: "answeredOn"),
                                                      expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(.init(appeal))))
    }
}

extension Components.Schemas.Glosa {
    init(_ g: Glosa) {
        let b = g.balance
        self.init(id: g.id, version: g.version, payerId: g.payerId, invoiceId: g.invoiceId, invoiceNumber: g.invoiceNumber, competence: g.competence.description,
                  claimNumber: g.claimNumber, batchNumber: g.batchNumber, protocolNumber: g.protocolNumber, sequence: g.sequence, itemCode: g.itemCode,
                  itemDay: g.itemDay.iso, reasonCode: g.reasonCode, reason: GlosaReasonBook.shared.reason(g.reasonCode)?.description,
                  kind: .init(rawValue: g.kind.rawValue) ?? .technical, status: .init(rawValue: g.status.rawValue) ?? .open,
                  valueCents: b.value.cents, undecidedCents: b.undecided.cents, writtenOffCents: b.writtenOff.cents, underAppealCents: b.underAppeal.cents,
                  recoveredCents: b.recovered.cents, lostCents: b.lost.cents, rounds: b.rounds, maxRounds: b.maxRounds, appealDue: g.appealDue?.iso,
                  owner: g.owner, biller: g.biller, opinion: g.opinion.flatMap { .init(rawValue: $0.rawValue) }, opinionText: g.opinionText)
    }
}

extension Components.Schemas.Appeal {
    init(_ a: Appeal) {
        self.init(id: a.id ?? 0, version: a.version, number: a.number, payerId: a.payerId, batchNumber: a.batchNumber, protocolNumber: a.protocolNumber,
                  round: a.round, scope: .init(rawValue: a.scope.rawValue) ?? .items, status: .init(rawValue: a.status.rawValue) ?? .draft,
                  justification: a.justification, documents: a.documents, totalCents: a.total.cents,
                  acceptedCents: a.status == .answered ? a.accepted.cents : nil, sentOn: a.sentOn?.iso, sentProtocol: a.sentProtocol,
                  answeredOn: a.answeredOn?.iso,
                  items: a.items.map { .init(glosaId: $0.glosaId, claimNumber: $0.claimNumber, sequence: $0.sequence, day: $0.day.iso, code: $0.code,
                                             reasonCode: $0.reasonCode, amountCents: $0.amount.cents, justification: $0.justification,
                                             acceptedCents: $0.accepted?.cents) })
    }
}
