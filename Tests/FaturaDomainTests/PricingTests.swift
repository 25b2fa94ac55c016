import FaturaDomain
import PropertyBased
import Testing

/// Prices worked out by hand from DOMAIN.md §2 with the CBHPM 2022 values of
/// `../shared/cbhpm/portes_valores_reais.csv` (1A = 27,00; 9A = 3.132,11; UCO = 24,24).
@Suite struct PricingTests {
    static let monday = LocalDateTime(day: CalendarDay(year: 2026, month: 11, day: 23)!, hour: 10, minute: 0)
    static let cbhpm2022: [Porte: Money] = [Porte("1A")!: Money(cents: 2_700), Porte("9A")!: Money(cents: 313_211)]

    static func terms(adjustment: Int = 0, urgency: Bool = false) -> PricingTerms {
        PricingTerms(porteValues: cbhpm2022, porteAdjustment: Percentage(basisPoints: adjustment),
                     ucoValue: Rate(tenThousandths: 242_400), chValue: Rate(tenThousandths: 5_500),
                     filmValue: Rate(tenThousandths: 217_000), urgencySurcharge: urgency,
                     drugPercentage: Percentage(percent: -10), materialPercentage: Percentage(percent: 15))
    }

    /// 9A × 0,80 = 3.132,11 × 0,8 = 2.505,688 → 2.505,69; 33,8 × 24,24 = 819,312 → 819,31;
    /// 0,5 × 21,70 = 10,85; unit = 3.335,85.
    @Test func cbhpmPorteUcoAndFilmUnderMinusTwentyPercent() throws {
        let reference = ProcedureReference.cbhpm(porte: Porte("9A")!, uco: Quantity(parsing: "33,8")!, filmSquareMeters: Quantity(parsing: "0,5")!)
        let unit = try Pricing.price(reference, terms: Self.terms(adjustment: -2_000), performedAt: Self.monday).get()
        #expect(unit.feePart == Money(cents: 250_569))
        #expect(unit.operatingCostPart == Money(cents: 81_931))
        #expect(unit.filmPart == Money(cents: 1_085))
        #expect(unit.unitValue == Money(cents: 333_585))
        #expect(unit.valueWithoutFilm == Money(cents: 332_500))
        #expect(!unit.urgency)
    }

    /// AMB: 100 CH × 0,55 = 55,00; film 0,1296 m² × 21,70 = 2,81232 → 2,81; unit = 57,81.
    @Test func ambChTimesValuePlusFilm() throws {
        let reference = ProcedureReference.amb(ch: Quantity(100), filmSquareMeters: Quantity(parsing: "0,1296")!)
        let unit = try Pricing.price(reference, terms: Self.terms(), performedAt: Self.monday).get()
        #expect(unit.feePart == Money(cents: 5_500))
        #expect(unit.filmPart == Money(cents: 281))
        #expect(unit.unitValue == Money(cents: 5_781))
    }

