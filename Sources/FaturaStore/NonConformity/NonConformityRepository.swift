import SQLKit
import FaturaDomain

/// Non-conformities as rows: registered, read for an action, moved with their version checked, and
/// every step dated in `nonconformity_events`. What may happen is `NonConformityAction.next`
/// (domain) and `NonConformityService` (FaturaBilling).
public enum NonConformityRepository {
    /// The columns an action reads before it is decided.
    public struct Row: Sendable, Decodable {
        public var id: Int
        public var partialId: Int
        public var typeId: Int
        public var sectorId: Int
        public var status: String
        public var timesSentBack: Int
        public var version: Int

        /// The stored status, or `storedValueInvalid`.
        public func storedStatus() throws -> NonConformityStatus {
            try StoredRow.code(status, as: NonConformityStatus.self, table: "nonconformities", column: "status")
        }
    }

    public static func row(_ id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.select().columns("id", "partial_id", "type_id", "sector_id", "status", "times_sent_back", "version")
            .from("nonconformities").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .snakeCase)
    }

    /// The code of an item of the partial, or nil when the item is not the partial's.
    public static func itemCode(_ itemId: ID<ChargeItem>, partialId: ID<PartialBill>, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("code").from("charge_items").where("id", .equal, SQLBind(itemId))
            .where("partial_id", .equal, SQLBind(partialId)).first()?.decode(column: "code", as: String.self)
    }

    public static func activeSector(code: String, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column("id").from("sectors").where("code", .equal, SQLBind(code))
            .where("active", .equal, SQLBind(true)).first()?.decode(column: "id", as: Int.self)
    }

    /// The origin sector of the encounter the account belongs to.
    public static func originSector(accountId: Int, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.select().column(SQLColumn("origin_sector_id", table: "encounters"), as: "sector_id").from("accounts")
            .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
            .where(SQLColumn("id", table: "accounts"), .equal, SQLBind(accountId)).first()?
            .decode(column: "sector_id", as: Int?.self)
    }

    public static func insert(_ nc: NonConformity, itemCode: String?, registeredOn: CalendarDay, at now: String, by username: String,
                              on sql: any SQLDatabase) async throws -> Int {
        try await InsertedId.of(sql.insert(into: "nonconformities")
            .columns("partial_id", "item_id", "item_code", "type_id", "sector_id", "note", "status", "registered_on", "found_on", "due_on",
                     "registered_at", "registered_by", "version", "updated_at")
            .values(SQLBind(nc.partialId), SQLBind.optional(nc.itemId), SQLBind.optional(itemCode), SQLBind(nc.typeId), SQLBind(nc.sectorId),
                    SQLBind(nc.note), SQLBind(NonConformityStatus.open.rawValue), SQLBind(registeredOn.iso), SQLBind(nc.foundOn.iso), SQLBind(nc.dueOn.iso),
                    SQLBind(now), SQLBind(username), SQLBind(1), SQLBind(now)), table: "nonconformities")
    }

    /// Writes one decided step: the new status and the step's own columns, only if the row is still
    /// at the version read (false: someone else moved it first). `newDue` is the send-back's deadline.
    public static func record(_ action: NonConformityAction, on row: Row, to next: NonConformityStatus, note: String?, today: CalendarDay,
                              newDue: CalendarDay?, at now: String, by username: String, on sql: any SQLDatabase) async throws -> Bool {
        var update = sql.update("nonconformities").set("status", to: SQLBind(next.rawValue)).set("version", to: SQLBind(row.version + 1))
            .set("updated_at", to: SQLBind(now))
        switch action {
        case .correct:
            update = update.set("corrected_on", to: SQLBind(today.iso)).set("corrected_at", to: SQLBind(now))
                .set("corrected_by", to: SQLBind(username)).set("correction_note", to: SQLBind.optional(note))
        case .accept, .cancel:
            update = update.set("checked_at", to: SQLBind(now)).set("checked_by", to: SQLBind(username)).set("check_note", to: SQLBind.optional(note))
        case .sendBack:
            // Back to the sector with a new deadline, and into the next return document.
            update = update.set("found_on", to: SQLBind(today.iso)).set("due_on", to: SQLBind.optional(newDue?.iso))
                .set("check_note", to: SQLBind.optional(note)).set("checked_at", to: SQLBind(now)).set("checked_by", to: SQLBind(username))
                .set("times_sent_back", to: SQLBind(row.timesSentBack + 1)).set("return_id", to: SQLLiteral.null)
        }
        return try await update.where("id", .equal, SQLBind(row.id)).where("version", .equal, SQLBind(row.version)).returning("id").first() != nil
    }

    /// One dated step of the history (register, correct, accept, send_back, cancel).
    public static func event(_ id: Int, action: String, note: String?, at now: String, by username: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "nonconformity_events").columns("nonconformity_id", "at", "username", "action", "note")
            .values(SQLBind(id), SQLBind(now), SQLBind(username), SQLBind(action), SQLBind.optional(note)).run()
    }
}
