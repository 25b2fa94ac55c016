import FaturaDomain
import PropertyBased
import Testing

/// DOMAIN.md §3, worked by hand. Values in centavos.
@Suite struct ExamBillingRuleTests {
    static let day = CalendarDay(iso: "2026-11-03")!
    static let ct = "41001010", mri = "41101014", us = "40901122"

    static func line(_ id: Int, _ code: String = ct, base: Int64, film: Int64 = 0, porte: String = "3B", qty: Int = 1,
                     day: CalendarDay = day, manual: Int? = nil) -> ExamRuleLine {
        ExamRuleLine(id: id, code: code, day: day, baseUnitValue: Money(cents: base), filmValue: Money(cents: film), porte: Porte(porte),
                     launchOrder: id, quantity: Quantity(qty), manualPercentage: manual.map(Percentage.init(percent:)))
    }

    static func rule(cbhpm: Bool, bands: [ContractBand] = []) -> ExamBillingRule {
        ExamBillingRule(groups: ExamGroup.defaults, usesCBHPM: cbhpm, contractBands: bands)
    }

    static func values(_ outcome: ExamBillingRule.Outcome) -> [Int: [Int64]] {
        Dictionary(grouping: outcome.results, by: \.originalId).mapValues { $0.map(\.unitValue.cents) }
    }

