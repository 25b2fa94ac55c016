import FaturaDomain
import Testing

/// Issue 9: bounds at the edge and money arithmetic that reports overflow instead of trapping.
struct InputLimitsTests {
    static func document(quantity: Quantity = .one, description: String = "TC – Crânio", code: String = "41001010",
                         performedAt: String = "2026-11-03T08:10", birthDate: String? = "1962-03-14",
                         patientName: String = "Maria") -> HISDocument {
        HISDocument(encounters: [HISEncounter(
            externalId: "ATD-1", companyCnpj: "11222333000181", payerAnsRegistry: "123455", type: "sadt",
            startedAt: "2026-11-03T07:40",
            patient: HISPatient(externalId: "PAC-1", name: patientName, birthDate: birthDate),
            partials: [HISPartial(externalId: "P-1", periodStart: "2026-11-03", periodEnd: "2026-11-03", items: [
                HISItem(externalId: "L-1", kind: "exam", table: "cbhpm", code: code, description: description,
                        performedAt: performedAt, quantity: quantity),
            ])])])
    }

    static func fields(_ errors: [FieldError]) -> [String] { errors.map(\.field) }

    @Test func aQuantityPastTheTISSLimitIsRefusedByItsPlace() throws {
        let huge = try #require(Quantity(parsing: "999999999999.9999"))
        let errors = Self.document(quantity: huge).validate()
        #expect(Self.fields(errors) == ["encounters[0].partials[0].items[0].quantity"])
        // 99.999,9999 is TISS's st_decimal9-4: the largest accepted.
        #expect(Self.document(quantity: Quantity(tenThousandths: 999_999_999)).validate().isEmpty)
        #expect(!Self.document(quantity: Quantity(tenThousandths: 1_000_000_000)).validate().isEmpty)
    }

    @Test func longTextsControlAndDirectionCharactersAreRefused() {
        let long = String(repeating: "x", count: 501)
        #expect(Self.fields(Self.document(description: long).validate()) == ["encounters[0].partials[0].items[0].description"])
        #expect(Self.fields(Self.document(description: "TC\u{0}Crânio").validate()) == ["encounters[0].partials[0].items[0].description"])
        let rlo = Self.document(patientName: "Maria \u{202E}acinôM").validate()
        #expect(Self.fields(rlo) == ["encounters[0].patient.name"])
        #expect(rlo.first?.message.contains("U+202E") == true)
        #expect(Self.document(description: String(repeating: "y", count: 500)).validate().isEmpty)
    }

    @Test func implausibleDatesAreRefused() {
        // Years 0001 and 9999 parse as days, but no encounter happens then.
        let ancient = Self.document(performedAt: "0001-11-03T08:10").validate()
        #expect(Self.fields(ancient).contains("encounters[0].partials[0].items[0].performedAt"))
        // Born in 2090, seen in 2026: the birth date is after the encounter.
        let unborn = Self.document(birthDate: "2090-01-01").validate()
        #expect(Self.fields(unborn) == ["encounters[0].patient.birthDate"])
        #expect(Self.fields(Self.document(birthDate: "9999-12-31").validate()).contains("encounters[0].patient.birthDate"))
    }

    @Test func sumsReportOverflowInsteadOfTrapping() throws {
        let near = Money(cents: Int64.max - 10)
        #expect(throws: FaturaError.amountOutOfRange) { try [near, Money(cents: 11)].sum() }
        #expect(try [Money(cents: 150), Money(cents: 250)].sum() == Money(cents: 400))
        // 999.999.999.999,9999 units × R$ 99.999.999,99 does not fit in 64 bits of centavos.
        let quantity = Quantity(tenThousandths: Int64.max / 2)
        #expect(throws: FaturaError.amountOutOfRange) { try Money.lineLimit.times(quantity) }
        #expect(throws: FaturaError.amountOutOfRange) { try Rate(Money.lineLimit).times(quantity) }
        #expect(FaturaError.amountOutOfRange.code == "amount_out_of_range")
    }

    @Test func aPriceOverTheLineLimitIsUnpricedNotStored() {
        // R$ 2.000,00 is a price; R$ 100.000.000,00 is past TISS's st_decimal10-2 (R$ 99.999.999,99).
        let terms = PricingTerms()
        let unit = Pricing.price(.fixed(Money(cents: 200_000)), terms: terms, performedAt: LocalDateTime(iso: "2026-11-03T10:00")!)
        #expect((try? unit.get().unitValue) == Money(cents: 200_000))
        #expect(Pricing.price(.fixed(Money(cents: 10_000_000_000)), terms: terms, performedAt: LocalDateTime(iso: "2026-11-03T10:00")!)
                == .failure(.valueOutOfRange))
    }

    @Test func windows1252IsReadAsSuchAndUTF8Stays() {
        // "Crânio;€" in Windows-1252: â = E2, € = 80.
        let latin = TextDecoding.decode([0x43, 0x72, 0xE2, 0x6E, 0x69, 0x6F, 0x3B, 0x80])
        #expect(latin.text == "Crânio;€")
        #expect(latin.encoding == .windows1252)
        #expect(latin.encoding.notice?.contains("Windows-1252") == true)
        let utf8 = TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Crânio".utf8))
        #expect(utf8.text == "Crânio")
        #expect(utf8.encoding == .utf8)
        #expect(!latin.text.unicodeScalars.contains("\u{FFFD}"))
    }

    @Test func aDeadRunIsKnownByItsProcessOrItsSilence() {
        #expect(BatchRunLiveness.isDead(secondsSinceHeartbeat: 1, processAlive: false))
        #expect(!BatchRunLiveness.isDead(secondsSinceHeartbeat: 59, processAlive: true))
        #expect(!BatchRunLiveness.isDead(secondsSinceHeartbeat: 60, processAlive: nil))
        #expect(BatchRunLiveness.isDead(secondsSinceHeartbeat: 61, processAlive: nil))
    }

    @Test func pagesPastAnyListAreClamped() {
        #expect(ListQuery(page: Int.max, perPage: 200).offset == (100_000 - 1) * 200)
        #expect(ListQuery(page: Int.min).page == 1)
    }
}
