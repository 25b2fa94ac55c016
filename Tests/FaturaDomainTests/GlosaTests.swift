import FaturaDomain
import PropertyBased
import Testing

/// A glosa's money through triage, appeal rounds and answers (DOMAIN.md §5–6), and statement lines
/// finding their billed items (by sequence, or by code + day + value, never guessed).
@Suite struct GlosaTests {
    static func money(_ reais: Int, _ cents: Int = 0) -> Money { Money(cents: Int64(reais * 100 + cents)) }

    /// 50,00 denied (1705): appealed whole; the payer accepts 20,00; second round on the 30,00 left;
    /// the payer accepts nothing; the contract allows two rounds, so the 30,00 is lost.
    @Test func anAppealRecoversPartOfAGlosaAndTheLastRoundLosesTheRest() throws {
        var glosa = GlosaBalance(value: Self.money(50), maxRounds: 2)
        #expect(glosa.status == .open)
        try glosa.appeal(Self.money(50))
        #expect(glosa.status == .underAppeal && glosa.underAppeal == Self.money(50) && glosa.rounds == 1)
        try glosa.answer(accepted: Self.money(20))
        #expect(glosa.recovered == Self.money(20) && glosa.undecided == Self.money(30))
        #expect(glosa.status == .appealDenied)
        try glosa.appeal(Self.money(30))
        try glosa.answer(accepted: .zero)
        #expect(glosa.lost == Self.money(30) && glosa.undecided == .zero)
        #expect(glosa.status == .partiallyRecovered)
        #expect(glosa.balances)
        #expect(throws: FaturaError.glosaRefused(.nothingToDecide)) { try glosa.appeal(Self.money(1)) }
    }

    /// 25,00 denied (2010): 10,00 appealed and the other 15,00 accepted with it; the payer accepts
    /// the 10,00: recovered 10,00, written off 15,00.
    @Test func aPartialAppealAcceptsTheRestAtOnce() throws {
        var glosa = GlosaBalance(value: Self.money(25), maxRounds: 1)
        #expect(throws: FaturaError.glosaRefused(.amountOutOfRange(max: Self.money(25)))) { try glosa.appeal(Self.money(25, 1)) }
        #expect(throws: FaturaError.glosaRefused(.notUnderAppeal)) { try glosa.answer(accepted: .zero) }
        try glosa.appeal(Self.money(10))
        #expect(glosa.writtenOff == Self.money(15))
        #expect(throws: FaturaError.glosaRefused(.amountOutOfRange(max: Self.money(10)))) { try glosa.answer(accepted: Self.money(11)) }
        try glosa.answer(accepted: Self.money(10))
        #expect((glosa.recovered, glosa.writtenOff, glosa.lost) == (Self.money(10), Self.money(15), .zero))
        #expect(glosa.status == .partiallyRecovered)
        #expect(FaturaError.glosaRefused(.roundsExhausted(max: 1)).code == "glosa_rounds_exhausted")
    }

    @Test func acceptingAtOnceWritesOffAndAfterADeniedAppealLoses() throws {
        var accepted = GlosaBalance(value: Self.money(50), maxRounds: 2)
        try accepted.accept()
        #expect(accepted.status == .writtenOff && accepted.writtenOff == Self.money(50))
        var denied = GlosaBalance(value: Self.money(50), maxRounds: 2)
        try denied.appeal(Self.money(50))
        try denied.answer(accepted: .zero)
        try denied.accept()
        #expect(denied.status == .lost && denied.lost == Self.money(50) && denied.writtenOff == .zero)
        var single = GlosaBalance(value: Self.money(5), maxRounds: 1)
        try single.appeal(Self.money(5))
        try single.answer(accepted: Self.money(1))
        #expect(throws: FaturaError.glosaRefused(.nothingToDecide)) { try single.appeal(Self.money(4)) }
        #expect(single.lost == Self.money(4))
    }

    /// Property: whatever the steps (accept, appeal a share, answer a share), the glosa is always
    /// written off + under appeal + recovered + lost + undecided, and no amount is negative.
    @Test func everyStepKeepsTheGlosaIdentity() async {
        await propertyCheck(input: Gen.int(in: 1...10_000_000), Gen.int(in: 1...3), Gen.int(in: 0...2_999).array(of: 1...12)) { cents, rounds, steps in
            var glosa = GlosaBalance(value: Money(cents: Int64(cents)), maxRounds: rounds)
            for step in steps {
                let share = Int64(step % 1_000)
                switch step / 1_000 {
                case 0: try? glosa.accept()
                case 1: try? glosa.appeal(Money(cents: max(1, glosa.undecided.cents * share / 999)))
                default: try? glosa.answer(accepted: Money(cents: glosa.underAppeal.cents * share / 999))
                }
                #expect(glosa.balances)
                #expect([glosa.undecided, glosa.writtenOff, glosa.underAppeal, glosa.recovered, glosa.lost].allSatisfy { $0 >= .zero })
                #expect(glosa.rounds <= rounds)
            }
        }
    }

    static let day = CalendarDay(year: 2026, month: 3, day: 12)!
    static let items = [
        BilledItem(itemId: 11, claimNumber: "SADT000001", protocolNumber: "123456", sequence: 1, code: "40202666", day: day, total: money(850)),
        BilledItem(itemId: 12, claimNumber: "SADT000001", protocolNumber: "123456", sequence: 2, code: "40601110", day: day, total: money(100)),
        BilledItem(itemId: 13, claimNumber: "SADT000001", protocolNumber: "123456", sequence: 3, code: "MAT0001", day: day, total: money(25)),
        BilledItem(itemId: 14, claimNumber: "SADT000001", protocolNumber: "123456", sequence: 4, code: "MAT0001", day: day, total: money(25)),
    ]