    /// 1A = 27,00 with urgency: 27,00 × 1,30 = 35,10; with −20% as well: 27,00 × 0,80 × 1,30 = 28,08.
    @Test func urgencyOnASundayAndAt19h05() throws {
        let porte1A = ProcedureReference.cbhpm(porte: Porte("1A")!, uco: .zero, filmSquareMeters: .zero)
        let sunday = LocalDateTime(day: CalendarDay(year: 2026, month: 11, day: 22)!, hour: 10, minute: 0)
        let evening = LocalDateTime(day: CalendarDay(year: 2026, month: 11, day: 23)!, hour: 19, minute: 5)
        let justBefore = LocalDateTime(day: CalendarDay(year: 2026, month: 11, day: 23)!, hour: 18, minute: 59)
        #expect(try Pricing.price(porte1A, terms: Self.terms(urgency: true), performedAt: sunday).get().unitValue == Money(cents: 3_510))
        #expect(try Pricing.price(porte1A, terms: Self.terms(urgency: true), performedAt: evening).get().unitValue == Money(cents: 3_510))
        #expect(try Pricing.price(porte1A, terms: Self.terms(adjustment: -2_000, urgency: true), performedAt: evening).get().unitValue
                == Money(cents: 2_808))
        #expect(try Pricing.price(porte1A, terms: Self.terms(urgency: true), performedAt: justBefore).get().unitValue == Money(cents: 2_700))
        // The contract does not grant urgency: Sunday changes nothing.
        #expect(try Pricing.price(porte1A, terms: Self.terms(urgency: false), performedAt: sunday).get().unitValue == Money(cents: 2_700))
    }

    @Test func urgencyHours() throws {
        let day = CalendarDay(year: 2026, month: 11, day: 24)! // Tuesday
        #expect(Pricing.isUrgencyTime(LocalDateTime(day: day, hour: 6, minute: 59)))
        #expect(!Pricing.isUrgencyTime(LocalDateTime(day: day, hour: 7, minute: 0)))
        #expect(Pricing.isUrgencyTime(LocalDateTime(day: day, hour: 19, minute: 0)))
        #expect(Pricing.isUrgencyTime(LocalDateTime(day: day, hour: 23, minute: 59)))
        // Good Friday 2026 (3 April) and Carnaval Tuesday 2026 (17 February) are holidays.
        #expect(Pricing.isUrgencyTime(LocalDateTime(day: CalendarDay(year: 2026, month: 4, day: 3)!, hour: 10, minute: 0)))
        #expect(Pricing.isUrgencyTime(LocalDateTime(day: CalendarDay(year: 2026, month: 2, day: 17)!, hour: 10, minute: 0)))
    }

    /// Drugs: 100,00 − 10% = 90,00. Materials: 33,33 + 15% = 38,3295 → 38,33.
    @Test func drugsAndMaterialsFromTheReferencePrice() throws {
        let drug = try Pricing.price(.referencePrice(Money(cents: 10_000), .drug), terms: Self.terms(), performedAt: Self.monday).get()
        #expect(drug.unitValue == Money(cents: 9_000))
        let material = try Pricing.price(.referencePrice(Money(cents: 3_333), .material), terms: Self.terms(), performedAt: Self.monday).get()
        #expect(material.unitValue == Money(cents: 3_833))
        let package = try Pricing.price(.fixed(Money(cents: 150_000)), terms: Self.terms(), performedAt: Self.monday).get()
        #expect(package.unitValue == Money(cents: 150_000))
    }

    @Test func missingPorteValueIsAFailureNotAZero() throws {
        let reference = ProcedureReference.cbhpm(porte: Porte("14C")!, uco: .zero, filmSquareMeters: .zero)
        #expect(throws: PricingFailure.noValueForPorte(Porte("14C")!)) {
            try Pricing.price(reference, terms: Self.terms(), performedAt: Self.monday).get()
        }
    }

    @Test func pricingIsDeterministicAndTheUnitIsTheSumOfItsRoundedParts() async throws {
        await propertyCheck(input: Gen.int(in: 0...41), Gen.int(in: 0...2_000_000), Gen.int(in: 0...20_000), Gen.int(in: -5_000...5_000)) {
            porteRank, ucoUnits, filmUnits, adjustment in
            let porte = Porte.all[porteRank]
            var terms = Self.terms(adjustment: adjustment, urgency: true)
            terms.porteValues = Dictionary(uniqueKeysWithValues: Porte.all.enumerated().map { ($1, Money(cents: Int64(2_700 + $0 * 13_399))) })
            let reference = ProcedureReference.cbhpm(porte: porte, uco: Quantity(tenThousandths: Int64(ucoUnits)),
                                                     filmSquareMeters: Quantity(tenThousandths: Int64(filmUnits)))
            let first = try? Pricing.price(reference, terms: terms, performedAt: Self.monday).get()
            let second = try? Pricing.price(reference, terms: terms, performedAt: Self.monday).get()
            #expect(first == second)
            if let unit = first {
                #expect(unit.unitValue == unit.feePart + unit.operatingCostPart + unit.filmPart + unit.otherPart)
                #expect(unit.valueWithoutFilm + unit.filmPart == unit.unitValue)
            }
        }
    }

    @Test func lineTotalOfAWholeQuantityIsTheSumOfItsUnits() async throws {
        await propertyCheck(input: Gen.int(in: 0...10_000_000), Gen.int(in: 1...50)) { cents, count in
            let unit = Money(cents: Int64(cents))
            #expect((try? unit.times(Quantity(count))) == (try? Array(repeating: unit, count: count).sum()))
        }
    }
}

