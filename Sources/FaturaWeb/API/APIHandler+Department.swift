import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// The department's notices, protocol book and record copies for the hospital's other systems.
extension APIHandler {
    func listNotices(_ input: Operations.ListNotices.Input) async throws -> Operations.ListNotices.Output {
        let identity = try RequestIdentity.require(.viewNotices)
        let found = try await billing.notices.list(companyId: input.query.companyId, sectorId: identity.confinedSectorId)
        return .ok(.init(body: .json(found.map { s in
            .init(id: s.notice.id ?? 0, payerId: s.notice.payerId, receivedOn: s.notice.receivedOn.iso, subject: s.notice.subject,
                  kind: .init(rawValue: s.notice.kind.rawValue) ?? .other, sectors: s.sectors, done: s.done, late: s.late,
                  ownStatus: s.own.flatMap { .init(rawValue: $0.status.rawValue) })
        })))
    }

    func createNotice(_ input: Operations.CreateNotice.Input) async throws -> Operations.CreateNotice.Output {
        let identity = try RequestIdentity.require(.manageNotices)
        guard case .json(let b) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let kind = PayerNoticeKind(rawValue: b.kind.rawValue) ?? .other
        let notice = PayerNotice(companyId: b.companyId, payerId: b.payerId, receivedOn: try Self.day(b.receivedOn, field: "receivedOn"), subject: b.subject,
                                 text: b.text, kind: kind, effectiveOn: try b.effectiveOn.map { try Self.day($0, field: "effectiveOn") }, contractId: b.contractId)
        let saved = try await billing.notices.create(notice, sectorIds: b.sectorIds, dueOn: try b.dueOn.map { try Self.day($0, field: "dueOn") },
                                                     uploads: [], by: identity.actor)
        return .created(.init(body: .json(try await noticeBody(saved.id ?? 0, identity: identity))))
    }

    func getNotice(_ input: Operations.GetNotice.Input) async throws -> Operations.GetNotice.Output {
        let identity = try RequestIdentity.require(.viewNotices)
        return .ok(.init(body: .json(try await noticeBody(input.path.id, identity: identity))))
    }

    func acknowledgeNotice(_ input: Operations.AcknowledgeNotice.Input) async throws -> Operations.AcknowledgeNotice.Output {
        let identity = try RequestIdentity.require(.viewNotices)
        guard case .json(let b) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let step: NoticeService.Acknowledgement = b.step == .read ? .read : .done(note: b.note ?? "")
        _ = try await billing.notices.acknowledge(input.path.id, sectorId: b.sectorId, step, actorSectorId: identity.confinedSectorId, by: identity.actor)
        return .ok(.init(body: .json(try await noticeBody(input.path.id, identity: identity))))
    }

    /// A notice as the API gives it; a sector user reaches only one sent to their sector.
    func noticeBody(_ id: Int, identity: Identity) async throws -> Components.Schemas.Notice {
        let stored = try await billing.notices.get(id)
        if let own = identity.confinedSectorId, !stored.distributions.contains(where: { $0.distribution.sectorId == own }) { throw FaturaError.forbidden }
        let n = stored.notice
        let today = billing.clock.today()
        return .init(
            id: n.id ?? 0, version: n.version, companyId: n.companyId, payerId: n.payerId, receivedOn: n.receivedOn.iso, subject: n.subject, text: n.text,
            kind: .init(rawValue: n.kind.rawValue) ?? .other, effectiveOn: n.effectiveOn?.iso, contractId: n.contractId, priceTableId: n.priceTableId,
            registeredBy: n.registeredBy,
            distributions: stored.distributions.map { d in
                let x = d.distribution
                return .init(sectorId: x.sectorId, sector: d.sectorName, dueOn: x.dueOn.iso, status: .init(rawValue: x.status.rawValue) ?? .pending,
                             late: x.isLate(today: today), readAt: x.readAt, readBy: x.readBy, doneAt: x.doneAt, doneBy: x.doneBy, doneNote: x.doneNote)
            },
            attachments: stored.attachments.map(\.filename))
    }

