import FaturaDomain
import Testing

/// The department's rules without a database: a notice's due date, a sector's acknowledgement in
/// order, a record copy's legal deadline and steps, the protocol number.
@Suite struct DepartmentRulesTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }

    @Test func aNoticeIsDueInThreeBusinessDaysOrByItsEffectiveDay() {
        // Thursday 10/12/2026 → Friday 11, Monday 14, Tuesday 15.
        #expect(PayerNotice.defaultDue(distributedOn: Self.day(2026, 12, 10), effectiveOn: nil) == Self.day(2026, 12, 15))
        // Over Christmas (Friday 25/12 a holiday): Wednesday 23 → Thursday 24, Monday 28, Tuesday 29.
        #expect(PayerNotice.defaultDue(distributedOn: Self.day(2026, 12, 23), effectiveOn: nil) == Self.day(2026, 12, 29))
        // A change effective before that: due on its day; one already in force does not shorten it.
        #expect(PayerNotice.defaultDue(distributedOn: Self.day(2026, 12, 10), effectiveOn: Self.day(2026, 12, 12)) == Self.day(2026, 12, 12))
        #expect(PayerNotice.defaultDue(distributedOn: Self.day(2026, 12, 10), effectiveOn: Self.day(2026, 12, 1)) == Self.day(2026, 12, 15))
    }

    @Test func aSectorConcludesOnlyWhatItReadOnceAndLateIsAfterTheDueDay() throws {
        var d = NoticeDistribution(noticeId: 1, sectorId: 2, dueOn: Self.day(2026, 12, 15))
        #expect(throws: FaturaError.noticeRefused("Marque o comunicado como lido antes de concluí-lo.")) {
            try d.markDone(note: "feito", by: "ti", at: "2026-12-10T12:00:00Z", on: Self.day(2026, 12, 10))
        }
        d.markRead(by: "ti", at: "2026-12-10T12:00:00Z")
        d.markRead(by: "outro", at: "2026-12-11T12:00:00Z")
        #expect(d.readBy == "ti" && d.status == .read)
        #expect(!d.isLate(today: Self.day(2026, 12, 15)) && d.isLate(today: Self.day(2026, 12, 16)))
        try d.markDone(note: " Tabela atualizada. ", by: "ti", at: "2026-12-16T12:00:00Z", on: Self.day(2026, 12, 16))
        #expect(d.status == .done && d.doneNote == "Tabela atualizada." && d.isLate(today: Self.day(2027, 1, 1)))
        #expect(throws: FaturaError.noticeRefused("Este setor já concluiu o comunicado em 16/12/2026.")) {
            try d.markDone(note: "de novo", by: "ti", at: "x", on: Self.day(2026, 12, 17))
        }
    }

    @Test func aRecordCopyIsPreparedApprovedAndDeliveredInThatOrder() throws {
        var r = RecordCopyRequest(companyId: 1, requestedOn: Self.day(2026, 12, 20), requesterName: "Joana", relation: .heir, requesterDocument: "RG 1",
                                  documentChecked: true, patientName: "José", records: "Internação", purpose: "Inventário")
        // 15 days: 20/12 → 04/01/2027, across the year.
        #expect(r.dueOn == Self.day(2027, 1, 4))
        #expect(r.isOverdue(today: Self.day(2027, 1, 5)) && !r.isOverdue(today: Self.day(2027, 1, 4)))
        #expect(throws: FaturaError.recordCopyRefused("O pedido está solicitado: não é possível entregá-lo.")) { try r.next(.deliver) }
        for (action, state) in [(RecordCopyAction.prepare, RecordCopyStatus.prepared), (.approve, .approved), (.deliver, .delivered)] {
            r.status = try r.next(action)
            #expect(r.status == state)
        }
        #expect(!r.isOverdue(today: Self.day(2027, 2, 1)))
        #expect(throws: FaturaError.recordCopyRefused("O pedido está entregue: não é possível recusá-lo.")) { try r.next(.refuse) }
    }

    @Test func theProtocolNumberIsTheYearAndFiveDigits() {
        #expect(ProtocolEntry(companyId: 1, year: 2026, sequence: 42, day: Self.day(2026, 1, 2), direction: .outgoing, counterpart: "X", subject: "Y").number == "2026/00042")
        #expect(ProtocolEntry(companyId: 1, year: 2026, sequence: 123_456, day: Self.day(2026, 1, 2), direction: .outgoing, counterpart: "X", subject: "Y").number == "2026/123456")
    }
}