@Suite struct QuantityAndPorteTests {
    @Test func readsQuantitiesAndRates() throws {
        #expect(Quantity(parsing: "33,8") == Quantity(tenThousandths: 338_000))
        #expect(Quantity(parsing: "0,0864") == Quantity(tenThousandths: 864))
        #expect(Quantity(parsing: "1.5") == Quantity(tenThousandths: 15_000))
        #expect(Quantity(parsing: "2") == Quantity(2))
        #expect(Quantity(parsing: "0,00001") == nil)
        #expect(Quantity(parsing: "1,2,3") == nil)
        #expect(Quantity(parsing: "") == nil)
        #expect(Quantity(parsing: "abc") == nil)
        #expect(Quantity(parsing: "33,8")?.description == "33,8")
        #expect(Rate(parsing: "24,24") == Rate(tenThousandths: 242_400))
        #expect(Rate(parsing: "R$ 1.234,5678") == Rate(tenThousandths: 12_345_678))
        #expect(Rate(parsing: "0,4156")?.description == "0,4156")
    }

    /// The byte-by-byte reading of the common form (`1.0000` on every TISS line) agrees with the
    /// general one on its edges: the decimals, a bare point, no integer part, a sign, spaces.
    @Test func readsTheCommonFormByteByByte() throws {
        #expect(Quantity(parsing: "1.0000") == Quantity(1))
        #expect(Quantity(parsing: "12.3456") == Quantity(tenThousandths: 123_456))
        #expect(Quantity(parsing: ".5") == Quantity(tenThousandths: 5_000))
        #expect(Quantity(parsing: "1.") == nil)
        #expect(Quantity(parsing: ".") == nil)
        #expect(Quantity(parsing: "1.23456") == nil)
        #expect(Quantity(parsing: "1234567890123") == nil)
        #expect(Quantity(parsing: "999999999999.9999") == Quantity(tenThousandths: 9_999_999_999_999_999))
        #expect(Quantity(parsing: "-1.5") == Quantity(tenThousandths: -15_000))
        #expect(Quantity(parsing: " 2,5 ") == Quantity(tenThousandths: 25_000))
    }

    @Test func readsPortes() throws {
        #expect(Porte("9A")?.rank == 24)
        #expect(Porte("14c")?.description == "14C")
        #expect(Porte("1A")! < Porte("1B")!)
        #expect(Porte("15A") == nil)
        #expect(Porte("0A") == nil)
        #expect(Porte("3D") == nil)
        #expect(Porte.all.count == 42)
    }

    /// Easter 2026 is 5 April: Carnaval 16–17 February, Good Friday 3 April, Corpus Christi 4 June.
    @Test func movableHolidaysOf2026() throws {
        #expect(BrazilianHolidays.easter(2026) == CalendarDay(year: 2026, month: 4, day: 5))
        let holidays = BrazilianHolidays.holidays(in: 2026)
        for (m, d) in [(2, 16), (2, 17), (4, 3), (6, 4), (1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)] {
            #expect(holidays.contains(CalendarDay(year: 2026, month: m, day: d)!), "\(d)/\(m)")
        }
        #expect(holidays.count == 13)
        #expect(BrazilianHolidays.easter(2027) == CalendarDay(year: 2027, month: 3, day: 28))
    }
}
