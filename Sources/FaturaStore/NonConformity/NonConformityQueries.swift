import SQLKit
import FaturaDomain

/// What the pages read of non-conformities: a partial's, a sector's queue, billing's worklist, the
/// history of each, and the per-sector figures for meetings with the sectors.
public struct NonConformityQueries: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// One non-conformity with what a person needs to find the record and fix it.
    public struct Entry: Sendable, Equatable, Decodable {
        public var id: Int
        public var partialId: Int
        public var partialExternalId: String
        public var patientName: String
        public var medicalRecordNumber: String?
        public var encounterExternalId: String
        public var payerName: String
        public var itemId: Int?
        public var itemCode: String?
        public var itemDescription: String?
        public var typeName: String
        public var sectorId: Int
        public var sectorName: String
        public var note: String
        public var statusCode: String
        public var registeredOn: String
        public var registeredBy: String
        public var foundOn: String
        public var dueOn: String
        public var correctedAt: String?
        public var correctedBy: String?
        public var correctionNote: String?
        public var checkedBy: String?
        public var checkNote: String?
        public var timesSentBack: Int
        public var returnNumber: String?
        public var version: Int

        enum CodingKeys: String, CodingKey {
            case id, partialId, partialExternalId, patientName, medicalRecordNumber, encounterExternalId, payerName, itemId, itemCode,
                 itemDescription, typeName, sectorId, sectorName, note, registeredOn, registeredBy, foundOn, dueOn, correctedAt, correctedBy,
                 correctionNote, checkedBy, checkNote, timesSentBack, returnNumber, version
            case statusCode = "status"
        }

        public var status: NonConformityStatus { NonConformityStatus(rawValue: statusCode) ?? .open }
        public var due: CalendarDay? { CalendarDay(iso: dueOn) }
        public func isOverdue(today: CalendarDay) -> Bool { status == .open && (due.map { today > $0 } ?? false) }
    }

    public struct Filter: Sendable, Equatable {
        public var partialId: ID<PartialBill>?
        public var companyId: Int?
        public var sectorId: Int?
        public var statuses: [NonConformityStatus]
        /// Only those still with the sector after their due day (needs `today`).
        public var overdueOn: CalendarDay?
        public var limit: Int

        public init(partialId: ID<PartialBill>? = nil, companyId: Int? = nil, sectorId: Int? = nil, statuses: [NonConformityStatus] = [],
                    overdueOn: CalendarDay? = nil, limit: Int = 500) {
            self.partialId = partialId
            self.companyId = companyId
            self.sectorId = sectorId
            self.statuses = statuses
            self.overdueOn = overdueOn
            self.limit = min(max(1, limit), 2_000)
        }
    }

    /// Oldest first (by the day it was found or last sent back), as a sector works through its queue.
    /// At most `filter.limit`; a list that shows them all pages with `entries(_:page:perPage:)`.
    public func entries(_ filter: Filter) async throws -> [Entry] {
        try await database.read { sql in
            try await Self.filtered(Self.select(on: sql), filter).orderBy(SQLColumn("found_on", table: "nonconformities")).orderBy(SQLColumn("id", table: "nonconformities"))
                .limit(filter.limit).all(decoding: Entry.self, keyDecodingStrategy: .snakeCase)
        }
    }

    public func entry(_ id: Int) async throws -> Entry {
        try await database.read { sql in
            guard let entry = try await Self.select(on: sql).where(SQLColumn("id", table: "nonconformities"), .equal, SQLBind(id))
                .first(decoding: Entry.self, keyDecodingStrategy: .snakeCase)
            else { throw FaturaError.notFound(entity: "não conformidade") }
            return entry
        }
    }

    static func select(on sql: any SQLDatabase) -> SQLSelectBuilder {
        let nc = { (c: String) in SQLColumn(c, table: "nonconformities") }
        var s = sql.select()
        for c in ["id", "partial_id", "item_id", "item_code", "sector_id", "note", "status", "registered_on", "registered_by", "found_on", "due_on",
                  "corrected_at", "corrected_by", "correction_note", "checked_by", "check_note", "times_sent_back", "version"] {
            s = s.column(nc(c), as: c)
        }
        return s.column(SQLColumn("external_id", table: "partial_bills"), as: "partial_external_id")
            .column(SQLColumn("name", table: "patients"), as: "patient_name")
            .column(SQLColumn("medical_record_number", table: "patients"), as: "medical_record_number")
            .column(SQLColumn("external_id", table: "encounters"), as: "encounter_external_id")
            .column(SQLColumn("name", table: "payers"), as: "payer_name")
            .column(SQLColumn("description", table: "charge_items"), as: "item_description")
            .column(SQLColumn("name", table: "nonconformity_types"), as: "type_name")
            .column(SQLColumn("name", table: "sectors"), as: "sector_name")
            .column(SQLColumn("number", table: "record_returns"), as: "return_number")
            .from("nonconformities")
            .join("partial_bills", on: nc("partial_id"), .equal, SQLColumn("id", table: "partial_bills"))
            .joiningPartialContext()
            .join("nonconformity_types", on: nc("type_id"), .equal, SQLColumn("id", table: "nonconformity_types"))
            .join("sectors", on: nc("sector_id"), .equal, SQLColumn("id", table: "sectors"))
            .join("charge_items", method: SQLJoinMethod.left, on: nc("item_id"), .equal, SQLColumn("id", table: "charge_items"))
            .join("record_returns", method: SQLJoinMethod.left, on: nc("return_id"), .equal, SQLColumn("id", table: "record_returns"))
    }

    /// One dated step of a non-conformity's history.
    public struct Event: Sendable, Equatable, Decodable {
        public var nonconformityId: Int
        public var at: String
        public var username: String
        public var action: String
        public var note: String?

        public var label: String {
            action == "register" ? "Registrada" : NonConformityAction(rawValue: action)?.label ?? action
        }
    }

    /// The history of the given non-conformities, in order.
    public func events(of ids: [Int]) async throws -> [Event] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { sql in
            var events: [Event] = []
            for chunk in ids.chunked(500) {
                events += try await sql.select().columns("nonconformity_id", "at", "username", "action", "note").from("nonconformity_events")
                    .where("nonconformity_id", .in, SQLBind.group(chunk)).orderBy("id")
                    .all(decoding: Event.self, keyDecodingStrategy: .snakeCase)
            }
            return events
        }
    }

    /// Per-sector figures for the company: what each sector has now, what is late, and the average
    /// days to correct what billing accepted with a correction in `from...to`.
    public func sectorStats(companyId: Int?, from: CalendarDay, to: CalendarDay, today: CalendarDay)
        async throws -> [(sector: Sector, stats: SectorNonConformityStats)] {
        try await database.read { sql in
            struct StatsRow: Decodable {
                var sectorId: Int
                var status: String
                var registeredOn: String
                var dueOn: String
                var correctedOn: String?
            }
            var s = sql.select().column(SQLColumn("sector_id", table: "nonconformities"), as: "sector_id")
                .column(SQLColumn("status", table: "nonconformities"), as: "status")
                .column(SQLColumn("registered_on", table: "nonconformities"), as: "registered_on")
                .column(SQLColumn("due_on", table: "nonconformities"), as: "due_on")
                .column(SQLColumn("corrected_on", table: "nonconformities"), as: "corrected_on")
                .from("nonconformities")
                .join("partial_bills", on: SQLColumn("partial_id", table: "nonconformities"), .equal, SQLColumn("id", table: "partial_bills"))
                // Pending ones whatever their age; closed ones only when corrected in the period.
                .where(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("status", table: "nonconformities"), .in, SQLBind.group(PendingNonConformities.statuses)), .or,
                    SQLBinaryExpression(SQLColumn("corrected_on", table: "nonconformities"), .greaterThanOrEqual, SQLBind(from.iso)))))
            if let companyId { s = s.where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId)) }
            // A row that does not decode stops the figures instead of leaving the count short.
            let rows = try await s.all(decoding: StatsRow.self, keyDecodingStrategy: .snakeCase).map { row in
                let table = "nonconformities"
                return SectorNonConformityStats.Row(
                    sectorId: row.sectorId, status: try StoredRow.code(row.status, as: NonConformityStatus.self, table: table, column: "status"),
                    registeredOn: try StoredRow.day(row.registeredOn, table: table, column: "registered_on"),
                    dueOn: try StoredRow.day(row.dueOn, table: table, column: "due_on"),
                    correctedOn: try StoredRow.day(row.correctedOn, table: table, column: "corrected_on"))
            }
            let stats = SectorNonConformityStats.summarize(rows, from: from, to: to, today: today)
            let sectors = try await sql.select().column("*").from("sectors").orderBy("name")
                .all(decoding: Sector.self, keyDecodingStrategy: .snakeCase)
            return sectors.compactMap { sector in
                guard let id = sector.id else { return nil }
                return stats[id].map { (sector, $0) } ?? (sector.active ? (sector, SectorNonConformityStats(sectorId: id)) : nil)
            }
        }
    }
}
