@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

@Suite struct NonConformityStoreTests {
    /// Thursday 19/11/2026. Friday 20/11 is a national holiday (Consciência Negra), then a weekend.
    let thursday = CalendarDay(iso: "2026-11-19")!
    let monday = CalendarDay(iso: "2026-11-23")!

    /// Register → return document → the sector corrects → billing accepts → close.
    @Test(arguments: TestDatabase.kinds)
    func fullPathFromRegistrationToClosing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let partialId = try await f.cleanPartial("P-1")
            let imagem = f.sectors["imagem"]!

            // Missing signature: no default sector, so the encounter's origin (Imagem); 2 business days
            // from Thursday 19/11 skip the holiday and the weekend: Mon 23, Tue 24.
            let nc = try await store.billing.nonConformities.register(
                .init(partialId: partialId, typeId: f.types["assinatura"], note: "Falta assinatura do radiologista no laudo"),
                today: thursday, by: NonConformityFixture.ana)
            #expect(nc.sectorId == imagem)
            #expect(nc.dueOn == CalendarDay(iso: "2026-11-24"))
            #expect(try await store.billing.closing.blockers(partialId).blockers == [.openNonConformities(1)])
            await #expect(throws: FaturaError.notClosable([.openNonConformities(1)])) {
                try await store.billing.closing.close(partialId, by: NonConformityFixture.ana)
            }

            // The supervisor issues the return document for Imagem and marks it sent, once.
            let pending = try await store.recordReturns.pending(companyId: f.base.companyId)
            #expect(pending.map(\.sectorId) == [imagem])
            #expect(pending.first?.earliestDue == "2026-11-24")
            let document = try await store.billing.recordReturns.generate(companyId: f.base.companyId, sectorId: imagem, today: thursday,
                                                                  by: NonConformityFixture.ana)
            #expect(document.number == "DEV-2026-00001")
            #expect(try await store.recordReturns.pending(companyId: f.base.companyId).isEmpty)
            try await store.billing.recordReturns.markSent(document.id, by: NonConformityFixture.ana)
            await expectRefusal("document_already_sent") { try await store.billing.recordReturns.markSent(document.id, by: NonConformityFixture.ana) }
            let printed = try await store.recordReturns.document(document.id)
            #expect(printed.lines.map(\.partialExternalId) == ["P-1"])
            #expect(printed.lines.first?.typeName == "Falta de assinatura ou carimbo do profissional")
            #expect(printed.header.sentBy == "ana.faturista")

            // The sector sees it in its queue, corrects it with a note; billing accepts.
            let queue = try await store.nonConformityQueries.entries(.init(sectorId: imagem, statuses: [.open]))
            #expect(queue.map(\.id) == [nc.id!])
            #expect(queue.first?.returnNumber == "DEV-2026-00001")
            try await store.billing.nonConformities.act(nc.id!, .correct, note: "Laudo assinado e carimbado", actorSectorId: imagem, today: monday,
                                                by: NonConformityFixture.imagem)
            #expect(try await store.billing.closing.blockers(partialId).blockers == [.openNonConformities(1)]) // still to be checked
            try await store.billing.nonConformities.act(nc.id!, .accept, today: monday, by: NonConformityFixture.ana)

            let closed = try await store.billing.closing.close(partialId, by: NonConformityFixture.ana)
            #expect(closed.status == .closed)
            #expect(try await store.accounts.partial(partialId).closedBy == "ana.faturista")
            let history = try await store.nonConformityQueries.events(of: [nc.id!])
            #expect(history.map(\.action) == ["register", "correct", "accept"])
            #expect(history.map(\.username) == ["ana.faturista", "rui.imagem", "ana.faturista"])

            // Closed means read-only: no new non-conformity, no re-pricing.
            await expectRefusal("partial_closed") {
                try await store.billing.nonConformities.register(.init(partialId: partialId, typeId: f.types["laudo"]), today: monday, by: NonConformityFixture.ana)
            }
            await expectRefusal("partial_closed") { try await store.billing.pricing.repricePartial(partialId, by: NonConformityFixture.ana) }

            // Registered Thursday 19, corrected Monday 23: 4 calendar days, on time (due 24).
            let stats = try await store.nonConformityQueries.sectorStats(companyId: f.base.companyId, from: CalendarDay(iso: "2026-11-01")!,
                                                                         to: CalendarDay(iso: "2026-11-30")!, today: monday)
            let line = try #require(stats.first { $0.sector.id == imagem }?.stats)
            #expect([line.open, line.overdue, line.correctedInPeriod, line.correctedLate] == [0, 0, 1, 0])
            #expect(line.averageTenthsOfDay == 40)
        }
    }

    /// An unknown code and a CT not in the table (both unpriced: total zero), an open non-conformity,
    /// a payer that requires authorisation and an encounter without one, the exam rule never run.
    @Test(arguments: TestDatabase.kinds)
    func closingListsEveryReasonAtOnce(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            var payer = try await store.payers.get(f.base.payerId)
            payer.requiresAuthorization = true
            _ = try await store.payers.update(f.base.payerId, with: payer, by: .system)
            let id = try await f.partial("P-2", items: [PricingFixture.item("P-2-1", code: "99999999"), PricingFixture.item("P-2-2", code: "41099999")],
                                         authorization: nil)
            _ = try await store.billing.nonConformities.register(.init(partialId: id, typeId: f.types["autorizacao"]), today: thursday, by: NonConformityFixture.ana)

            let expected: [ClosingBlocker] = [.openNonConformities(1), .unpricedItems(2), .examRuleNotRun, .missingAuthorization, .zeroTotal]
            #expect(try await store.billing.closing.blockers(id).blockers == expected)
            await #expect(throws: FaturaError.notClosable(expected)) { try await store.billing.closing.close(id, by: NonConformityFixture.ana) }
            #expect(try await store.accounts.partial(id).partial.status == .draft)

            // In bulk, the clean one closes and this one reports its reasons.
            let clean = try await f.cleanPartial("P-3")
            let outcomes = try await store.billing.closing.closeMany([id, clean], by: NonConformityFixture.ana)
            #expect(outcomes.map(\.closed) == [false, true])
            #expect(outcomes[0].reasons.count == 5)
            #expect(outcomes[1].externalId == "P-3")
        }
    }

    /// The authorisation type's default sector is Atendimento, whatever the record's origin.
    @Test(arguments: TestDatabase.kinds)
    func typeDefaultSectorWinsAndBadInputIsNamed(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let id = try await f.cleanPartial("P-4")
            let nc = try await store.billing.nonConformities.register(.init(partialId: id, typeId: f.types["autorizacao"]), today: thursday, by: NonConformityFixture.ana)
            #expect(nc.sectorId == f.sectors["atendimento"])
            #expect(nc.dueOn == CalendarDay(iso: "2026-11-25")) // 3 business days: 23, 24, 25

            do {
                _ = try await store.billing.nonConformities.register(.init(partialId: id, itemId: 987_654, typeId: nil, note: String(repeating: "x", count: 1_001)),
                                                             today: thursday, by: NonConformityFixture.ana)
                Issue.record("registration with bad input was accepted")
            } catch let error as FaturaError {
                #expect(Set(error.fieldErrors.map(\.field)) == ["typeId", "itemId", "note"])
            }
            #expect(try await store.nonConformityQueries.entries(.init(partialId: id)).count == 1) // nothing half-saved
        }
    }

    /// Two billers on the same partial and the same non-conformity: the second write is refused.
    @Test(arguments: TestDatabase.kinds)
    func staleWritesAreConflicts(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let id = try await f.cleanPartial("P-5")
            let seen = try await store.accounts.partial(id).partial.version
            // Biller A registers a defect; biller B, still looking at the old page, tries to close.
            let nc = try await store.billing.nonConformities.register(.init(partialId: id, typeId: f.types["laudo"]), expectedVersion: seen,
                                                              today: thursday, by: NonConformityFixture.ana)
            await expectRefusal("stale_version") { try await store.billing.closing.close(id, expectedVersion: seen, by: .system) }
            #expect(try await store.accounts.partial(id).partial.status == .draft)

            try await store.billing.nonConformities.act(nc.id!, .correct, note: "Laudo anexado", expectedVersion: 1, today: monday, by: NonConformityFixture.imagem)
            // Both billers saw version 2; one accepts, the other's "send back" must not overwrite it.
            try await store.billing.nonConformities.act(nc.id!, .accept, expectedVersion: 2, today: monday, by: NonConformityFixture.ana)
            do {
                try await store.billing.nonConformities.act(nc.id!, .sendBack, note: "Laudo sem data", expectedVersion: 2, today: monday, by: .system)
                Issue.record("a stale send-back was accepted")
            } catch let error as FaturaError {
                #expect(error.code == "nonconformity_action_refused") // accepted meanwhile: a send-back is no longer possible
            }
            #expect(try await store.nonConformityQueries.entry(nc.id!).status == .accepted)
        }
    }

    /// A sector user acts only on their own sector's; a correction sent back returns with a new deadline.
    @Test(arguments: TestDatabase.kinds)
    func sectorIsolationAndSendBack(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let id = try await f.cleanPartial("P-6")
            let nc = try await store.billing.nonConformities.register(.init(partialId: id, typeId: f.types["assinatura"]), today: thursday, by: NonConformityFixture.ana)
            await #expect(throws: FaturaError.forbidden) {
                try await store.billing.nonConformities.act(nc.id!, .correct, note: "ok", actorSectorId: f.sectors["uti"], today: monday, by: .system)
            }
            _ = try await store.billing.recordReturns.generate(companyId: f.base.companyId, sectorId: f.sectors["imagem"]!, today: thursday, by: NonConformityFixture.ana)
            try await store.billing.nonConformities.act(nc.id!, .correct, note: "Assinado", actorSectorId: f.sectors["imagem"], today: monday, by: NonConformityFixture.imagem)
            await expectRefusal("validation_failed") { // a reason is required
                try await store.billing.nonConformities.act(nc.id!, .sendBack, note: " ", today: monday, by: NonConformityFixture.ana)
            }
            // Sent back on Friday 27/11: 2 business days → Mon 30/11, Tue 1/12; it goes into the next document.
            try await store.billing.nonConformities.act(nc.id!, .sendBack, note: "Falta o carimbo", today: CalendarDay(iso: "2026-11-27")!, by: NonConformityFixture.ana)
            let entry = try await store.nonConformityQueries.entry(nc.id!)
            #expect(entry.status == .open)
            #expect(entry.dueOn == "2026-12-01")
            #expect(entry.timesSentBack == 1)
            #expect(entry.checkNote == "Falta o carimbo")
            #expect(entry.returnNumber == nil)
            #expect(try await store.recordReturns.pending(companyId: f.base.companyId).map(\.count) == [1])
            #expect(entry.isOverdue(today: CalendarDay(iso: "2026-12-02")!))
            // The late list (pages and `fatura nonconformities overdue`): late only after the due day.
            let queries = store.nonConformityQueries
            #expect(try await queries.entries(.init(companyId: f.base.companyId, overdueOn: CalendarDay(iso: "2026-12-01")!)).isEmpty)
            #expect(try await queries.entries(.init(companyId: f.base.companyId, overdueOn: CalendarDay(iso: "2026-12-02")!)).map(\.id) == [nc.id!])
        }
    }

    /// Reopening needs a written reason, is audited, and applies only to closed partials.
    @Test(arguments: TestDatabase.kinds)
    func reopenWithReason(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await NonConformityFixture.make(store)
            let id = try await f.cleanPartial("P-7")
            await expectRefusal("partial_not_closed") { try await store.billing.closing.reopen(id, reason: "Convênio pediu revisão", by: .system) } // not closed
            try await store.billing.closing.close(id, by: NonConformityFixture.ana)
            await #expect(throws: FaturaError.validation([FieldError("reason", "Escreva o motivo da reabertura (pelo menos 10 caracteres).")])) {
                try await store.billing.closing.reopen(id, reason: "erro", by: .system)
            }
            let supervisor = AuditActor(userId: nil, username: "sofia.supervisora")
            let reopened = try await store.billing.closing.reopen(id, reason: "Convênio pediu revisão do laudo", by: supervisor)
            #expect(reopened.status == .draft)
            let detail = try await store.accounts.partial(id)
            #expect(detail.reopenReason == "Convênio pediu revisão do laudo")
            #expect(detail.closedAt == nil)
            let audit = try await store.audit.list(AuditQuery(entity: "partial", username: "sofia.supervisora")).items
            #expect(audit.first?.detail == "parcial P-7 reaberta: Convênio pediu revisão do laudo")
        }
    }
}
