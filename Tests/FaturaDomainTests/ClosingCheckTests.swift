import FaturaDomain
import Testing

@Suite struct ClosingCheckTests {
    @Test func cleanPartialMayClose() {
        let check = ClosingCheck(status: .draft, hasExamItems: true, examRuleAt: "2026-11-20T10:00:00Z",
                                 examItemsChangedAt: "2026-11-20T09:00:00Z", payerRequiresAuthorization: true,
                                 authorizationNumber: "123456", total: Money(cents: 15_000))
        #expect(check.blockers.isEmpty)
    }

    @Test func everyReasonIsListedAtOnce() {
        let check = ClosingCheck(status: .draft, pendingNonConformities: 2, unpricedItems: 1, payerStandard: .convenio,
                                 hasExamItems: true, examRuleAt: "2026-11-20T09:00:00Z", examItemsChangedAt: "2026-11-20T09:30:00Z",
                                 payerRequiresAuthorization: true, authorizationNumber: " ", total: .zero)
        #expect(check.blockers == [.openNonConformities(2), .unpricedItems(1), .examRuleNotRun, .missingAuthorization, .zeroTotal])
        #expect(check.blockers.map(\.code) == ["open_nonconformities", "unpriced_items", "exam_rule_not_run", "missing_authorization", "zero_total"])
    }

    @Test func examRuleNeverRunBlocksOnlyConvenioWithExams() {
        let convenio = ClosingCheck(status: .draft, payerStandard: .convenio, hasExamItems: true, examItemsChangedAt: "2026-11-20T09:00:00Z",
                                    total: Money(cents: 100))
        #expect(convenio.blockers == [.examRuleNotRun])
        for standard in [BillingStandard.sus, .particular] {
            var other = convenio
            other.payerStandard = standard
            #expect(other.blockers.isEmpty)
        }
        var noExams = convenio
        noExams.hasExamItems = false
        #expect(noExams.blockers.isEmpty)
    }

    @Test func closedPartialSaysSoAndNothingElse() {
        let check = ClosingCheck(status: .closed, pendingNonConformities: 3, total: .zero)
        #expect(check.blockers == [.alreadyClosed])
    }

    @Test func refusalCarriesEveryReasonWithItsCode() {
        let error = FaturaError.notClosable([.unpricedItems(3), .zeroTotal])
        #expect(error.code == "partial_not_closable")
        #expect(error.fieldErrors == [FieldError("unpriced_items", "Há 3 itens sem preço."), FieldError("zero_total", "O total da parcial é zero.")])
    }
}
