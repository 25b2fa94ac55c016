import FaturaDomain
import FaturaStore

/// Encerramento: checks every reason a partial cannot close, closes it when clean (it is then
/// read-only for pricing, the exam rule, the HIS and non-conformities), closes many at once with a
/// line per partial, and reopens one for a supervisor with a written reason.
public struct ClosingService: BillingService {
    let context: ServiceContext

    /// Why the partial cannot close now (empty: it can).
    public func blockers(_ partialId: ID<PartialBill>) async throws -> (partial: PartialBill, blockers: [ClosingBlocker]) {
        try await store.database.read { tx in
            let partial = try await PartialRepository.require(partialId, on: tx)
            return (partial, try await ClosingRepository.check(partial, on: tx).blockers)
        }
    }

    /// Closes a clean draft. Refused with every reason at once (`notClosable`), or `stalePartial` when
    /// `expectedVersion` is not the version now (someone changed the partial since it was read).
    @discardableResult
    public func close(_ partialId: ID<PartialBill>, expectedVersion: Int? = nil, by actor: AuditActor) async throws -> PartialBill {
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let partial = try await PartialRepository.require(partialId, on: tx)
            // A closed partial is refused below with the other reasons ("já encerrada" is a blocker).
            if partial.status == .draft, let expectedVersion, expectedVersion != partial.version { throw FaturaError.stalePartial }
            let blockers = try await ClosingRepository.check(partial, on: tx).blockers
            guard blockers.isEmpty else { throw FaturaError.notClosable(blockers) }
            return try await PartialRepository.transition(.close, of: partial, setting: .closed(at: now, by: actor.username),
                                                          detail: "parcial \(partial.externalId) encerrada", actor: actor, at: now, on: tx)
        }
    }

    /// One partial's line in a bulk close.
    public struct Outcome: Sendable, Equatable {
        public var partialId: ID<PartialBill>
        public var externalId: String
        public var closed: Bool
        public var reasons: [String]
    }

    /// Closes each partial in its own transaction, so one that cannot close does not hold back the others.
    public func closeMany(_ ids: [ID<PartialBill>], by actor: AuditActor) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for id in ids {
            do {
                let partial = try await close(id, by: actor)
                outcomes.append(Outcome(partialId: id, externalId: partial.externalId, closed: true, reasons: []))
            } catch let error as FaturaError {
                let externalId = (try? await store.database.read { try await PartialRepository.find(id, on: $0)?.externalId }) ?? nil
                let reasons: [String] = if case .notClosable(let blockers) = error { blockers.map(\.message) } else { [error.message] }
                outcomes.append(Outcome(partialId: id, externalId: externalId ?? "#\(id)", closed: false, reasons: reasons))
            }
        }
        return outcomes
    }

    /// Back to draft, for a supervisor, with the reason written down and audited.
    /// When invoices land, a partial in an invoice already sent to the payer must be refused here.
    @discardableResult
    public func reopen(_ partialId: ID<PartialBill>, reason: String, expectedVersion: Int? = nil, by actor: AuditActor) async throws -> PartialBill {
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let partial = try await PartialRepository.require(partialId, on: tx)
            _ = try partial.next(.reopen, expectedVersion: expectedVersion)
            let text = reason.trimmingSpaces()
            if text.count < 10 {
                throw FaturaError.validation([FieldError("reason", "Escreva o motivo da reabertura (pelo menos 10 caracteres).")])
            }
            if text.count > NonConformity.maxNoteLength {
                throw FaturaError.validation([FieldError("reason", "O motivo deve ter no máximo \(NonConformity.maxNoteLength) caracteres.")])
            }
            return try await PartialRepository.transition(.reopen, of: partial, setting: .reopened(at: now, by: actor.username, reason: text),
                                                          detail: "parcial \(partial.externalId) reaberta: \(text)", actor: actor, at: now, on: tx)
        }
    }
}
