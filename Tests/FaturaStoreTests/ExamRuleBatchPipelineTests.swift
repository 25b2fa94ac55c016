@testable import FaturaBilling
import FaturaDomain
@testable import FaturaStore
import FaturaTestSupport
import SQLKit
import Testing

/// The batch reads and plans the next chunk while it writes the current one; a plan made outside the
/// write must not be written over a partial that changed in between.
@Suite struct ExamRuleBatchPipelineTests {
    let today = CalendarDay(iso: "2026-11-23")!

    @Test(arguments: TestDatabase.kinds)
    func aPlanReadBeforeAChangeIsRefusedAndRedoneInsideTheWrite(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            let ok = try await f.ingest(partial: "OK", day: "2026-11-10")
            let batch = store.billing.examBatch
            let runId = try await batch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            let context = try await store.database.read { sql in
                ExamRuleBatch.ChunkContext(groups: try await ExamGroupStore.load(on: sql),
                                           book: PriceBook(contracts: try await ContractStore.forPayers([f.contract.payerId], on: sql)),
                                           windowStart: today.adding(days: -ExamRuleBatch.windowDays))
            }
            let early = try await batch.prepare([ok], context, on: nil)
            #expect(early.plans.map(\.summary.itemsChanged) == [2])

            // A biller re-prices the partial between the read and the write: its version moves on.
            _ = try await store.billing.pricing.repricePartial(ok, by: .system)
            await expectRefusal("stale_version") {
                try await store.database.transaction { try await batch.write(early, runId: runId, actor: .system, on: $0) }
            }
            #expect(try await f.values(ok) == ["OK-A": [50_000], "OK-B": [40_000], "OK-C": [30_000]])

            // Read again inside the write (what the batch does on the refusal): written, AMB 100/70/50.
            let fresh = try await store.database.transaction { sql in
                let step = try await batch.prepare([ok], context, on: sql)
                try await batch.write(step, runId: runId, actor: .system, on: sql)
                return step
            }
            #expect(fresh.plans.map(\.summary.itemsChanged) == [2])
            #expect(try await f.values(ok) == ["OK-A": [50_000], "OK-B": [29_500], "OK-C": [15_000]])
        }
    }
}

/// The grid's "what applying would change" is what apply then writes: one plan decides both, also
/// when a quantity is split into incidences and when a split is no longer needed.
@Suite struct ExamRulePreviewMatchesApplyTests {
    @Test(arguments: TestDatabase.kinds)
    func previewFiguresAreApplysFigures(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await ExamFixture.make(store, cbhpm: false)
            // Two of the same CT in one line: the rule splits it (100% and 70%).
            let twice = HISItem(externalId: "S-D", kind: "exam", table: "cbhpm", code: "41001109", description: "TC", performedAt: "2026-11-10T10:00",
                                quantity: Quantity(2))
            let id = try await f.ingest(partial: "S", day: "2026-11-10", extra: [twice])
            for step in 1...2 {
                let preview = try await store.billing.examRule.preview(id)
                let applied = try await store.billing.examRule.apply(id, by: .system)
                #expect(preview.itemsChanged == applied.itemsChanged, "step \(step)")
                #expect(preview.reduction.cents == applied.reductionCents, "step \(step)")
                if step == 1 { #expect(applied.itemsChanged > 0) } else { #expect(applied.itemsChanged == 0) }
            }
            // The HIS sends the line again with one unit: the split line goes away, and the preview says so.
            var single = twice
            single.quantity = .one
            _ = try await f.ingest(partial: "S", day: "2026-11-10", extra: [single])
            let preview = try await store.billing.examRule.preview(id)
            let applied = try await store.billing.examRule.apply(id, by: .system)
            #expect(preview.itemsChanged == applied.itemsChanged)
            #expect(preview.reduction.cents == applied.reductionCents)
        }
    }
}

/// A shutdown cancels the batch between chunks: the run is recorded as interrupted, with nothing
/// half-written, and the next run does the work.
@Suite struct ExamRuleBatchCancellationTests {
    @Test(arguments: TestDatabase.kinds)
    func aCancelledRunIsRecordedAndTheNextOneFinishes(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let today = CalendarDay(iso: "2026-11-23")!
            let f = try await ExamFixture.make(store, cbhpm: false)
            let ok = try await f.ingest(partial: "OK", day: "2026-11-10")
            let batch = store.billing.examBatch
            let runId = try await batch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() } // the shutdown came first
                return try await batch.run(runId, by: .system)
            }
            await #expect(throws: CancellationError.self) { _ = try await cancelled.value }
            let run = try #require(try await batch.get(runId))
            #expect(run.status == .failed)
            #expect(run.error?.hasPrefix("Interrompida: o servidor foi desligado") == true)
            #expect(try await f.values(ok) == ["OK-A": [50_000], "OK-B": [40_000], "OK-C": [30_000]])

            let report = try await batch.execute(companyId: f.companyId, today: today, dryRun: false, by: .system).1
            #expect(report.itemsChanged == 2)
            #expect(try await f.values(ok) == ["OK-A": [50_000], "OK-B": [29_500], "OK-C": [15_000]])
        }
    }
}
