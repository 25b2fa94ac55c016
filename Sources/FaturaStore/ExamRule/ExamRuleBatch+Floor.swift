import SQLKit
import FaturaDomain

extension ExamRuleBatch {
    /// The floor the batch is compared with in `fatura bench exam-rule`: the same reads (every
    /// in-window exam item of the qualifying partials, 500 partials at a time) and one transaction
    /// per partial writing each item's percentage back, with no rule logic and no audit.
    public func floorRun(companyId: Int, today: CalendarDay) async throws -> Int {
        let windowStart = today.adding(days: -Self.windowDays)
        let (groups, partialIds) = try await database.read { sql -> ([ExamGroup], [Int]) in
            let groups = try await ExamGroupStore.load(on: sql)
            let ids = try await Self.eligiblePartials(companyId: companyId, windowStart: windowStart, on: sql)
            return (groups, ids)
        }
        var written = 0
        for chunk in partialIds.chunked(500) {
            let itemsByPartial = try await database.read { sql -> [Int: [ChargeItem]] in
                let items = try await ChargeItemRow.load(on: sql) {
                    $0.where("partial_id", .in, SQLBind.group(chunk)).where("performed_day", .greaterThanOrEqual, SQLBind(windowStart.iso)).orderBy("id")
                }
                return Dictionary(grouping: items, by: \.partialId)
            }
            for partialId in chunk {
                let items = (itemsByPartial[partialId] ?? []).filter { item in groups.contains { $0.contains(code: item.code) } }
                guard !items.isEmpty else { continue }
                let now = Timestamp.now()
                try await database.transaction { sql in
                    let rows = items.compactMap { item -> ExamUpdate.Row? in
                        guard let id = item.id else { return nil }
                        return ExamUpdate.Row(id: id, quantity: item.quantity.tenThousandths, unitValue: item.unitValue.cents, total: item.total.cents,
                                              percentage: item.examPercentage?.basisPoints ?? 10_000, manual: item.examPercentageManual, incidence: 1)
                    }
                    for part in rows.chunked(200) { try await sql.execute(sql: ExamUpdate(rows: part, updatedAt: now)) { _ in } }
                }
                written += items.count
            }
        }
        return written
    }
}
