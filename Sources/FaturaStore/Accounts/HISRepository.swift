import SQLKit
import FaturaDomain

/// What HIS ingestion reads and writes: the registries a document names, patients, encounters,
/// accounts, partials and items by the HIS's ids. Rows in, rows out; whether a change is allowed,
/// and what counts as "the same as sent", is `HISIngestionService`'s (FaturaBilling) to decide.
public enum HISRepository {
    /// The fields of a patient or an encounter as they are stored, by column, for comparing and auditing.
    public typealias Fields = [String: String]

    /// The active companies, payers and the sectors, by the keys a document uses.
    public struct References: Sendable {
        public var companies: [String: Int] = [:]
        public var payersByANS: [String: Int] = [:]
        public var payersByName: [String: Int] = [:]
        public var sectors: [String: Int] = [:]

        /// By ANS registry when the HIS sent one, else by name (SUS, Particular), case ignored.
        public func payer(ans: String?, name: String?) -> Int? {
            if let ans { return payersByANS[ans] }
            return name.flatMap { payersByName[$0.lowercased()] }
        }
    }

    public static func references(on sql: any SQLDatabase) async throws -> References {
        var refs = References()
        for row in try await sql.select().column("id").column("cnpj").from("companies").where("active", .equal, SQLBind(true)).all() {
            refs.companies[try row.decode(column: "cnpj", as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        for row in try await sql.select().columns("id", "ans_registry", "name").from("payers").where("active", .equal, SQLBind(true)).all() {
            let id = try row.decode(column: "id", as: Int.self)
            if let ans = try row.decode(column: "ans_registry", as: String?.self) { refs.payersByANS[ans] = id }
            refs.payersByName[try row.decode(column: "name", as: String.self).lowercased()] = id
        }
        for row in try await sql.select().columns("id", "code").from("sectors").all() {
            refs.sectors[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        return refs
    }

    /// Whether a partial of the encounter (or, with `patientId`, of any encounter of the patient) is past draft.
    public static func hasPartialPastDraft(encounterId: Int? = nil, patientId: Int? = nil, on sql: any SQLDatabase) async throws -> Bool {
        var select = sql.select().column(SQLColumn("id", table: "partial_bills")).from("partial_bills")
            .join("accounts", on: SQLColumn("account_id", table: "partial_bills"), .equal, SQLColumn("id", table: "accounts"))
            .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
            .where(SQLColumn("status", table: "partial_bills"), .notEqual, SQLBind(PartialStatus.draft.rawValue))
        if let encounterId { select = select.where(SQLColumn("id", table: "encounters"), .equal, SQLBind(encounterId)) }
        if let patientId { select = select.where(SQLColumn("patient_id", table: "encounters"), .equal, SQLBind(patientId)) }
        return try await select.limit(1).first() != nil
    }

    // MARK: Patients and encounters: stored text and id columns by name

    public static let patientColumns = ["birth_date", "card_number", "card_valid_until", "cpf", "medical_record_number", "name"]
    public static let encounterTextColumns = ["type", "authorization_number", "authorization_password", "requesting_professional", "started_at"]
    public static let encounterIdColumns = ["company_id", "patient_id", "payer_id", "origin_sector_id"]

    public static func patient(externalId: String, on sql: any SQLDatabase) async throws -> (id: Int, fields: Fields)? {
        guard let row = try await sql.select().column("id").columns(patientColumns.map { SQLColumn($0) }).from("patients")
            .where("external_id", .equal, SQLBind(externalId)).first() else { return nil }
        var stored: Fields = [:]
        for column in patientColumns { stored[column] = try row.decode(column: column, as: String?.self) }
        return (try row.decode(column: "id", as: Int.self), stored)
    }

    public static func updatePatient(_ id: Int, to fields: Fields, at now: String, on sql: any SQLDatabase) async throws {
        var update = sql.update("patients").set("updated_at", to: SQLBind(now))
        for column in patientColumns { update = update.set(SQLColumn(column), to: SQLBind.optional(fields[column])) }
        try await update.where("id", .equal, SQLBind(id)).run()
    }

    public static func insertPatient(externalId: String, _ fields: Fields, at now: String, on sql: any SQLDatabase) async throws -> Int {
        let all: [(String, any SQLExpression)] = patientColumns.map { ($0, SQLBind.optional(fields[$0])) }
            + [("external_id", SQLBind(externalId)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        return try await InsertedId.of(sql.insert(into: "patients").columns(all.map(\.0)).values(all.map(\.1)), table: "patients")
    }

    public static func encounter(externalId: String, on sql: any SQLDatabase) async throws -> (id: Int, fields: Fields)? {
        guard let row = try await sql.select().column("id").columns((encounterTextColumns + encounterIdColumns).map { SQLColumn($0) })
            .from("encounters").where("external_id", .equal, SQLBind(externalId)).first() else { return nil }
        var stored: Fields = [:]
        for column in encounterTextColumns { stored[column] = try row.decode(column: column, as: String?.self) }
        for column in encounterIdColumns { stored[column] = try row.decode(column: column, as: Int?.self).map(String.init) }
        return (try row.decode(column: "id", as: Int.self), stored)
    }

    static func encounterValues(_ fields: Fields) -> [(String, any SQLExpression)] {
        encounterTextColumns.map { ($0, SQLBind.optional(fields[$0])) } + encounterIdColumns.map { ($0, SQLBind.optional(fields[$0].flatMap { Int($0) })) }
    }

    /// Updates the encounter; when its sector changed, the worklist's copy on its partials (migration 6) follows.
    public static func updateEncounter(_ id: Int, to fields: Fields, sectorChanged: Bool, at now: String, on sql: any SQLDatabase) async throws {
        var update = sql.update("encounters").set("updated_at", to: SQLBind(now))
        for (column, value) in encounterValues(fields) { update = update.set(SQLColumn(column), to: value) }
        try await update.where("id", .equal, SQLBind(id)).run()
        if sectorChanged {
            try await sql.update("partial_bills").set("origin_sector_id", to: SQLBind.optional(fields["origin_sector_id"].flatMap { Int($0) }))
                .where("account_id", .in, SQLGroupExpression(sql.select().column("id").from("accounts").where("encounter_id", .equal, SQLBind(id)).select)).run()
        }
    }

    public static func insertEncounter(externalId: String, _ fields: Fields, at now: String, on sql: any SQLDatabase) async throws -> Int {
        let columns = encounterValues(fields) + [("external_id", SQLBind(externalId)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        return try await InsertedId.of(sql.insert(into: "encounters").columns(columns.map(\.0)).values(columns.map(\.1)), table: "encounters")
    }

    /// The account of the HIS's id, created under the encounter when new.
    public static func account(externalId: String, encounterId: Int, at now: String, on sql: any SQLDatabase) async throws -> Int {
        if let id = try await sql.select().column("id").from("accounts").where("external_id", .equal, SQLBind(externalId)).first()
            .map({ try $0.decode(column: "id", as: Int.self) }) {
            return id
        }
        return try await InsertedId.of(sql.insert(into: "accounts").columns("external_id", "encounter_id", "created_at")
            .values(SQLBind(externalId), SQLBind(encounterId), SQLBind(now)), table: "accounts")
    }

    // MARK: Partials

    public static func partial(externalId: String, on sql: any SQLDatabase) async throws -> PartialBill? {
        try await sql.select().column("*").from("partial_bills").where("external_id", .equal, SQLBind(externalId)).first().map(PartialRow.partial)
    }

    /// A new period for the partial; its version moves (what closing read is no longer current).
    public static func setPeriod(of partial: PartialBill, start: CalendarDay, end: CalendarDay, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("partial_bills").set("period_start", to: SQLBind(start.iso)).set("period_end", to: SQLBind(end.iso))
            .set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(try partial.storedId())).run()
    }

    /// Inserts a new draft partial and returns it with its id.
    public static func insertPartial(_ partial: PartialBill, sectorId: Int?, at now: String, on sql: any SQLDatabase) async throws -> PartialBill {
        var created = partial
        created.id = ID(try await InsertedId.of(sql.insert(into: "partial_bills")
            .columns("external_id", "account_id", "company_id", "payer_id", "origin_sector_id", "period_start", "period_end", "status", "version",
                     "created_at", "updated_at")
            .values(SQLBind(partial.externalId), SQLBind(partial.accountId), SQLBind(partial.companyId), SQLBind(partial.payerId),
                    SQLBind.optional(sectorId), SQLBind(partial.periodStart.iso), SQLBind(partial.periodEnd.iso), SQLBind(partial.status.rawValue),
                    SQLBind(partial.version), SQLBind(now), SQLBind(now)), table: "partial_bills"))
        return created
    }
}

/// The id an INSERT … RETURNING id gave back; none is `noIdReturned`, never a 0 that would point at nothing.
public enum InsertedId {
    public static func of(_ insert: SQLInsertBuilder, table: String) async throws -> Int {
        guard let row = try await insert.returning("id").first() else { throw FaturaError.noIdReturned(table: table) }
        return try row.decode(column: "id", as: Int.self)
    }
}