    func listProtocolEntries(_ input: Operations.ListProtocolEntries.Input) async throws -> Operations.ListProtocolEntries.Output {
        _ = try RequestIdentity.require(.viewProtocolBook)
        let page = try await billing.protocols.list(companyId: input.query.companyId, year: input.query.year,
                                                    direction: input.query.direction.flatMap { ProtocolDirection(rawValue: $0.rawValue) }, text: nil,
                                                    page: input.query.page ?? 1)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.ProtocolEntry.init), page: page.page, total: page.total))))
    }

    func createProtocolEntry(_ input: Operations.CreateProtocolEntry.Input) async throws -> Operations.CreateProtocolEntry.Output {
        let identity = try RequestIdentity.require(.manageProtocolBook)
        guard case .json(let b) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let entry = try await billing.protocols.register(
            ProtocolEntry(companyId: b.companyId, day: try Self.day(b.day, field: "day"), direction: ProtocolDirection(rawValue: b.direction.rawValue) ?? .outgoing,
                          counterpart: b.counterpart, subject: b.subject), by: identity.actor)
        return .created(.init(body: .json(.init(entry))))
    }

    func listRecordCopies(_ input: Operations.ListRecordCopies.Input) async throws -> Operations.ListRecordCopies.Output {
        let identity = try RequestIdentity.require(.viewRecordCopies)
        let today = billing.clock.today()
        let found = try await billing.recordCopies.list(companyId: input.query.companyId, open: input.query.open, by: identity.actor)
        return .ok(.init(body: .json(found.map { Components.Schemas.RecordCopy($0.request, accesses: nil, today: today) })))
    }

    func createRecordCopy(_ input: Operations.CreateRecordCopy.Input) async throws -> Operations.CreateRecordCopy.Output {
        let identity = try RequestIdentity.require(.prepareRecordCopies)
        guard case .json(let b) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let saved = try await billing.recordCopies.create(RecordCopyRequest(
            companyId: b.companyId, requestedOn: try Self.day(b.requestedOn, field: "requestedOn"), requesterName: b.requesterName,
            relation: RequesterRelation(rawValue: b.relation.rawValue) ?? .other, requesterDocument: b.requesterDocument, documentChecked: b.documentChecked,
            patientName: b.patientName, medicalRecordNumber: b.medicalRecordNumber, records: b.records, purpose: b.purpose,
            dueOn: try b.dueOn.map { try Self.day($0, field: "dueOn") }), by: identity.actor)
        return .created(.init(body: .json(.init(saved, accesses: nil, today: billing.clock.today()))))
    }

    func getRecordCopy(_ input: Operations.GetRecordCopy.Input) async throws -> Operations.GetRecordCopy.Output {
        let identity = try RequestIdentity.require(.viewRecordCopies)
        let companyId = try await recordCopyCompany(input.path.id)
        let found = try await billing.recordCopies.open(input.path.id, companyId: companyId, purpose: "consultou o pedido (API)", by: identity.actor)
        return .ok(.init(body: .json(.init(found.stored.request, accesses: found.accesses, today: billing.clock.today()))))
    }

    func advanceRecordCopy(_ input: Operations.AdvanceRecordCopy.Input) async throws -> Operations.AdvanceRecordCopy.Output {
        guard case .json(let b) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let step: RecordCopyService.Step
        let permission: Permission
        switch b.step {
        case .prepare:
            guard let pages = b.pages else { throw FaturaError.validation([FieldError("pages", "Informe o número de páginas da cópia.")]) }
            (step, permission) = (.prepare(pages: pages), .prepareRecordCopies)
        case .approve: (step, permission) = (.approve, .approveRecordCopies)
        case .deliver: (step, permission) = (.deliver(receivedBy: b.receivedBy ?? "", document: b.receivedDocument ?? ""), .prepareRecordCopies)
        case .refuse: (step, permission) = (.refuse(reason: b.reason ?? ""), .approveRecordCopies)
        }
        let identity = try RequestIdentity.require(permission)
        let companyId = try await recordCopyCompany(input.path.id)
        let saved = try await billing.recordCopies.advance(input.path.id, step, companyId: companyId, expectedVersion: b.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(.init(saved, accesses: nil, today: billing.clock.today()))))
    }

    /// The API names a request by id alone; its company is the one it was registered in.
    func recordCopyCompany(_ id: Int) async throws -> Int {
        guard let stored = try await store.database.read({ try await RecordCopyRepository.find(id, on: $0) }) else {
            throw FaturaError.notFound(entity: "pedido de cópia de prontuário")
        }
        return stored.request.companyId
    }
}

