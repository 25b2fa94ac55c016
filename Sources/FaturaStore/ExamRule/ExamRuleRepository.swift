import SQLKit
import FaturaDomain

/// What the exam rule reads: a partial with its payer's standard, items, the exam groups and the
/// contracts of its payer (`ExamRuleService` picks the one of the first exam day); and, for the
/// batch, the partials that qualify and a chunk of them with their items in the window.
public enum ExamRuleRepository {
    public struct PartialContext: Sendable {
        public var partial: PartialBill
        public var standard: BillingStandard
        public var contracts: [Contract]
        public var items: [ChargeItem]
        public var groups: [ExamGroup]
    }

    public static func context(_ partialId: ID<PartialBill>, on sql: any SQLDatabase) async throws -> PartialContext {
        let partial = try await PartialRepository.require(partialId, on: sql)
        let standard = try await sql.select().column("billing_standard").from("payers").where("id", .equal, SQLBind(partial.payerId)).first()
            .map { try StoredRow($0, table: "payers").code("billing_standard", as: BillingStandard.self) }
        guard let standard else { throw FaturaError.notFound(entity: "convênio") }
        let items = try await ChargeItemRepository.items(ofPartial: partialId, on: sql)
        let groups = try await ExamGroupStore.load(on: sql)
        let contracts = try await ContractStore.forPayers([partial.payerId], on: sql)
        return PartialContext(partial: partial, standard: standard, contracts: contracts, items: items, groups: groups)
    }

    /// The groups and the contracts of the company's payers billed as convênios, for a batch.
    public static func batchBook(companyId: Int, on sql: any SQLDatabase) async throws -> (groups: [ExamGroup], contracts: [Contract]) {
        let groups = try await ExamGroupStore.load(on: sql)
        let payerIds = try await sql.select().column("id").from("payers").where("billing_standard", .equal, SQLBind(BillingStandard.convenio.rawValue))
            .all().map { try $0.decode(column: "id", as: Int.self) }
        let contracts = try await ContractStore.forPayers(payerIds, on: sql).filter { $0.companyId == companyId }
        return (groups, contracts)
    }

    /// Draft partials of the company, payer billed as a convênio, with an item performed in the window.
    public static func eligiblePartials(companyId: Int, windowStart: CalendarDay, on sql: any SQLDatabase) async throws -> [ID<PartialBill>] {
        try await sql.select().distinct().column(SQLColumn("id", table: "partial_bills"))
            .from("partial_bills")
            .join("payers", on: SQLColumn("payer_id", table: "partial_bills"), .equal, SQLColumn("id", table: "payers"))
            .join("charge_items", on: SQLColumn("partial_id", table: "charge_items"), .equal, SQLColumn("id", table: "partial_bills"))
            .where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
            .where(SQLColumn("status", table: "partial_bills"), .equal, SQLBind(PartialStatus.draft.rawValue))
            .where(SQLColumn("billing_standard", table: "payers"), .equal, SQLBind(BillingStandard.convenio.rawValue))
            .where(SQLColumn("performed_day", table: "charge_items"), .greaterThanOrEqual, SQLBind(windowStart.iso))
            .orderBy(SQLColumn("id", table: "partial_bills")).all().map { ID(try $0.decode(column: "id", as: Int.self)) }
    }

    /// The chunk's partials still in draft (locked for update when `lock`, on PostgreSQL; SQLite's
    /// `BEGIN IMMEDIATE` already excludes other writers) and their items from `windowStart` on.
    public static func chunk(_ ids: [ID<PartialBill>], windowStart: CalendarDay, lock: Bool, on sql: any SQLDatabase) async throws
        -> (partials: [PartialBill], items: [ChargeItem]) {
        var partialsQuery = sql.select().column("*").from("partial_bills").where("id", .in, SQLBind.group(ids.map(\.rawValue)))
            .where("status", .equal, SQLBind(PartialStatus.draft.rawValue))
        if lock { partialsQuery = partialsQuery.for(.update) }
        let partials = try await partialsQuery.all().map(PartialRow.partial)
        let items = try await ChargeItemRow.load(on: sql) {
            $0.where("partial_id", .in, SQLBind.group(ids.map(\.rawValue))).where("performed_day", .greaterThanOrEqual, SQLBind(windowStart.iso)).orderBy("id")
        }
        return (partials, items)
    }
}
