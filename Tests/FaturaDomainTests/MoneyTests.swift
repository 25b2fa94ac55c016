import FaturaDomain
import PropertyBased
import Testing

@Suite struct MoneyTests {
    @Test func formatsAsBrazilianCurrency() throws {
        #expect(BrazilianFormat.currency(Money(cents: 123_456)) == "R$ 1.234,56")
        #expect(BrazilianFormat.currency(Money(cents: 0)) == "R$ 0,00")
        #expect(BrazilianFormat.currency(Money(cents: 5)) == "R$ 0,05")
        #expect(BrazilianFormat.currency(Money(cents: 563_060)) == "R$ 5.630,60")
        #expect(BrazilianFormat.currency(Money(cents: 123_456_789)) == "R$ 1.234.567,89")
        #expect(BrazilianFormat.currency(Money(cents: -29_500)) == "-R$ 295,00")
    }

    @Test func formatsPercentages() throws {
        #expect(BrazilianFormat.percentage(Percentage(percent: 70)) == "70,00%")
        #expect(BrazilianFormat.percentage(Percentage(basisPoints: 12_345)) == "123,45%")
        #expect(BrazilianFormat.percentage(Percentage(basisPoints: 5)) == "0,05%")
    }

    /// DOMAIN.md §3.6: (400,00 − 50,00) × 70% = 245,00.
    @Test func appliesPercentage() throws {
        #expect(try Money(cents: 35_000).applying(Percentage(percent: 70)) == Money(cents: 24_500))
        #expect(try Money(cents: 35_000).applying(.hundred) == Money(cents: 35_000))
    }

    /// Half up ("arredondamento comercial"): 0,025 → 0,03; 0,0249 → 0,02; 0,005 → 0,01.
    @Test func roundsHalfUpToTheCentavo() throws {
        #expect(try Money(cents: 5).applying(Percentage(percent: 50)) == Money(cents: 3)) // 2,5 centavos
        #expect(try Money(cents: 1).applying(Percentage(percent: 50)) == Money(cents: 1)) // 0,5 centavo
        #expect(try Money(cents: 3).applying(Percentage(percent: 50)) == Money(cents: 2)) // 1,5 centavos
        #expect(try Money(cents: 249).applying(Percentage(basisPoints: 1000)) == Money(cents: 25)) // 24,9 centavos
        #expect(try Money(cents: 244).applying(Percentage(basisPoints: 1000)) == Money(cents: 24)) // 24,4 centavos
        #expect(try Money(cents: -5).applying(Percentage(percent: 50)) == Money(cents: -3)) // away from zero
        // 27,00 × 0,80 (porte 1A under −20%) = 21,60 exactly.
        #expect(try Money(cents: 2_700).applying(Percentage(percent: 80)) == Money(cents: 2_160))
        // 33,8 UCO is priced elsewhere; here 0,70 × 12,35 = 8,645 → 8,65.
        #expect(try Money(cents: 1_235).applying(Percentage(percent: 70)) == Money(cents: 865))
    }

    @Test func parsesAmountsAsPeopleTypeThem() throws {
        #expect(BrazilianFormat.parseMoney("1.234,56") == Money(cents: 123_456))
        #expect(BrazilianFormat.parseMoney("1234,56") == Money(cents: 123_456))
        #expect(BrazilianFormat.parseMoney("1234.56") == Money(cents: 123_456))
        #expect(BrazilianFormat.parseMoney("R$ 10") == Money(cents: 1_000))
        #expect(BrazilianFormat.parseMoney("0,5") == Money(cents: 50))
        #expect(BrazilianFormat.parseMoney("1.234") == Money(cents: 123_400))
        #expect(BrazilianFormat.parseMoney("-2,00") == Money(cents: -200))
        #expect(BrazilianFormat.parseMoney("abc") == nil)
        #expect(BrazilianFormat.parseMoney("") == nil)
        #expect(BrazilianFormat.parseMoney("1,2,3x") == nil)
    }

    @Test func sumsLines() throws {
        #expect(try [Money(cents: 29_500), Money(cents: 40_000), Money(cents: 1)].sum() == Money(cents: 69_501))
    }

    @Test func formattingThenParsingGivesTheSameAmount() async throws {
        await propertyCheck(input: Gen.int(in: -10_000_000_000...10_000_000_000)) { cents in
            let money = Money(cents: Int64(cents))
            #expect(BrazilianFormat.parseMoney(BrazilianFormat.currency(money)) == money)
        }
    }

    @Test func hundredPercentChangesNothingAndNoPercentageUpToHundredRaisesAValue() async throws {
        await propertyCheck(input: Gen.int(in: 0...100_000_000), Gen.int(in: 0...10_000)) { cents, basisPoints in
            let money = Money(cents: Int64(cents))
            #expect((try? money.applying(.hundred)) == money)
            #expect((try? money.applying(Percentage(basisPoints: basisPoints))).map { $0 <= money } == true)
        }
    }
}
