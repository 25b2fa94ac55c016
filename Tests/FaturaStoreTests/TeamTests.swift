import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Testing

/// The team on both databases: recycling due dates, a guideline's pending acknowledgements, the
/// evaluations' form, and each person's performance worked out by hand from the data.
@Suite struct TeamTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 4)!
    static let supervisor = AuditActor(userId: nil, username: "supervisor")

    static func users(_ store: Store, _ names: [String]) async throws {
        for name in names { _ = try await store.users.create(User(username: name, fullName: name.capitalized, role: .biller), password: "senha-longa-1", by: .system) }
    }

    @Test(arguments: TestDatabase.kinds)
    func trainingsGiveEachPersonTheirRecyclingDayAndGuidelinesWhoHasNotRead(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let company = try await store.companies.create(Company(name: "Hospital", cnpj: "11222333000181", cnes: "2077485"), by: .system).id!
            try await Self.users(store, ["ana", "carlos", "bia"])
            let billing = store.billing(on: Self.today)
            for name in ["ana", "carlos", "bia"] {
                _ = try await billing.team.saveStaff(StaffMember(companyId: company, username: name, position: "Faturista", hiredOn: CalendarDay(year: 2024, month: 3, day: 1)!), by: Self.supervisor)
            }
            await #expect(throws: FaturaError.validation([FieldError("username", "Usuário não encontrado.")])) {
                _ = try await billing.team.saveStaff(StaffMember(companyId: company, username: "ninguem", position: "Faturista", hiredOn: Self.today), by: Self.supervisor)
            }
            // 31/08/2025 + 6 months = 28/02/2026 (February is shorter); Carlos missed it.
            _ = try await billing.team.registerTraining(Training(
                companyId: company, topic: "Regra de exames", day: CalendarDay(year: 2025, month: 8, day: 31)!, minutes: 120, instructor: "Márcio",
                recyclingMonths: 6, attendees: [.init(username: "ana", attended: true), .init(username: "carlos", attended: false), .init(username: "ana", attended: false)]),
                by: Self.supervisor)
            // Ana again on 10/03/2026: her due day moves to 10/09/2026; Bia's TISS training has no recycling.
            _ = try await billing.team.registerTraining(Training(
                companyId: company, topic: "regra de exames", day: CalendarDay(year: 2026, month: 3, day: 10)!, minutes: 90, instructor: "Márcio",
                recyclingMonths: 6, attendees: [.init(username: "ana", attended: true)]), by: Self.supervisor)
            _ = try await billing.team.registerTraining(Training(companyId: company, topic: "TISS", day: CalendarDay(year: 2026, month: 11, day: 2)!, minutes: 60,
                                                                 instructor: "Consultoria", attendees: [.init(username: "bia", attended: true)]), by: Self.supervisor)
            let trainings = try await billing.team.trainings(companyId: company)
            #expect(trainings.first { $0.day == CalendarDay(year: 2025, month: 8, day: 31)! }?.attendees.map(\.username) == ["ana", "carlos"])
            let recycling = Training.recycling(trainings)
            #expect(recycling.map { "\($0.username) \($0.dueOn.iso)" } == ["ana 2026-09-10"])
            #expect(trainings.first { $0.day == CalendarDay(year: 2025, month: 8, day: 31)! }?.recyclingDue(for: "ana") == CalendarDay(year: 2026, month: 2, day: 28)!)
            await #expect(throws: FaturaError.validation([FieldError("hours", "Carga horária de 0,25 a 40 horas.")])) {
                _ = try await billing.team.registerTraining(Training(companyId: company, topic: "X", day: Self.today, minutes: 5, instructor: "Y"), by: Self.supervisor)
            }

            let guideline = try await billing.team.issueGuideline(Guideline(companyId: company, issuedOn: Self.today, title: "Faturas até o 5º dia útil", text: "Entregar até o 5º dia útil."),
                                                                  by: AuditActor(userId: nil, username: "diretoria"))
            try await billing.team.acknowledgeGuideline(guideline.id!, companyId: company, by: AuditActor(userId: nil, username: "ana"))
            try await billing.team.acknowledgeGuideline(guideline.id!, companyId: company, by: AuditActor(userId: nil, username: "ana"))
            let found = try await billing.team.guideline(guideline.id!, companyId: company)
            #expect(found.acks.map(\.username) == ["ana"] && found.guideline.issuedBy == "diretoria")
            let staff = try await billing.team.staff(companyId: company)
            #expect(Guideline.pending(staff: staff, acknowledged: Set(found.acks.map(\.username))).map(\.username) == ["bia", "carlos"])

            // An evaluation needs every criterion scored 1 to 5; its mean is in hundredths (4+5+4+3+4 = 20 → 4,00).
            let scores = zip(Evaluation.criteria, [4, 5, 4, 3, 6]).map { Evaluation.Score(criterion: $0, score: $1) }
            await #expect(throws: FaturaError.validation([FieldError("score4", "Nota de 1 a 5 em “Iniciativa e organização”.")])) {
                _ = try await billing.team.evaluate(Evaluation(companyId: company, username: "ana", periodFrom: CalendarDay(year: 2026, month: 6, day: 1)!, periodTo: Self.today,
                                                               scores: scores, comments: "", improvementPlan: "", evaluatedOn: Self.today), by: Self.supervisor)
            }
            var fixed = scores
            fixed[4].score = 4
            let saved = try await billing.team.evaluate(Evaluation(companyId: company, username: "ana", periodFrom: CalendarDay(year: 2026, month: 6, day: 1)!, periodTo: Self.today,
                                                                   scores: fixed, comments: "Boa conferência.", improvementPlan: "Glosas técnicas.", evaluatedOn: Self.today), by: Self.supervisor)
            let read = try await billing.team.evaluation(saved.id!, companyId: company)
            #expect(read.scores == fixed && read.averageHundredths == 400 && read.evaluatedBy == "supervisor")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func performanceCountsClosedPartialsItemsAndNonConformitiesOfThePeriod(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await Seeder(store: store).ensureBaseline(adminPassword: "admin-senha-1")
            let f = try await PricingFixture.make(store)
            let billing = store.billing(on: Self.today)
            let ana = AuditActor(userId: nil, username: "ana")
            // Two partials of two items and one of one; Ana registers a non-conformity on the third, then cancels nothing.
            _ = try await billing.his.ingest(f.document(partial: "P-1", items: [PricingFixture.item("I-1", at: "2026-11-03T10:00"), PricingFixture.item("I-2", at: "2026-11-04T10:00")]), by: .system)
            _ = try await billing.his.ingest(f.document(encounter: "ATD-2", partial: "P-2", items: [PricingFixture.item("I-3", at: "2026-11-05T10:00"), PricingFixture.item("I-4", at: "2026-11-05T11:00")]), by: .system)
            _ = try await billing.his.ingest(f.document(encounter: "ATD-3", partial: "P-3", items: [PricingFixture.item("I-5", at: "2026-11-06T10:00")]), by: .system)
            let partials = try await store.accounts.partials(.init(companyId: f.companyId)).items.sorted { $0.externalId < $1.externalId }
            let type = try #require(try await store.nonConformityTypes.all(active: true).first?.id)
            _ = try await billing.nonConformities.register(.init(partialId: partials[2].id, typeId: type, note: "Laudo sem assinatura"), by: ana)
            try await billing.closing.close(partials[0].id, by: ana)
            try await billing.closing.close(partials[1].id, by: ana)
            let rows = try await billing.team.performance(companyId: f.companyId, from: CalendarDay(year: 2026, month: 12, day: 1)!, to: Self.today)
            #expect(rows == [StaffPerformance(username: "ana", partialsClosed: 2, items: 4, nonConformitiesFound: 1)])
            // November: nothing closed or registered then.
            #expect(try await billing.team.performance(companyId: f.companyId, from: CalendarDay(year: 2026, month: 11, day: 1)!, to: CalendarDay(year: 2026, month: 11, day: 30)!).isEmpty)
            await #expect(throws: FaturaError.validation([FieldError("ate", "Período de até três anos, com o início antes do fim.")])) {
                _ = try await billing.team.performance(companyId: f.companyId, from: Self.today, to: CalendarDay(year: 2026, month: 11, day: 1)!)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func performanceTakesTheGlosaOnTheClaimsOfThePartialsClosed(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let rows = try await f.billing.team.performance(companyId: f.companyId, from: CalendarDay(year: 2026, month: 12, day: 1)!, to: Self.today)
            // "sistema" closed the one partial (one item) on 04/12 and sent the invoice on 03/12, deadline 10/12: on time.
            // Its claim: R$ 1.137,00 presented, glosas 1705 R$ 50,00 + 2010 R$ 25,00 = R$ 75,00 → 75 ÷ 1.137 = 6,60%.
            #expect(rows == [StaffPerformance(username: "sistema", partialsClosed: 1, items: 1, invoicesSent: 1, invoicesOnTime: 1,
                                              glosa: Money(cents: 7_500), billed: Money(cents: 113_700))])
            #expect(rows.first?.glosaRate == Percentage(basisPoints: 660))
        }
    }
}
