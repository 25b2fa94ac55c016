import SQLKit
import FaturaDomain

/// Encerramento: checks every reason a partial cannot close, closes it when clean (it is then
/// read-only for pricing, the exam rule, the HIS and non-conformities), closes many at once with a
/// line per partial, and reopens one for a supervisor with a written reason.
public struct PartialClosing: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The facts closing looks at, read in the caller's transaction.
    static func check(_ partial: PartialBill, on sql: any SQLDatabase) async throws -> ClosingCheck {
        let id = partial.id ?? 0
        struct Facts: Decodable {
            var billingStandard: String
            var requiresAuthorization: Bool
            var authorizationNumber: String?
            var examRuleAt: String?
            var examItemsChangedAt: String?
            var pending: Int
            var unpriced: Int
            var total: Int64
        }
        guard let facts = try await sql.select()
            .column(SQLColumn("billing_standard", table: "payers"), as: "billing_standard")
            .column(SQLColumn("requires_authorization", table: "payers"), as: "requires_authorization")
            .column(SQLColumn("authorization_number", table: "encounters"), as: "authorization_number")
            .column(SQLColumn("exam_rule_at", table: "partial_bills"), as: "exam_rule_at")
            .column(SQLColumn("exam_items_changed_at", table: "partial_bills"), as: "exam_items_changed_at")
            .column(PendingNonConformities.count, as: "pending")
            .column(SQLRaw(UnpricedItems.count), as: "unpriced")
            .column(SQLRaw("(SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "total")
            .from("partial_bills").joiningPartialContext()
            .where(SQLColumn("id", table: "partial_bills"), .equal, SQLBind(id))
            .first(decoding: Facts.self, keyDecodingStrategy: .snakeCase)
        else { throw FaturaError.notFound(entity: "parcial") }
        let codes = try await sql.select().distinct().column("code").from("charge_items").where("partial_id", .equal, SQLBind(id)).all()
            .map { try $0.decode(column: "code", as: String.self) }
        let groups = try await ExamGroupStore.load(on: sql)
        return ClosingCheck(status: partial.status, pendingNonConformities: facts.pending, unpricedItems: facts.unpriced,
                            payerStandard: try StoredRow.code(facts.billingStandard, as: BillingStandard.self, table: "payers", column: "billing_standard"),
                            hasExamItems: codes.contains { code in groups.contains { $0.contains(code: code) } }, examRuleAt: facts.examRuleAt,
                            examItemsChangedAt: facts.examItemsChangedAt, payerRequiresAuthorization: facts.requiresAuthorization,
                            authorizationNumber: facts.authorizationNumber, total: Money(cents: facts.total))
    }

    /// Why the partial cannot close now (empty: it can).
    public func blockers(_ partialId: Int) async throws -> (partial: PartialBill, blockers: [ClosingBlocker]) {
        try await database.read { sql in
            guard let partial = try await PartialRow.find(partialId, on: sql)?.partial else { throw FaturaError.notFound(entity: "parcial") }
            return (partial, try await Self.check(partial, on: sql).blockers)
        }
    }

    /// Closes a clean draft. Refused with every reason at once (`notClosable`), or `stalePartial` when
    /// `expectedVersion` is not the version now (someone changed the partial since it was read).
    @discardableResult
    public func close(_ partialId: Int, expectedVersion: Int? = nil, by actor: AuditActor) async throws -> PartialBill {
        try await database.transaction { sql in try await Self.close(partialId, expectedVersion: expectedVersion, actor: actor, on: sql) }
    }

    static func close(_ partialId: Int, expectedVersion: Int?, actor: AuditActor, on sql: any SQLDatabase) async throws -> PartialBill {
        guard let partial = try await PartialRow.find(partialId, on: sql)?.partial else { throw FaturaError.notFound(entity: "parcial") }
        // A closed partial is refused below with the other reasons ("já encerrada" is a blocker).
        if partial.status == .draft, let expectedVersion, expectedVersion != partial.version { throw FaturaError.stalePartial }
        let blockers = try await check(partial, on: sql).blockers
        guard blockers.isEmpty else { throw FaturaError.notClosable(blockers) }
        let now = Timestamp.now()
        return try await PartialTransition.apply(.close, to: partial, setting: [("closed_at", SQLBind(now)), ("closed_by", SQLBind(actor.username))],
                                                 detail: "parcial \(partial.externalId) encerrada", actor: actor, at: now, on: sql)
    }

    /// One partial's line in a bulk close.
    public struct Outcome: Sendable, Equatable {
        public var partialId: Int
        public var externalId: String
        public var closed: Bool
        public var reasons: [String]
    }

    /// Closes each partial in its own transaction, so one that cannot close does not hold back the others.
    public func closeMany(_ ids: [Int], by actor: AuditActor) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for id in ids {
            do {
                let partial = try await close(id, by: actor)
                outcomes.append(Outcome(partialId: id, externalId: partial.externalId, closed: true, reasons: []))
            } catch let error as FaturaError {
                let externalId = (try? await database.read { try await PartialRow.find(id, on: $0)?.partial.externalId }) ?? nil
                let reasons: [String] = if case .notClosable(let blockers) = error { blockers.map(\.message) } else { [error.message] }
                outcomes.append(Outcome(partialId: id, externalId: externalId ?? "#\(id)", closed: false, reasons: reasons))
            }
        }
        return outcomes
    }

    /// Back to draft, for a supervisor, with the reason written down and audited.
    /// When invoices land, a partial in an invoice already sent to the payer must be refused here.
    @discardableResult
    public func reopen(_ partialId: Int, reason: String, expectedVersion: Int? = nil, by actor: AuditActor) async throws -> PartialBill {
        try await database.transaction { sql in
            guard let partial = try await PartialRow.find(partialId, on: sql)?.partial else { throw FaturaError.notFound(entity: "parcial") }
            _ = try partial.next(.reopen, expectedVersion: expectedVersion)
            let text = reason.trimmingSpaces()
            if text.count < 10 {
                throw FaturaError.validation([FieldError("reason", "Escreva o motivo da reabertura (pelo menos 10 caracteres).")])
            }
            if text.count > NonConformity.maxNoteLength {
                throw FaturaError.validation([FieldError("reason", "O motivo deve ter no máximo \(NonConformity.maxNoteLength) caracteres.")])
            }
            let now = Timestamp.now()
            return try await PartialTransition.apply(.reopen, to: partial, setting: [
                ("closed_at", SQLLiteral.null), ("closed_by", SQLLiteral.null), ("reopened_at", SQLBind(now)),
                ("reopened_by", SQLBind(actor.username)), ("reopen_reason", SQLBind(text)),
            ], detail: "parcial \(partial.externalId) reaberta: \(text)", actor: actor, at: now, on: sql)
        }
    }
}
