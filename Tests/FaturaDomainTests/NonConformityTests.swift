import FaturaDomain
import PropertyBased
import Testing

@Suite struct NonConformityTests {
    @Test func lifecycleFollowsSectorThenBilling() {
        // open → corrected (sector) → accepted (billing); a refused correction goes back to open.
        #expect(NonConformityAction.correct.next(from: .open) == .corrected)
        #expect(NonConformityAction.accept.next(from: .corrected) == .accepted)
        #expect(NonConformityAction.sendBack.next(from: .corrected) == .open)
        #expect(NonConformityAction.cancel.next(from: .open) == .cancelled)
        #expect(NonConformityAction.cancel.next(from: .corrected) == .cancelled)
    }

    @Test func actionsOutOfOrderAreRefused() {
        // Billing cannot accept what the sector has not corrected; nothing moves a closed one.
        #expect(NonConformityAction.accept.next(from: .open) == nil)
        #expect(NonConformityAction.sendBack.next(from: .open) == nil)
        #expect(NonConformityAction.correct.next(from: .corrected) == nil)
        for action in NonConformityAction.allCases {
            #expect(action.next(from: .accepted) == nil)
            #expect(action.next(from: .cancelled) == nil)
        }
    }

    @Test func onlyPendingOnesBlockClosing() {
        #expect(NonConformityStatus.allCases.filter(\.blocksClosing) == [.open, .corrected])
    }

    /// Found Friday 13/11/2026, due in 2 business days: Mon 16, Tue 17. Late from Wed 18, and only while the sector has it.
    @Test func overdueAfterTheDueDayWhileWithTheSector() {
        let type = NonConformityType(code: "assinatura", name: "Falta de assinatura", deadlineBusinessDays: 2)
        let found = CalendarDay(iso: "2026-11-13")!
        let due = type.deadline(from: found)
        #expect(due == CalendarDay(iso: "2026-11-17"))
        var item = NonConformity(partialId: 1, typeId: 1, sectorId: 1, note: "", foundOn: found, dueOn: due)
        #expect(!item.isOverdue(today: CalendarDay(iso: "2026-11-17")!))
        #expect(item.isOverdue(today: CalendarDay(iso: "2026-11-18")!))
        item.status = .corrected
        #expect(!item.isOverdue(today: CalendarDay(iso: "2026-11-18")!))
    }

    /// Found Thursday 31/12/2026 with 3 business days: Fri 1/1 holiday, weekend → Mon 4, Tue 5, Wed 6/1/2027.
    @Test func deadlineCrossesNewYearAndAWeekend() {
        let type = NonConformityType(code: "laudo", name: "Falta de laudo", deadlineBusinessDays: 3)
        #expect(type.deadline(from: CalendarDay(iso: "2026-12-31")!) == CalendarDay(iso: "2027-01-06"))
    }

    /// Whatever the day found: the due day is a business day after it, with exactly n business days in between.
    @Test func deadlineIsTheNthBusinessDayAfterTheDayFound() async {
        await propertyCheck(input: Gen.int(in: 18_262...23_741), Gen.int(in: 1...20)) { dayNumber, n in // 2020 to 2034
            let found = CalendarDay(daysSinceEpoch: dayNumber)
            let due = NonConformityType(code: "x", name: "x", deadlineBusinessDays: n).deadline(from: found)
            #expect(due > found)
            #expect(BusinessDays.isBusinessDay(due))
            let counted = (found.daysSinceEpoch + 1...due.daysSinceEpoch).filter { BusinessDays.isBusinessDay(CalendarDay(daysSinceEpoch: $0)) }.count
            #expect(counted == n)
        }
    }

    @Test func notesAreRequiredForCorrectionsAndLimited() {
        #expect(NonConformity.validateNote("  ", required: true).map(\.field) == ["note"])
        #expect(NonConformity.validateNote("", required: false).isEmpty)
        #expect(NonConformity.validateNote(String(repeating: "a", count: 1_001), required: false).count == 1)
        #expect(NonConformityAction.allCases.filter(\.needsNote) == [.correct, .sendBack, .cancel])
    }
}

@Suite struct SectorNonConformityStatsTests {
    let day = { (iso: String) in CalendarDay(iso: iso)! }

