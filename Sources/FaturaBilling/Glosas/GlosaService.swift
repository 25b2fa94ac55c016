import FaturaDomain
import FaturaStore

/// The triage of glosas: an owner, the audit sector's opinion on technical ones, the kind when the
/// code's group placed it wrong, and the decision to accept (written off, with its reason). Appeals
/// are `AppealService`'s. Each step is one transaction, checks the version the person saw and is
/// audited.
public struct GlosaService: BillingService {
    let context: ServiceContext

    public static let noteLength = 2_000

    public func assign(_ id: Int, to owner: String?, expectedVersion: Int, by actor: AuditActor) async throws -> Glosa {
        let owner = owner?.trimmingSpaces().nilIfEmpty
        if let owner {
            // Someone who can work on glosas: billing, or the audit sector for an opinion.
            guard owner.count <= 100, let user = try await store.users.find(username: owner), user.active,
                  user.role.may(.manageGlosas) || user.role.may(.giveGlosaOpinion) else {
                throw FaturaError.validation([FieldError("owner", "Escolha como responsável um usuário ativo do faturamento ou da auditoria.")])
            }
        }
        return try await step(id, expectedVersion: expectedVersion, by: actor, detail: "responsável: \(owner ?? "nenhum")") { glosa in
            glosa.owner = owner
        }
    }

    /// The audit sector's opinion on a technical glosa (justified: accept; not justified: appeal).
    public func giveOpinion(_ id: Int, _ opinion: GlosaOpinion, text: String, expectedVersion: Int, by actor: AuditActor) async throws -> Glosa {
        let text = text.trimmingSpaces()
        guard !text.isEmpty, text.count <= Self.noteLength else {
            throw FaturaError.validation([FieldError("opinionText", "Escreva o parecer (até \(Self.noteLength) caracteres).")])
        }
        return try await step(id, expectedVersion: expectedVersion, by: actor, detail: "parecer: \(opinion.label)") { glosa in
            guard glosa.kind == .technical else { throw FaturaError.glosaRefused(.notTechnical) }
            guard glosa.balance.undecided > .zero else { throw FaturaError.glosaRefused(.nothingToDecide) }
            glosa.opinion = opinion
            glosa.opinionText = text
            glosa.opinionBy = actor.username
        }
    }

    /// The kind when the code's group placed it wrong. A technical glosa waiting for the audit
    /// sector is moved to another kind only by the audit sector (`auditor`): otherwise a change of
    /// kind would skip the opinion.
    public func setKind(_ id: Int, _ kind: GlosaKind, expectedVersion: Int, auditor: Bool, by actor: AuditActor) async throws -> Glosa {
        try await step(id, expectedVersion: expectedVersion, by: actor, detail: "tipo: \(kind.label)") { glosa in
            if glosa.awaitsOpinion && kind != .technical && !auditor { throw FaturaError.glosaRefused(.awaitsOpinion) }
            glosa.kind = kind
        }
    }

    /// Accepts what is undecided: written off before any appeal, lost after one — with the reason.
    public func accept(_ id: Int, note: String, expectedVersion: Int, by actor: AuditActor) async throws -> Glosa {
        let note = note.trimmingSpaces()
        guard !note.isEmpty, note.count <= Self.noteLength else {
            throw FaturaError.validation([FieldError("note", "Escreva o motivo de aceitar a glosa (até \(Self.noteLength) caracteres).")])
        }
        return try await step(id, expectedVersion: expectedVersion, by: actor, detail: "aceita: \(note.prefix(120))") { glosa in
            if glosa.awaitsOpinion { throw FaturaError.glosaRefused(.awaitsOpinion) }
            try glosa.balance.accept()
            glosa.decisionNote = note
        }
    }

    /// A glosa whose cause is a defect of the record (a missing signature, an unauthorised item)
    /// opens a non-conformity for the sector that made it, on the glosa's partial, in the same
    /// transaction as the glosa's link to it: the sector fixes the cause (and sends what the appeal
    /// needs) through the usual flow, and the glosa counts as preventable. One per glosa.
    public func openNonConformity(_ id: Int, typeId: Int?, sectorId: Int?, note: String, expectedVersion: Int, by actor: AuditActor) async throws -> Glosa {
        let now = clock.timestamp(), today = clock.today()
        return try await database.transaction { tx in
            var glosa = try await GlosaRepository.require(id, on: tx)
            guard glosa.version == expectedVersion else {
                throw FaturaError.concurrentChange("A glosa \(id) foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira.")
            }
            if let existing = glosa.nonConformityId { throw FaturaError.conflict("A glosa \(id) já abriu a não conformidade \(existing).") }
            let partial = try await PartialRepository.require(ID(glosa.partialId), on: tx)
            let text = "Glosa \(id) — \(GlosaReasonBook.shared.label(glosa.reasonCode).prefix(100)), guia \(glosa.claimNumber), item \(glosa.sequence): " + note.trimmingSpaces()
            let created = try await NonConformityService.create(
                .init(partialId: partial.id!, typeId: typeId, sectorId: sectorId ?? glosa.originSectorId, note: String(text.prefix(NonConformity.maxNoteLength))),
                partial: partial, today: today, at: now, by: actor, on: tx)
            glosa.nonConformityId = created.id
            let saved = try await GlosaRepository.save(glosa, expectedVersion: expectedVersion, at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "glosa", entityId: String(id), after: ["nonconformity": created.id ?? 0],
                                      detail: "não conformidade \(created.id ?? 0) aberta para o setor de origem")
            return saved
        }
    }

    /// Loads, changes, checks the identity and saves one glosa, audited with its balance before and after.
    private func step(_ id: Int, expectedVersion: Int, by actor: AuditActor, detail: String,
                      _ change: @Sendable (inout Glosa) throws -> Void) async throws -> Glosa {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            var glosa = try await GlosaRepository.require(id, on: tx)
            guard glosa.version == expectedVersion else {
                throw FaturaError.concurrentChange("A glosa \(id) foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira.")
            }
            let before = glosa.status
            try change(&glosa)
            guard glosa.balance.balances else { throw FaturaError.conflict("A glosa \(id) não fecha a conta (valor ≠ soma das partes): nada foi alterado. Avise a TI.") }
            let saved = try await GlosaRepository.save(glosa, expectedVersion: expectedVersion, at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "glosa", entityId: String(id),
                                      before: ["status": before.rawValue], after: ["status": saved.status.rawValue], detail: detail)
            return saved
        }
    }
}