    /// AMB 100/70/50 with film 50,00 on the second (base 400,00): 500,00; (350,00 × 0,70) + 50,00 = 295,00; 300,00 × 0,50 = 150,00.
    @Test func threeCTsUnderAMB() throws {
        let outcome = try Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 40_000, film: 5_000), Self.line(3, base: 30_000)])
        #expect(Self.values(outcome) == [1: [50_000], 2: [29_500], 3: [15_000]])
        #expect(try outcome.results.map(\.total).sum() == Money(cents: 94_500))
        #expect(outcome.results.sorted { $0.originalId < $1.originalId }.map(\.firstIncidence) == [1, 2, 3])
    }

    /// CBHPM flag: 100/70/70: the third is 300,00 × 0,70 = 210,00.
    @Test func threeCTsUnderCBHPM() throws {
        let outcome = try Self.rule(cbhpm: true).apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 40_000, film: 5_000), Self.line(3, base: 30_000)])
        #expect(Self.values(outcome) == [1: [50_000], 2: [29_500], 3: [21_000]])
    }

    /// The contract's band 1 at 60/40: (350 × 0,60) + 50 = 260,00; 300 × 0,40 = 120,00.
    @Test func contractPercentagesOverrideFromTheSecond() throws {
        let rule = Self.rule(cbhpm: true, bands: [ContractBand(band: 1, second: Percentage(percent: 60), third: Percentage(percent: 40))])
        let outcome = try rule.apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 40_000, film: 5_000), Self.line(3, base: 30_000)])
        #expect(Self.values(outcome) == [1: [50_000], 2: [26_000], 3: [12_000]])
        // A band configured with the 2nd only uses it for the 3rd on.
        let secondOnly = Self.rule(cbhpm: false, bands: [ContractBand(band: 1, second: Percentage(percent: 90))])
        #expect(try Self.values(secondOnly.apply(to: [Self.line(1, base: 10_000), Self.line(2, base: 10_000), Self.line(3, base: 10_000)]))
                == [1: [10_000], 2: [9_000], 3: [9_000]])
    }

    /// AMB MRI 100/80: 1.000,00 and 800,00 × 0,80 = 640,00. AMB US 100/50: 200,00 and 150,00 × 0,50 = 75,00.
    @Test func mriAndUltrasoundUnderAMB() throws {
        let mri = try Self.rule(cbhpm: false).apply(to: [Self.line(1, Self.mri, base: 100_000), Self.line(2, Self.mri, base: 80_000),
                                                     Self.line(3, Self.mri, base: 50_000)])
        #expect(Self.values(mri) == [1: [100_000], 2: [64_000], 3: [40_000]])
        let us = try Self.rule(cbhpm: false).apply(to: [Self.line(1, Self.us, base: 20_000), Self.line(2, Self.us, base: 15_000)])
        #expect(Self.values(us) == [1: [20_000], 2: [7_500]])
    }

    @Test func differentDaysAndDifferentBandsAreNotReduced() throws {
        let nextDay = Self.day.adding(days: 1)
        let outcome = try Self.rule(cbhpm: false).apply(to: [
            Self.line(1, base: 50_000), Self.line(2, base: 40_000, day: nextDay), // CT on two days
            Self.line(3, Self.mri, base: 90_000), // MRI the same day as the first CT: another band
            Self.line(4, "10101012", base: 10_000), // a consultation: in no group, untouched
        ])
        #expect(Self.values(outcome) == [1: [50_000], 2: [40_000], 3: [90_000]])
    }

    /// A CT line of quantity 2 after a higher CT: incidences 2 and 3 → split into 70% and 50% under AMB.
    @Test func aQuantityTwoLineSplits() throws {
        let outcome = try Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 30_000, qty: 2)])
        let second = outcome.results.filter { $0.originalId == 2 }
        #expect(second.map(\.quantity) == [Quantity(1), Quantity(1)])
        #expect(second.map(\.unitValue.cents) == [21_000, 15_000])
        #expect(second.map(\.firstIncidence) == [2, 3])
        // Alone, quantity 2 is incidences 1 and 2: 400,00 and 280,00.
        #expect(try Self.values(Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 40_000, qty: 2)])) == [1: [40_000, 28_000]])
        // Under CBHPM the 2nd and 3rd share 70%: no split.
        let cbhpm = try Self.rule(cbhpm: true).apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 30_000, qty: 2)])
        #expect(cbhpm.results.filter { $0.originalId == 2 }.map(\.quantity) == [Quantity(2)])
    }

    /// Equal values: the higher porte (3C) is the first incidence; equal porte too: launch order.
    @Test func tiesAreBrokenByPorteThenLaunchOrder() throws {
        let byPorte = try Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 30_000, porte: "3A"), Self.line(2, base: 30_000, porte: "3C")])
        #expect(Self.values(byPorte) == [1: [21_000], 2: [30_000]])
        let byOrder = try Self.rule(cbhpm: false).apply(to: [Self.line(7, base: 30_000), Self.line(5, base: 30_000)])
        #expect(Self.values(byOrder) == [5: [30_000], 7: [21_000]])
    }

    @Test func aManualPercentageIsKept() throws {
        let outcome = try Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 50_000), Self.line(2, base: 40_000, film: 5_000, manual: 100)])
        let manual = outcome.results.first { $0.originalId == 2 }
        #expect(manual?.manual == true)
        #expect(manual?.unitValue == Money(cents: 40_000))
        #expect(manual?.defaultPercentage == Percentage(percent: 70))
    }

    /// Lines from an earlier split (AMB: 70% and 50%) come back together before ranking; under the
    /// CBHPM flag the 2nd and 3rd incidences share 70%, so the split disappears: one line of 2 × 210,00.
    @Test func splitLinesMergeWhenTheReasonIsGone() throws {
        let lines = [
            Self.line(1, base: 50_000),
            ExamRuleLine(id: 2, code: Self.ct, day: Self.day, baseUnitValue: Money(cents: 30_000), filmValue: .zero, porte: Porte("3B"),
                         launchOrder: 2, quantity: Quantity(1)),
            ExamRuleLine(id: 9, splitFrom: 2, code: Self.ct, day: Self.day, baseUnitValue: Money(cents: 30_000), filmValue: .zero,
                         porte: Porte("3B"), launchOrder: 2, quantity: Quantity(1)),
        ]
        let outcome = try Self.rule(cbhpm: true).apply(to: lines)
        #expect(outcome.results.map(\.originalId).sorted() == [1, 2])
        let merged = outcome.results.first { $0.originalId == 2 }
        #expect(merged?.quantity == Quantity(2))
        #expect(merged?.unitValue == Money(cents: 21_000))
        #expect(merged?.total == Money(cents: 42_000))
    }

    @Test func unpricedAndFractionalLinesAreSkippedWithAReason() throws {
        var fractional = Self.line(2, base: 10_000)
        fractional.quantity = Quantity(tenThousandths: 15_000)
        let outcome = try Self.rule(cbhpm: false).apply(to: [Self.line(1, base: 0), fractional])
        #expect(outcome.results.isEmpty)
        #expect(outcome.skipped.count == 2)
    }

    // MARK: properties

    static let lines = Gen.int(in: 1_000...500_000).array(of: 1...6).map { (values: [Int]) -> [ExamRuleLine] in
        values.enumerated().map { i, v in Self.line(i + 1, [Self.ct, Self.mri, Self.us][i % 3], base: Int64(v), film: Int64(v % 3 == 0 ? v / 10 : 0)) }
    }

    @Test func theOrderOfLaunchingDistinctValuesDoesNotChangeTheTotal() async {
        await propertyCheck(input: Self.lines) { (lines: [ExamRuleLine]) in
            let distinct = Set(lines.map(\.valueWithoutFilm)).count == lines.count
            guard distinct else { return }
            let reversed = lines.reversed().enumerated().map { i, l in var c = l; c.launchOrder = i; return c }
            let a = try Self.rule(cbhpm: false).apply(to: lines).results.map(\.total).sum()
            let b = try Self.rule(cbhpm: false).apply(to: reversed).results.map(\.total).sum()
            #expect(a == b)
        }
    }

    @Test func theRuleNeverRaisesAValueAndNeverReducesTheFilm() async {
        await propertyCheck(input: Self.lines) { (lines: [ExamRuleLine]) in
            for cbhpm in [false, true] {
                for result in try Self.rule(cbhpm: cbhpm).apply(to: lines).results {
                    #expect(result.unitValue <= result.baseUnitValue)
                    #expect(result.unitValue >= result.filmValue)
                    #expect(try result.unitValue - result.filmValue == (result.baseUnitValue - result.filmValue).applying(result.percentage))
                }
            }
        }
    }
}
