@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import SQLKit
import Testing

@Suite struct ExamRuleStoreTests {
    let today = CalendarDay(iso: "2026-11-23")!

    /// AMB 100/70/50: 500,00; (350,00 × 0,70) + 50,00 = 295,00; 300,00 × 0,50 = 150,00. Run twice: nothing more.
    @Test(arguments: TestDatabase.kinds)
    func applyWritesValuesAndAuditsAndIsIdempotent(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let id = try await f.ingest(partial: "P1", day: "2026-11-10")
            let preview = try await store.billing.examRule.preview(id)
            #expect(preview.itemsChanged == 2) // the first stays at 100%; the 2nd and 3rd are reduced
            #expect(preview.reduction == Money(cents: 25_500)) // 105,00 + 150,00
            #expect(try await f.values(id) == ["P1-A": [50_000], "P1-B": [40_000], "P1-C": [30_000]]) // preview wrote nothing

            let first = try await store.billing.examRule.apply(id, by: AuditActor(userId: nil, username: "ana"))
            #expect(first.itemsChanged == 2)
            #expect(first.reductionCents == 25_500)
            #expect(try await f.values(id) == ["P1-A": [50_000], "P1-B": [29_500], "P1-C": [15_000]])
            #expect(try await store.accounts.partial(id).total == Money(cents: 94_500))
            let audit = try await store.audit.list(AuditQuery(entity: "charge_item", username: "ana")).items
            #expect(audit.count == 2) // one entry per changed line
            #expect(audit.contains { $0.afterJson?.contains(#""percentage":"50,00%""#) == true && $0.afterJson?.contains(#""unitValue":"150,00""#) == true })

            let second = try await store.billing.examRule.apply(id, by: .system)
            #expect(second.itemsChanged == 0)
            #expect(second.reductionCents == 0)
        }
    }

    /// CBHPM flag 100/70/70 and a quantity-2 line: CT 41001010 × 2 after the 500,00 one → one line of 2 × 210,00;
    /// under AMB the same line splits into 70% (210,00) and 50% (150,00), and a second run does not split again.
    @Test(arguments: TestDatabase.kinds)
    func aQuantityTwoLineSplitsUnderAMBAndNotUnderCBHPM(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let two = HISItem(externalId: "Q-2", kind: "exam", table: "cbhpm", code: "41001010", description: "TC", performedAt: "2026-11-10T10:00", quantity: Quantity(2))
            let big = HISItem(externalId: "Q-1", kind: "exam", table: "cbhpm", code: "41001109", description: "TC", performedAt: "2026-11-10T09:00", quantity: .one)
            let id = try await f.ingest(partial: "Q", day: "2026-11-10", extra: [big, two], cts: false)
            _ = try await store.billing.examRule.apply(id, by: .system)
            #expect(try await f.values(id) == ["Q-1": [50_000], "Q-2": [21_000, 15_000]])
            let items = try await store.accounts.partial(id).items
            #expect(items.count == 3)
            #expect(items.filter { $0.externalId.hasPrefix("Q-2") }.map(\.quantity) == [.one, .one])
            #expect(try await store.billing.examRule.apply(id, by: .system).itemsChanged == 0)
            #expect(try await store.accounts.partial(id).items.count == 3)

            // The HIS moves the big exam to another day: the reason for the split is gone and the lines merge back.
            var moved = big
            moved.performedAt = "2026-11-11T09:00"
            let document = HISDocument(encounters: [HISEncounter(
                externalId: "E-Q", companyCnpj: ExamFixture.cnpj, payerAnsRegistry: "123455", type: "sadt", startedAt: "2026-11-10T08:00",
                patient: HISPatient(externalId: "PAC-Q", name: "Paciente"),
                partials: [HISPartial(externalId: "Q", periodStart: "2026-11-10", periodEnd: "2026-11-11", items: [moved, two])])])
            let report = try await store.billing.his.ingest(document, by: .system)
            #expect(report.itemsUpdated == 1)
            #expect(report.itemsUnchanged == 1) // Q-2: 1 + 1 split = the 2 the HIS sent
            _ = try await store.billing.examRule.apply(id, by: .system)
            #expect(try await f.values(id) == ["Q-1": [50_000], "Q-2": [30_000, 21_000]])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aClosedPartialAndAStaleVersionAreRefused(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: true)
            let id = try await f.ingest(partial: "P1", day: "2026-11-10")
            let version = try await store.accounts.partial(id).partial.version
            _ = try await store.billing.examRule.apply(id, percentages: [:], expectedVersion: version, by: .system)
            await #expect(throws: FaturaError.stalePartial) {
                _ = try await store.billing.examRule.apply(id, percentages: [:], expectedVersion: version, by: .system)
            }
            try await store.database.transaction { try await $0.update("partial_bills").set("status", to: SQLBind("closed")).run() }
            await expectRefusal("partial_closed") { _ = try await store.billing.examRule.apply(id, by: .system) }
        }
    }

    /// The batch: SUS, Particular, closed and 91-day-old partials untouched; a manual percentage kept and
    /// listed; a second run changes nothing; a dry run changes nothing either.
    @Test(arguments: TestDatabase.kinds)
    func theBatchTouchesOnlyWhatItShould(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let inWindow = try await f.ingest(partial: "OK", day: "2026-11-10")
            let sus = try await f.ingest(partial: "SUS", day: "2026-11-10", payer: "SUS")
            let particular = try await f.ingest(partial: "PART", day: "2026-11-10", payer: "Particular")
            let old = try await f.ingest(partial: "OLD", day: "2026-08-24") // 23/11 − 91 days
            let edge = try await f.ingest(partial: "EDGE", day: "2026-08-25") // exactly 90 days: inside
            let closed = try await f.ingest(partial: "CLOSED", day: "2026-11-10")
            try await store.database.transaction { try await $0.update("partial_bills").set("status", to: SQLBind("closed")).where("id", .equal, SQLBind(closed)).run() }
            let manual = try await f.ingest(partial: "MANUAL", day: "2026-11-10")
            let manualItem = try #require(try await store.accounts.partial(manual).items.first { $0.externalId == "MANUAL-C" }?.id)
            _ = try await store.billing.examRule.apply(manual, percentages: [manualItem: Percentage(percent: 100)], by: .system)

            let dry = try await store.billing.examBatch.execute(companyId: f.companyId, today: today, dryRun: true, by: .system).1
            #expect(dry.itemsChanged == 4) // OK and EDGE: 2nd and 3rd of each (the manual partial is already as it should be)
            #expect(try await f.values(inWindow) == ["OK-A": [50_000], "OK-B": [40_000], "OK-C": [30_000]])

            let (runId, report) = try await store.billing.examBatch.execute(companyId: f.companyId, today: today, dryRun: false, by: .system)
            #expect(report.partialsExamined == 3) // OK, EDGE, MANUAL
            #expect(report.itemsChanged == 4)
            #expect(report.reductionCents == 2 * 25_500)
            #expect(report.manualKept.map(\.partialExternalId) == ["MANUAL"])
            #expect(try await store.billing.examBatch.get(runId)?.status == .done)
            for untouched in [sus, particular, old, closed] {
                #expect(try await f.values(untouched).values.flatMap { $0 }.sorted() == [30_000, 40_000, 50_000])
            }
            #expect(try await f.values(edge) == ["EDGE-A": [50_000], "EDGE-B": [29_500], "EDGE-C": [15_000]])
            #expect(try await f.values(manual) == ["MANUAL-A": [50_000], "MANUAL-B": [29_500], "MANUAL-C": [30_000]])

            let again = try await store.billing.examBatch.execute(companyId: f.companyId, today: today, dryRun: false, by: .system).1
            #expect(again.itemsChanged == 0)
            #expect(again.reductionCents == 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aSecondRunForTheSameCompanyIsRefusedWhileOneIsRunning(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: true)
            let first = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            await expectRefusal("batch_running") {
                _ = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            }
            // A run that stopped beating 11 minutes ago was killed: a new one may start.
            let later = Date().addingTimeInterval(11 * 60)
            let second = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system, now: later)
            #expect(second != first)
            #expect(try await store.billing.examBatch.get(first)?.status == .failed)
        }
    }
}

import Foundation