    @Test func countsAndAverageByHand() {
        // Sector 1: open and late (due 17/11, today 23/11), open on time, one waiting for billing,
        // accepted corrections of 2 and 3 days (average 2.5 → 25 tenths), one of them late;
        // a correction outside the period and a cancelled one do not count.
        let rows: [SectorNonConformityStats.Row] = [
            .init(sectorId: 1, status: .open, registeredOn: day("2026-11-13"), dueOn: day("2026-11-17"), correctedOn: nil),
            .init(sectorId: 1, status: .open, registeredOn: day("2026-11-20"), dueOn: day("2026-11-25"), correctedOn: nil),
            .init(sectorId: 1, status: .corrected, registeredOn: day("2026-11-18"), dueOn: day("2026-11-20"), correctedOn: day("2026-11-19")),
            .init(sectorId: 1, status: .accepted, registeredOn: day("2026-11-02"), dueOn: day("2026-11-05"), correctedOn: day("2026-11-04")),
            .init(sectorId: 1, status: .accepted, registeredOn: day("2026-11-09"), dueOn: day("2026-11-11"), correctedOn: day("2026-11-12")),
            .init(sectorId: 1, status: .accepted, registeredOn: day("2026-10-01"), dueOn: day("2026-10-05"), correctedOn: day("2026-10-02")),
            .init(sectorId: 1, status: .cancelled, registeredOn: day("2026-11-10"), dueOn: day("2026-11-12"), correctedOn: nil),
            .init(sectorId: 2, status: .accepted, registeredOn: day("2026-11-10"), dueOn: day("2026-11-12"), correctedOn: day("2026-11-10")),
        ]
        let stats = SectorNonConformityStats.summarize(rows, from: day("2026-11-01"), to: day("2026-11-30"), today: day("2026-11-23"))
        let one = stats[1]!
        #expect([one.open, one.awaitingCheck, one.overdue, one.correctedInPeriod, one.correctedLate] == [2, 1, 1, 2, 1])
        #expect(one.averageTenthsOfDay == 25)
        #expect(stats[2]!.averageTenthsOfDay == 0)
        #expect(SectorNonConformityStats(sectorId: 3).averageTenthsOfDay == nil)
    }

    /// Every pending one is counted once, in its sector; late ones are a part of the open ones.
    @Test func countsAddUpWhateverTheRows() async {
        await propertyCheck(input: Gen.int(in: 0...999_999), Gen.int(in: 0...60)) { seed, count in
            var state = UInt64(seed) &+ 1
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            let base = 20_400 // November 2025
            let rows = (0..<count).map { _ in
                let registered = base + next(60)
                let corrected = next(2) == 0 ? nil : Optional(registered + next(10))
                return SectorNonConformityStats.Row(sectorId: 1 + next(4), status: NonConformityStatus.allCases[next(4)],
                                                    registeredOn: CalendarDay(daysSinceEpoch: registered), dueOn: CalendarDay(daysSinceEpoch: registered + next(6)),
                                                    correctedOn: corrected.map { CalendarDay(daysSinceEpoch: $0) })
            }
            let stats = SectorNonConformityStats.summarize(rows, from: CalendarDay(daysSinceEpoch: base), to: CalendarDay(daysSinceEpoch: base + 90),
                                                           today: CalendarDay(daysSinceEpoch: base + 45))
            #expect(stats.values.map { $0.open + $0.awaitingCheck }.reduce(0, +) == rows.filter { $0.status.blocksClosing }.count)
            #expect(stats.values.map { $0.open }.reduce(0, +) == rows.filter { $0.status == .open }.count)
            for line in stats.values {
                #expect(line.overdue <= line.open)
                #expect(line.correctedLate <= line.correctedInPeriod)
                #expect(line.daysToCorrect >= 0)
            }
        }
    }

    /// 1 + 1 + 2 days over 3 corrections = 1.333… → 13 tenths; 1 + 2 = 1.5 → 15 (half up).
    @Test func averageRoundsHalfUp() {
        var stats = SectorNonConformityStats(sectorId: 1)
        stats.correctedInPeriod = 3
        stats.daysToCorrect = 4
        #expect(stats.averageTenthsOfDay == 13)
        stats.correctedInPeriod = 2
        stats.daysToCorrect = 3
        #expect(stats.averageTenthsOfDay == 15)
    }
}
