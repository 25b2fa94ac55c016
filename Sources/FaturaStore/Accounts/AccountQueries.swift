import SQLKit
import FaturaDomain

/// What the worklists and the partial's page read.
public struct AccountQueries: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Worklist filters; the company is the session's current company.
    public struct PartialFilter: Sendable, Equatable {
        public var companyId: Int?
        public var payerId: Int?
        public var status: PartialStatus?
        public var from: CalendarDay?
        public var to: CalendarDay?
        public var sectorId: Int?
        public var onlyUnpriced = false
        /// Only partials whose record is with a sector (non-conformities not yet accepted).
        public var onlyPending = false
        public var page = 1
        public var perPage = 50
        /// How far the count goes before the pager says "more than" (`AccountQueries.countLimit`).
        public var countLimit = AccountQueries.countLimit

        public init(companyId: Int? = nil, payerId: Int? = nil, status: PartialStatus? = nil, from: CalendarDay? = nil, to: CalendarDay? = nil,
                    sectorId: Int? = nil, onlyUnpriced: Bool = false, onlyPending: Bool = false, page: Int = 1, perPage: Int = 50) {
            self.companyId = companyId
            self.payerId = payerId
            self.status = status
            self.from = from
            self.to = to
            self.sectorId = sectorId
            self.onlyUnpriced = onlyUnpriced
            self.onlyPending = onlyPending
            self.page = Page<Never>.clamp(page)
            self.perPage = min(max(1, perPage), 200)
        }
    }

    public struct PartialSummary: Sendable, Equatable {
        public var id: ID<PartialBill>
        public var externalId: String
        public var status: String
        public var periodStart: String
        public var periodEnd: String
        public var patientName: String
        public var payerName: String
        public var encounterType: String
        public var sectorName: String?
        public var itemCount: Int
        public var unpricedCount: Int
        public var pendingCount: Int
        public var version: Int
        public var total: Int64
    }

    /// How far the worklist counts: up to it exactly; past it the pager says "more than 10 000"
    /// instead of counting a year of partials on every request.
    public static let countLimit = 10_000

    /// One page of the worklist in two steps: the page's ids from the worklist indexes (migration 6),
    /// then the names and the item figures of those ids only. A count that stops at `countLimit`.
    public func partials(_ filter: PartialFilter) async throws -> Page<PartialSummary> {
        try await database.read { sql in
            let offset = (filter.page - 1) * filter.perPage
            let conditions = Self.conditions(filter)
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                conditions.reduce(select.from("partial_bills")) { $0.where($1) }
            }
            let ids = try await filtered(sql.select().column(SQLColumn("id", table: "partial_bills")))
                .orderBy(Self.order).limit(filter.perPage).offset(offset)
                .all().map { try $0.decode(column: "id", as: Int.self) }
            // Counted one past the limit (or past this page when the user went further): reaching it
            // means "more than cap − 1", and that a next page exists.
            let cap = max(filter.countLimit, offset + filter.perPage) + 1
            // In the list's order, so a period filter walks from the newest and stops at the cap;
            // but the filter on the few partials returned to a sector counts them straight from that
            // set: sorting them first only to count them cost several times more.
            var counting = filtered(sql.select().column(SQLLiteral.numeric("1")))
            if !filter.onlyPending { counting = counting.orderBy(Self.order) }
            let counted = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLGroupExpression(counting.limit(cap).query),
                               as: SQLIdentifier("c")))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let capped = counted == cap
            guard !ids.isEmpty else {
                return Page(items: [], page: filter.page, perPage: filter.perPage, total: counted, totalIsLowerBound: capped)
            }
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "partial_bills"), as: "id")
                .column(SQLColumn("external_id", table: "partial_bills"), as: "external_id")
                .column(SQLColumn("status", table: "partial_bills"), as: "status")
                .column(SQLColumn("version", table: "partial_bills"), as: "version")
                .column(SQLColumn("period_start", table: "partial_bills"), as: "period_start")
                .column(SQLColumn("period_end", table: "partial_bills"), as: "period_end")
                .column(SQLColumn("name", table: "patients"), as: "patient_name")
                .column(SQLColumn("name", table: "payers"), as: "payer_name")
                .column(SQLColumn("type", table: "encounters"), as: "encounter_type")
                .column(SQLColumn("name", table: "sectors"), as: "sector_name")
                .column(SQLRaw("(SELECT COUNT(*) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "item_count")
                .column(SQLColumn("unpriced_items", table: "partial_bills"), as: "unpriced_count")
                .column(PendingNonConformities.count, as: "pending_count")
                .column(SQLRaw("(SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "total")
                .from("partial_bills").joiningPartialContext()
                .join("sectors", method: SQLJoinMethod.left, on: SQLColumn("origin_sector_id", table: "partial_bills"), .equal, SQLColumn("id", table: "sectors"))
                .where(SQLColumn("id", table: "partial_bills"), .in, SQLBind.group(ids))
                .all().map(PartialSummary.init(row:))
            let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            return Page(items: ids.compactMap { byId[ID($0)] }, page: filter.page, perPage: filter.perPage, total: counted, totalIsLowerBound: capped)
        }
    }

    /// Newest period first (start, then end), then the newest partial: the worklist indexes' order.
    static let order = SQLList(["period_start", "period_end", "id"].map {
        SQLOrderBy(expression: SQLColumn($0, table: "partial_bills"), direction: SQLDirection.descending)
    })

    /// The filter as conditions on `partial_bills` alone, so each can use a worklist index; the
    /// pending non-conformities (few partials) are an `IN` set of ids.
    static func conditions(_ filter: PartialFilter) -> [any SQLExpression] {
        var conditions: [any SQLExpression] = []
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: "partial_bills") }
        if let id = filter.companyId { conditions.append(SQLBinaryExpression(column("company_id"), .equal, SQLBind(id))) }
        if let id = filter.payerId { conditions.append(SQLBinaryExpression(column("payer_id"), .equal, SQLBind(id))) }
        if let status = filter.status { conditions.append(SQLBinaryExpression(column("status"), .equal, SQLBind(status.rawValue))) }
        if let from = filter.from { conditions.append(SQLBinaryExpression(column("period_end"), .greaterThanOrEqual, SQLBind(from.iso))) }
        if let to = filter.to { conditions.append(SQLBinaryExpression(column("period_start"), .lessThanOrEqual, SQLBind(to.iso))) }
        if let id = filter.sectorId { conditions.append(SQLBinaryExpression(column("origin_sector_id"), .equal, SQLBind(id))) }
        if filter.onlyUnpriced {
            // Written as the partial index's condition (migration 7), so both databases use it.
            conditions.append(SQLRaw("partial_bills.unpriced_items > 0"))
        }
        if filter.onlyPending { conditions.append(PendingNonConformities.partialIds) }
        return conditions
    }

    /// A partial with its encounter, patient, payer and items.
    public struct PartialDetail: Sendable {
        public var partial: PartialBill
        public var patient: Patient
        public var payerName: String
        public var payerStandard: BillingStandard
        public var encounterExternalId: String
        public var encounterType: EncounterType
        public var sectorName: String?
        public var authorizationNumber: String?
        public var items: [ChargeItem]
        /// Who closed it and when, or who reopened it last and why (ISO timestamps).
        public var closedAt: String?
        public var closedBy: String?
        public var reopenedAt: String?
        public var reopenedBy: String?
        public var reopenReason: String?

        /// Sum of line totals per kind, in the order of `ChargeItemKind.allCases`, kinds with items only.
        /// Throws `amountOutOfRange` rather than trap on stored values past every bound.
        public var totalsByKind: [(ChargeItemKind, Money)] {
            get throws {
                try ChargeItemKind.allCases.compactMap { kind in
                    let lines = items.filter { $0.kind == kind }
                    return lines.isEmpty ? nil : (kind, try lines.map(\.total).sum())
                }
            }
        }

        public var total: Money { get throws { try items.map(\.total).sum() } }
        public var unpricedCount: Int { items.filter { !$0.isPriced }.count }
    }

    private struct HeaderRow: Decodable {
        var encounterExternalId: String
        var encounterType: String
        var authorizationNumber: String?
        var sectorName: String?
        var payerName: String
        var billingStandard: String
        var patientId: Int
        var patientExternalId: String?
        var patientName: String
        var birthDate: String?
        var cpf: String?
        var cardNumber: String?
        var cardValidUntil: String?
        var medicalRecordNumber: String?
    }

    public func partial(_ id: ID<PartialBill>) async throws -> PartialDetail {
        try await database.read { sql in
            guard let row = try await PartialRow.find(id, on: sql) else { throw FaturaError.notFound(entity: "parcial") }
            guard let header = try await sql.select()
                .column(SQLColumn("external_id", table: "encounters"), as: "encounter_external_id")
                .column(SQLColumn("type", table: "encounters"), as: "encounter_type")
                .column(SQLColumn("authorization_number", table: "encounters"), as: "authorization_number")
                .column(SQLColumn("name", table: "sectors"), as: "sector_name")
                .column(SQLColumn("name", table: "payers"), as: "payer_name")
                .column(SQLColumn("billing_standard", table: "payers"), as: "billing_standard")
                .column(SQLColumn("id", table: "patients"), as: "patient_id")
                .column(SQLColumn("external_id", table: "patients"), as: "patient_external_id")
                .column(SQLColumn("name", table: "patients"), as: "patient_name")
                .column(SQLColumn("birth_date", table: "patients"), as: "birth_date")
                .column(SQLColumn("cpf", table: "patients"), as: "cpf")
                .column(SQLColumn("card_number", table: "patients"), as: "card_number")
                .column(SQLColumn("card_valid_until", table: "patients"), as: "card_valid_until")
                .column(SQLColumn("medical_record_number", table: "patients"), as: "medical_record_number")
                .from("accounts")
                .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
                .join("patients", on: SQLColumn("patient_id", table: "encounters"), .equal, SQLColumn("id", table: "patients"))
                .join("payers", on: SQLColumn("payer_id", table: "encounters"), .equal, SQLColumn("id", table: "payers"))
                .join("sectors", method: SQLJoinMethod.left, on: SQLColumn("origin_sector_id", table: "encounters"), .equal, SQLColumn("id", table: "sectors"))
                .where(SQLColumn("id", table: "accounts"), .equal, SQLBind(row.partial.accountId))
                .first(decoding: HeaderRow.self, keyDecodingStrategy: .snakeCase)
            else { throw FaturaError.notFound(entity: "conta") }
            let items = try await ChargeItemRow.load(on: sql) { $0.where("partial_id", .equal, SQLBind(id)).orderBy("performed_at").orderBy("id") }
            let patient = Patient(id: header.patientId, externalId: header.patientExternalId, name: header.patientName,
                                  birthDate: try StoredRow.day(header.birthDate, table: "patients", column: "birth_date"), cpf: header.cpf,
                                  cardNumber: header.cardNumber,
                                  cardValidUntil: try StoredRow.day(header.cardValidUntil, table: "patients", column: "card_valid_until"),
                                  medicalRecordNumber: header.medicalRecordNumber)
            return PartialDetail(partial: row.partial, patient: patient, payerName: header.payerName,
                                 payerStandard: try StoredRow.code(header.billingStandard, as: BillingStandard.self, table: "payers", column: "billing_standard"),
                                 encounterExternalId: header.encounterExternalId,
                                 encounterType: try StoredRow.code(header.encounterType, as: EncounterType.self, table: "encounters", column: "type"),
                                 sectorName: header.sectorName, authorizationNumber: header.authorizationNumber, items: items,
                                 closedAt: row.closedAt, closedBy: row.closedBy, reopenedAt: row.reopenedAt, reopenedBy: row.reopenedBy,
                                 reopenReason: row.reopenReason)
        }
    }

    /// Items that could not be priced, with their reason, for the current company.
    public struct UnpricedItem: Sendable, Decodable, Equatable {
        public var id: Int
        public var partialId: Int
        public var code: String
        public var description: String
        public var performedAt: String
        public var pricingError: String?
        public var payerName: String
        public var patientName: String
    }

    /// The codes of items named by id (a batch report lists its manual lines by id), at most 2 000.
    public func itemCodes(_ ids: [Int]) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            var codes: [Int: String] = [:]
            for chunk in Array(ids.prefix(2_000)).chunked(500) {
                for row in try await sql.select().column("id").column("code").from("charge_items").where("id", .in, SQLBind.group(chunk)).all() {
                    codes[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "code", as: String.self)
                }
            }
            return codes
        }
    }

    public func unpricedItems(companyId: Int?, page: Int = 1, perPage: Int = 100) async throws -> Page<UnpricedItem> {
        try await database.read { sql in
            func base(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var s = select.from("charge_items")
                    .join("partial_bills", on: SQLColumn("partial_id", table: "charge_items"), .equal, SQLColumn("id", table: "partial_bills"))
                    .joiningPartialContext()
                    .where(SQLColumn("pricing_status", table: "charge_items"), .equal, SQLBind(PricingStatus.unpriced.rawValue))
                if let companyId { s = s.where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId)) }
                return s
            }
            let total = try await base(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let items = try await base(sql.select()
                .column(SQLColumn("id", table: "charge_items"), as: "id").column(SQLColumn("partial_id", table: "charge_items"), as: "partial_id")
                .column(SQLColumn("code", table: "charge_items"), as: "code").column(SQLColumn("description", table: "charge_items"), as: "description")
                .column(SQLColumn("performed_at", table: "charge_items"), as: "performed_at")
                .column(SQLColumn("pricing_error", table: "charge_items"), as: "pricing_error")
                .column(SQLColumn("name", table: "payers"), as: "payer_name").column(SQLColumn("name", table: "patients"), as: "patient_name"))
                .orderBy(SQLColumn("performed_at", table: "charge_items")).limit(perPage).offset((Page<Never>.clamp(page) - 1) * perPage)
                .all(decoding: UnpricedItem.self, keyDecodingStrategy: .snakeCase)
            return Page(items: items, page: Page<Never>.clamp(page), perPage: perPage, total: total)
        }
    }
}

extension AccountQueries.PartialSummary {
    /// Column by column: the generic decoder's keyed container was a tenth of a worklist
    /// request's CPU (perf).
    init(row: any SQLRow) throws {
        id = ID(try row.decode(column: "id", as: Int.self))
        externalId = try row.decode(column: "external_id", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        periodStart = try row.decode(column: "period_start", as: String.self)
        periodEnd = try row.decode(column: "period_end", as: String.self)
        patientName = try row.decode(column: "patient_name", as: String.self)
        payerName = try row.decode(column: "payer_name", as: String.self)
        encounterType = try row.decode(column: "encounter_type", as: String.self)
        sectorName = try StoredRow(row, table: "partial_bills").optional("sector_name")
        itemCount = try row.decode(column: "item_count", as: Int.self)
        unpricedCount = try row.decode(column: "unpriced_count", as: Int.self)
        pendingCount = try row.decode(column: "pending_count", as: Int.self)
        version = try row.decode(column: "version", as: Int.self)
        total = try row.decode(column: "total", as: Int64.self)
    }
}
