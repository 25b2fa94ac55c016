import FaturaDomain
import Testing

@Suite struct InvoiceLifecycleTests {
    @Test func anInvoiceMovesOnlyAlongItsLifecycle() {
        #expect(InvoiceStatus.open.next(.close) == .closed)
        #expect(InvoiceStatus.closed.next(.reopen) == .open)
        #expect(InvoiceStatus.closed.next(.send) == .sent)
        #expect(InvoiceStatus.sent.next(.receivePayment) == .partiallyReceived)
        #expect(InvoiceStatus.partiallyReceived.next(.settle) == .settled)
        // Refused: sending an open invoice, reopening a sent one, anything after settled.
        #expect(InvoiceStatus.open.next(.send) == nil)
        #expect(InvoiceStatus.sent.next(.reopen) == nil)
        for event in InvoiceEvent.allCases { #expect(InvoiceStatus.settled.next(event) == nil) }
        #expect(InvoiceStatus.allCases.filter(\.acceptsPartials) == [.open])
    }

    /// 101 SP/SADT claims and 3 consultations → 100 + 1 SP/SADT batches and 1 consultation batch, in order.
    @Test func claimsSplitIntoBatchesOfAtMostAHundredOfOneType() {
        let claims = (1...101).map { ("sadt", $0) } + (1...3).map { ("consulta", $0) }
        let batches = ClaimBatches.split(claims, kind: \.0)
        #expect(batches.map(\.kind) == ["sadt", "sadt", "consulta"])
        #expect(batches.map(\.claims.count) == [100, 1, 3])
        #expect(batches[1].claims.first?.1 == 101)
        #expect(ClaimBatches.split([Int](), kind: { $0 }).isEmpty)
    }

    /// Property: every claim lands in exactly one batch, no batch is over the limit or mixes types.
    @Test(arguments: [1, 7, 99, 100, 101, 250])
    func everyClaimInExactlyOneBatch(_ count: Int) {
        let claims = (0..<count).map { ($0 % 3, $0) }
        let batches = ClaimBatches.split(claims, kind: \.0)
        #expect(batches.flatMap(\.claims).map(\.1).sorted() == Array(0..<count))
        #expect(batches.allSatisfy { batch in batch.claims.count <= 100 && batch.claims.allSatisfy { $0.0 == batch.kind } })
    }
}