extension Components.Schemas.ProtocolEntry {
    init(_ e: ProtocolEntry) {
        self.init(id: e.id ?? 0, number: e.number, day: e.day.iso, direction: .init(rawValue: e.direction.rawValue) ?? .outgoing, counterpart: e.counterpart,
                  subject: e.subject, invoiceId: e.invoiceId, appealId: e.appealId, noticeId: e.noticeId, recordCopyId: e.recordCopyId, registeredBy: e.registeredBy)
    }
}

extension Components.Schemas.RecordCopy {
    init(_ r: RecordCopyRequest, accesses: [RecordCopyAccess]?, today: CalendarDay) {
        self.init(id: r.id ?? 0, version: r.version, requestedOn: r.requestedOn.iso, requesterName: r.requesterName,
                  relation: .init(rawValue: r.relation.rawValue) ?? .other, patientName: r.patientName, medicalRecordNumber: r.medicalRecordNumber,
                  records: r.records, purpose: r.purpose, dueOn: r.dueOn.iso, status: .init(rawValue: r.status.rawValue) ?? .requested,
                  overdue: r.isOverdue(today: today), pages: r.pages, deliveredOn: r.deliveredOn?.iso, receivedBy: r.receivedBy, refusalReason: r.refusalReason,
                  accesses: accesses?.map { .init(at: $0.at, username: $0.username, action: $0.action) })
    }
}

/// The team's computed figures and the evaluations.
extension APIHandler {
    func getTeamPerformance(_ input: Operations.GetTeamPerformance.Input) async throws -> Operations.GetTeamPerformance.Output {
        _ = try RequestIdentity.require(.viewTeam)
        let rows = try await billing.team.performance(companyId: input.query.companyId, from: try Self.day(input.query.from, field: "from"),
                                                      to: try Self.day(input.query.to, field: "to"))
        return .ok(.init(body: .json(rows.map { p in
            .init(username: p.username, partialsClosed: p.partialsClosed, items: p.items, nonConformitiesFound: p.nonConformitiesFound,
                  invoicesSent: p.invoicesSent, invoicesOnTime: p.invoicesOnTime, billedCents: p.billed.cents, glosaCents: p.glosa.cents,
                  glosaRateBasisPoints: p.glosaRate?.basisPoints)
        })))
    }

    func getTrainingRecycling(_ input: Operations.GetTrainingRecycling.Input) async throws -> Operations.GetTrainingRecycling.Output {
        _ = try RequestIdentity.require(.viewTeam)
        let today = billing.clock.today()
        let rows = Training.recycling(try await billing.team.trainings(companyId: input.query.companyId))
        return .ok(.init(body: .json(rows.map { .init(username: $0.username, topic: $0.topic, lastOn: $0.lastOn.iso, dueOn: $0.dueOn.iso, overdue: $0.dueOn < today) })))
    }

    func listEvaluations(_ input: Operations.ListEvaluations.Input) async throws -> Operations.ListEvaluations.Output {
        _ = try RequestIdentity.require(.evaluateTeam)
        let list = try await billing.team.evaluations(companyId: input.query.companyId)
        return .ok(.init(body: .json(list.map { e in
            .init(id: e.id ?? 0, username: e.username, periodFrom: e.periodFrom.iso, periodTo: e.periodTo.iso, averageHundredths: e.averageHundredths,
                  scores: e.scores.map { .init(criterion: $0.criterion, score: $0.score) }, comments: e.comments, improvementPlan: e.improvementPlan,
                  evaluatedBy: e.evaluatedBy, evaluatedOn: e.evaluatedOn.iso)
        })))
    }
}
