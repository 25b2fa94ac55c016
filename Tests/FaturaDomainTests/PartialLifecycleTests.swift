import FaturaDomain
import Testing

/// The partial's lifecycle: every transition allowed and refused, and every change a writer asks.
@Suite struct PartialLifecycleTests {
    static func partial(_ status: PartialStatus, version: Int = 3) -> PartialBill {
        PartialBill(id: 1, externalId: "P-1", accountId: 1, companyId: 1, payerId: 1, periodStart: CalendarDay(iso: "2026-11-02")!,
                    periodEnd: CalendarDay(iso: "2026-11-03")!, status: status, version: version)
    }

    @Test func transitions() throws {
        #expect(PartialStatus.draft.after(.close) == .closed)
        #expect(PartialStatus.closed.after(.reopen) == .draft)
        #expect(PartialStatus.draft.after(.reopen) == nil)
        #expect(PartialStatus.closed.after(.close) == nil)
        #expect(try Self.partial(.draft).next(.close, expectedVersion: 3) == .closed)
        #expect(try Self.partial(.closed).next(.reopen) == .draft)
        #expect(throws: FaturaError.partialAlreadyClosed(externalId: "P-1")) { try Self.partial(.closed).next(.close) }
        #expect(throws: FaturaError.partialNotClosed(externalId: "P-1")) { try Self.partial(.draft).next(.reopen) }
        #expect(throws: FaturaError.stalePartial) { try Self.partial(.draft).next(.close, expectedVersion: 2) }
    }

    @Test(arguments: PartialChange.allCases)
    func aDraftTakesEveryChangeAndAClosedPartialNone(_ change: PartialChange) throws {
        try Self.partial(.draft).check(change)
        try Self.partial(.draft).check(change, expectedVersion: 3)
        #expect(throws: FaturaError.stalePartial) { try Self.partial(.draft).check(change, expectedVersion: 4) }
        // Closed wins over stale: the person is told the partial is closed, not to reload.
        #expect(throws: FaturaError.partialClosed(externalId: "P-1", change: change)) { try Self.partial(.closed).check(change, expectedVersion: 4) }
    }

    @Test func refusalsHaveTheirOwnCodes() {
        #expect(FaturaError.partialClosed(externalId: "P-1", change: .examRule).code == "partial_closed")
        #expect(FaturaError.partialClosed(externalId: "P-1", change: .examRule).message
            == "A parcial P-1 está encerrada: a regra de cobrança de exames não a altera.")
        #expect(FaturaError.partialAlreadyClosed(externalId: "P-1").code == "partial_closed")
        #expect(FaturaError.partialNotClosed(externalId: "P-1").code == "partial_not_closed")
        #expect(FaturaError.stalePartial.code == "stale_version")
        #expect(FaturaError.documentAlreadySent("x").code == "document_already_sent")
        #expect(FaturaError.batchRunning("x").code == "batch_running")
    }
}
