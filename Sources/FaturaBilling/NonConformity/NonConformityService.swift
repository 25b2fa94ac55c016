import FaturaDomain
import FaturaStore

/// Registers non-conformities on partials and moves them through their lifecycle: the sector
/// corrects, billing accepts or sends back. Every step is dated in `nonconformity_events` and in the
/// audit log, in the same transaction as the change.
public struct NonConformityService: BillingService {
    let context: ServiceContext

    /// What a biller fills in to register one.
    public struct Registration: Sendable, Equatable {
        public var partialId: ID<PartialBill>
        public var itemId: ID<ChargeItem>?
        public var typeId: Int?
        /// Nil: the type's default sector, else the encounter's origin sector.
        public var sectorId: Int?
        public var note: String

        public init(partialId: ID<PartialBill>, itemId: ID<ChargeItem>? = nil, typeId: Int?, sectorId: Int? = nil, note: String = "") {
            self.partialId = partialId
            self.itemId = itemId
            self.typeId = typeId
            self.sectorId = sectorId
            self.note = note
        }
    }

    /// Registers one on a draft partial; the partial's record is then "devolvido ao setor" for that
    /// sector until the non-conformity is accepted. `expectedVersion` is the partial's version the
    /// biller saw; registering bumps it, so a close racing with it is refused. `today` (the
    /// hospital's day by default) starts the deadline.
    public func register(_ input: Registration, expectedVersion: Int? = nil, today: CalendarDay? = nil, by actor: AuditActor) async throws -> NonConformity {
        let today = today ?? clock.today()
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let partial = try await PartialRepository.require(input.partialId, on: tx)
            try partial.check(.nonConformities, expectedVersion: expectedVersion)
            let created = try await Self.create(input, partial: partial, today: today, at: now, by: actor, on: tx)
            try await PartialRepository.bumpVersion(partial, at: now, on: tx)
            return created
        }
    }

    /// Checks and stores one, with its first event and the audit, inside the caller's transaction.
    /// The partial's state is the caller's business: a draft partial's (`register`) blocks its
    /// close; a glosa's (`GlosaService.openNonConformity`) is on a partial long closed and sent, and
    /// asks the sector to fix the cause.
    static func create(_ input: Registration, partial: PartialBill, today: CalendarDay, at now: String, by actor: AuditActor,
                       on tx: Transaction) async throws -> NonConformity {
        var errors = FieldErrors()
        var type: NonConformityType?
        if let typeId = input.typeId {
            type = try await Registry<NonConformityType>.find(typeId, on: tx)
            if type == nil { errors.add("typeId", "Tipo de não conformidade inexistente.") }
            else if type?.active == false { errors.add("typeId", "Tipo de não conformidade inativo.") }
        } else {
            errors.add("typeId", "Escolha o tipo de não conformidade.")
        }
        var itemCode: String?
        if let itemId = input.itemId {
            itemCode = try await NonConformityRepository.itemCode(itemId, partialId: input.partialId, on: tx)
            if itemCode == nil { errors.add("itemId", "O item \(itemId) não pertence a esta parcial.") }
        }
        errors.append(NonConformity.validateNote(input.note, required: false))
        let sectorId = try await Self.responsibleSector(input.sectorId, type: type, partial: partial, errors: &errors, on: tx)
        guard errors.isEmpty, let type, let typeId = type.id, let sectorId else { throw FaturaError.validation(errors.all) }

        var created = NonConformity(partialId: input.partialId, itemId: input.itemId, typeId: typeId, sectorId: sectorId,
                                    note: input.note.trimmingSpaces(), foundOn: today, dueOn: type.deadline(from: today))
        let id = try await NonConformityRepository.insert(created, itemCode: itemCode, registeredOn: today, at: now, by: actor.username, on: tx)
        created.id = id
        try await NonConformityRepository.event(id, action: "register", note: created.note.nilIfEmpty, at: now, by: actor.username, on: tx)
        try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "nonconformity", entityId: String(id), after: created,
                                  detail: "parcial \(partial.externalId): \(type.name)")
        return created
    }

    /// The sector chosen, or the type's default, or the encounter's origin sector; it must exist and be active.
    static func responsibleSector(_ chosen: Int?, type: NonConformityType?, partial: PartialBill, errors: inout FieldErrors,
                                  on tx: Transaction) async throws -> Int? {
        var sectorId = chosen
        if sectorId == nil, let code = type?.defaultSectorCode { sectorId = try await NonConformityRepository.activeSector(code: code, on: tx) }
        if sectorId == nil { sectorId = try await NonConformityRepository.originSector(accountId: partial.accountId, on: tx) }
        guard let sectorId else {
            errors.add("sectorId", "Escolha o setor responsável pela correção.")
            return nil
        }
        guard let sector = try await Registry<Sector>.find(sectorId, on: tx), sector.active else {
            errors.add("sectorId", "Setor inexistente ou inativo.")
            return nil
        }
        return sector.id
    }

    /// One step of the lifecycle. `actorSectorId` is set for sector users: they act only on their
    /// own sector's (anything else is forbidden, not merely hidden). `expectedVersion` is the
    /// version the person saw; a stale one is a conflict, never a silent overwrite.
    @discardableResult
    public func act(_ id: Int, _ action: NonConformityAction, note: String = "", expectedVersion: Int? = nil, actorSectorId: Int? = nil,
                    today: CalendarDay? = nil, by actor: AuditActor) async throws -> NonConformityStatus {
        let today = today ?? clock.today()
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            guard let row = try await NonConformityRepository.row(id, on: tx) else { throw FaturaError.notFound(entity: "não conformidade") }
            if let actorSectorId, actorSectorId != row.sectorId { throw FaturaError.forbidden }
            let status = try row.storedStatus()
            guard let next = action.next(from: status) else { throw FaturaError.nonConformityActionRefused(action.refusal(from: status)) }
            if let expectedVersion, expectedVersion != row.version {
                throw FaturaError.staleNonConformity("Esta não conformidade foi alterada por outra pessoa (agora: \(status.label)). Recarregue a página antes de repetir.")
            }
            let errors = NonConformity.validateNote(note, required: action.needsNote)
            if !errors.isEmpty { throw FaturaError.validation(errors) }
            let text = note.trimmingSpaces().nilIfEmpty
            var detail = action.label
            var newDue: CalendarDay?
            if action == .sendBack {
                // Back to the sector with a new deadline counted from today.
                guard let type = try await Registry<NonConformityType>.find(row.typeId, on: tx) else {
                    throw FaturaError.notFound(entity: "tipo de não conformidade")
                }
                let due = type.deadline(from: today)
                newDue = due
                detail += "; novo prazo \(BrazilianFormat.date(due))"
            }
            guard try await NonConformityRepository.record(action, on: row, to: next, note: text, today: today, newDue: newDue, at: now,
                                                           by: actor.username, on: tx) else {
                throw FaturaError.staleNonConformity("Esta não conformidade foi alterada por outra pessoa. Recarregue a página antes de repetir.")
            }
            try await NonConformityRepository.event(id, action: action.rawValue, note: text, at: now, by: actor.username, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "nonconformity", entityId: String(id),
                                      before: ["status": status.rawValue], after: ["status": next.rawValue],
                                      detail: text.map { "\(detail): \($0)" } ?? detail)
            return next
        }
    }
}
