import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

@Suite struct PayerTermsTests {
    @Test(arguments: TestDatabase.kinds)
    func termsAreStoredAsTheyWereSavedAndAStaleSaveIsRefused(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let january = Competence("2026-01")!
            let published = PayerTerms(payerId: f.payerId, companyId: f.companyId, delivery: .published([january: CalendarDay(iso: "2026-02-21")!]),
                                       payment: .fixedDay(25), appealDays: 45, appealRounds: 3, providerCode: "SL-1")
            let saved = try await store.payerTerms.save(published, expectedVersion: nil, by: .system)
            #expect(saved.version == 1)
            let read = try #require(try await store.payerTerms.find(payerId: f.payerId, companyId: f.companyId))
            #expect(read == saved)
            // 21/02/2026 is a Saturday: the published deadline moves to Friday 20.
            #expect(read.delivery.deadline(for: january) == CalendarDay(iso: "2026-02-20"))
            var window = read
            window.delivery = .window(from: 1, to: 10)
            #expect(try await store.payerTerms.save(window, expectedVersion: 1, by: .system).version == 2)
            await expectRefusal("concurrent_change") { _ = try await store.payerTerms.save(window, expectedVersion: 1, by: .system) }
            let bad = await expectValidation {
                _ = try await store.payerTerms.save(PayerTerms(payerId: f.payerId, companyId: f.companyId, delivery: .nthBusinessDay(30), appealRounds: 0),
                                                    expectedVersion: nil, by: .system)
            }
            #expect(bad.map(\.field) == ["deliveryDay", "appealRounds", "providerCode"])
            #expect(try await store.payerTerms.find(payerId: f.payerId, companyId: f.companyId)?.version == 2) // nothing half-saved
        }
    }
}