    @Test func aLineFindsItsItemBySequenceOrElseByCodeDayAndValueNeverByGuess() {
        func line(_ sequence: Int?, _ code: String, _ informed: Int, claim: String = "SADT000001", protocolNumber: String? = "123456") -> StatementLine {
            StatementLine(protocolNumber: protocolNumber, claimNumber: claim, sequence: sequence, day: Self.day, code: code,
                          informed: Self.money(informed), released: .zero)
        }
        let matches = StatementMatcher.match([
            line(nil, "40601110", 100),        // no sequence, one item fits → 12
            line(1, "40202666", 850),          // by sequence → 11
            line(nil, "MAT0001", 25),          // two identical items fit → a person chooses
            line(1, "40202666", 850),          // the same item again
            line(1, "X", 1, claim: "SADT000009"), // a claim the hospital never sent
            line(9, "40202666", 850),          // no item 9
            line(nil, "40601110", 90),         // no item of that value
            line(2, "40601110", 100, protocolNumber: "999"),
        ], against: Self.items)
        #expect(matches == [
            .matched(itemId: 12), .matched(itemId: 11), .ambiguous(candidates: [13, 14]), .unmatched(.alreadyMatched),
            .unmatched(.unknownClaim), .unmatched(.unknownSequence), .unmatched(.noItemLikeIt), .unmatched(.otherProtocol(expected: "123456")),
        ])
        // A sequenced line takes its item first, so the line without sequence is not ambiguous.
        #expect(StatementMatcher.match([line(nil, "MAT0001", 25), line(3, "MAT0001", 25)], against: Self.items)
                == [.matched(itemId: 14), .matched(itemId: 13)])
    }
}

extension GlosaTests {
    /// The contract's 30 days after the statement: 20/04/2026 → 20/05/2026 (a Wednesday); 03/10/2026
    /// → 02/11/2026, Finados (a Monday), moves earlier to Friday 30/10/2026.
    @Test func theAppealDeadlineCountsTheContractsDaysAndMovesEarlierOffABusinessDay() {
        #expect(AppealDeadline.due(statementOn: CalendarDay(year: 2026, month: 4, day: 20)!, days: 30) == CalendarDay(year: 2026, month: 5, day: 20))
        let due = AppealDeadline.due(statementOn: CalendarDay(year: 2026, month: 10, day: 3)!, days: 30)
        #expect(due == CalendarDay(year: 2026, month: 10, day: 30))
        #expect(AppealDeadline.daysLeft(until: due, today: CalendarDay(year: 2026, month: 10, day: 25)!) == 5)
        #expect(AppealDeadline.daysLeft(until: due, today: CalendarDay(year: 2026, month: 11, day: 2)!) == -3)
    }
}

/// The glosa-risk flag's threshold, exact in counts (DOMAIN: the rule and its numbers are shown).
@Suite struct GlosaRiskTests {
    static let rule = GlosaRiskRule.standard   // ≥ 20%, at least 10 billed, 12 months

    static func h(_ billed: Int, _ denied: Int) -> GlosaRiskHistory { GlosaRiskHistory(payerId: 1, code: "40202666", billed: billed, denied: denied) }

    @Test func flaggedAtTheThresholdAndNotBelowIt() {
        #expect(Self.h(10, 2).isRisk(under: Self.rule))          // 20,00% of 10
        #expect(!Self.h(10, 1).isRisk(under: Self.rule))         // 10,00%
        #expect(!Self.h(9, 9).isRisk(under: Self.rule))          // 100% but only 9 billed
        #expect(Self.h(5_000, 1_000).isRisk(under: Self.rule))   // 20,00%
        #expect(!Self.h(5_000, 999).isRisk(under: Self.rule))    // 19,98%
        // 2 000 of 10 001 is 19,998%: shown rounded as 20,00%, yet below the rule — compared in counts.
        #expect(Self.h(10_001, 2_000).rate == Percentage(basisPoints: 2_000) && !Self.h(10_001, 2_000).isRisk(under: Self.rule))
        #expect(!Self.h(10, 0).isRisk(under: GlosaRiskRule(minimumRate: Percentage(basisPoints: 1), minimumBilled: 1, months: 12)))
    }

    @Test func theMostFrequentReasonWinsTiesGoToTheLowerCode() {
        let top = GlosaRiskHistory.topReasons([(1, "A", "2010", 3), (1, "A", "1705", 3), (1, "A", "1801", 2), (2, "A", "1801", 1)])
        #expect(top["1|A"]?.reason == "1705" && top["1|A"]?.count == 3 && top["2|A"]?.reason == "1801")
    }

    @Test func aRuleOutOfBoundsNamesEachField() {
        let bad = GlosaRiskRule(minimumRate: Percentage(basisPoints: 0), minimumBilled: 0, months: 61)
        #expect(bad.problems.map(\.field) == ["minimumRate", "minimumBilled", "months"])
        #expect(GlosaRiskRule.standard.problems.isEmpty)
        #expect(GlosaRiskRule.standard.description == "glosado em ≥ 20,00% das cobranças, com no mínimo 10 cobranças nos últimos 12 meses")
    }
}
