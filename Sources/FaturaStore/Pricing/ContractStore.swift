import SQLKit
import FaturaDomain

/// Contracts with their incidence bands: create, edit, copy as a new version, list.
public struct ContractStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Row: Decodable {
        var id: Int
        var payerId: Int
        var companyId: Int
        var name: String
        var version: Int
        var previousId: Int?
        var validFrom: String
        var validTo: String?
        var procedureTable: String
        var procedureTableId: Int?
        var valueSeries: String?
        var porteAdjustmentBp: Int
        var ucoValue: Int64?
        var chValue: Int64?
        var filmValue: Int64?
        var urgencySurcharge: Bool
        var drugPercentageBp: Int
        var materialPercentageBp: Int
        var ownTableId: Int?
        var drugTableId: Int?
        var materialTableId: Int?
        var notes: String?
        var active: Bool

        func contract(bands: [ContractBand]) throws -> Contract {
            Contract(id: ID(id), payerId: payerId, companyId: companyId, name: name, version: version, previousId: previousId.map { ID<Contract>($0) },
                     validFrom: try StoredRow.day(validFrom, table: "contracts", column: "valid_from"),
                     validTo: try StoredRow.day(validTo, table: "contracts", column: "valid_to"),
                     procedureTable: try StoredRow.code(procedureTable, as: PriceTableKind.self, table: "contracts", column: "procedure_table"),
                     procedureTableId: procedureTableId,
                     valueSeries: valueSeries, porteAdjustment: Percentage(basisPoints: porteAdjustmentBp),
                     ucoValue: ucoValue.map(Rate.init(tenThousandths:)), chValue: chValue.map(Rate.init(tenThousandths:)),
                     filmValue: filmValue.map(Rate.init(tenThousandths:)), urgencySurcharge: urgencySurcharge,
                     drugPercentage: Percentage(basisPoints: drugPercentageBp), materialPercentage: Percentage(basisPoints: materialPercentageBp),
                     ownTableId: ownTableId, drugTableId: drugTableId, materialTableId: materialTableId, bands: bands, notes: notes, active: active)
        }
    }

    struct BandRow: Decodable {
        var contractId: Int
        var band: Int
        var secondBp: Int
        var thirdBp: Int?
    }

    static func columns(_ c: Contract) -> [(String, any SQLExpression)] {
        [
            ("payer_id", SQLBind(c.payerId)), ("company_id", SQLBind(c.companyId)), ("name", SQLBind(c.name)),
            ("version", SQLBind(c.version)), ("previous_id", SQLBind.optional(c.previousId)),
            ("valid_from", SQLBind(c.validFrom.iso)), ("valid_to", SQLBind.optional(c.validTo?.iso)),
            ("procedure_table", SQLBind(c.procedureTable.rawValue)), ("procedure_table_id", SQLBind.optional(c.procedureTableId)),
            ("value_series", SQLBind.optional(c.valueSeries)), ("porte_adjustment_bp", SQLBind(c.porteAdjustment.basisPoints)),
            ("uco_value", SQLBind.optional(c.ucoValue?.tenThousandths)), ("ch_value", SQLBind.optional(c.chValue?.tenThousandths)),
            ("film_value", SQLBind.optional(c.filmValue?.tenThousandths)), ("urgency_surcharge", SQLBind(c.urgencySurcharge)),
            ("drug_percentage_bp", SQLBind(c.drugPercentage.basisPoints)),
            ("material_percentage_bp", SQLBind(c.materialPercentage.basisPoints)),
            ("own_table_id", SQLBind.optional(c.ownTableId)), ("drug_table_id", SQLBind.optional(c.drugTableId)),
            ("material_table_id", SQLBind.optional(c.materialTableId)), ("notes", SQLBind.optional(c.notes)),
        ]
    }

    static func load(on sql: any SQLDatabase, _ configure: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Contract] {
        let rows = try await configure(sql.select().column("*").from("contracts"))
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        guard !rows.isEmpty else { return [] }
        let bands = try await sql.select().column("*").from("contract_bands")
            .where("contract_id", .in, SQLBind.group(rows.map(\.id))).orderBy("band")
            .all(decoding: BandRow.self, keyDecodingStrategy: .snakeCase)
        let byContract = Dictionary(grouping: bands, by: \.contractId)
        return try rows.map { row in
            try row.contract(bands: (byContract[row.id] ?? []).map {
                ContractBand(band: $0.band, second: Percentage(basisPoints: $0.secondBp), third: $0.thirdBp.map(Percentage.init(basisPoints:)))
            })
        }
    }

    public func get(_ id: ID<Contract>) async throws -> Contract {
        guard let contract = try await database.read({ sql in try await Self.load(on: sql) { $0.where("id", .equal, SQLBind(id)) }.first }) else {
            throw FaturaError.notFound(entity: "contrato")
        }
        return contract
    }

    /// Contracts, newest first; filtered by payer and/or company.
    public func list(payerId: Int? = nil, companyId: Int? = nil) async throws -> [Contract] {
        try await database.read { sql in
            try await Self.load(on: sql) { select in
                var select = select
                if let payerId { select = select.where("payer_id", .equal, SQLBind(payerId)) }
                if let companyId { select = select.where("company_id", .equal, SQLBind(companyId)) }
                return select.orderBy("payer_id").orderBy("valid_from", .descending).orderBy("version", .descending)
            }
        }
    }

    /// Every contract of the given payers (all versions): what pricing loads.
    static func forPayers(_ payerIds: [Int], on sql: any SQLDatabase) async throws -> [Contract] {
        guard !payerIds.isEmpty else { return [] }
        return try await load(on: sql) { $0.where("payer_id", .in, SQLBind.group(payerIds)).where("active", .equal, SQLBind(true)) }
    }

    public func create(_ input: Contract, by actor: AuditActor) async throws -> Contract {
        try await database.transaction { sql in try await Self.insert(input, by: actor, detail: nil, on: sql) }
    }

    /// Edits a contract. Items already priced keep their values until they are re-priced on demand.
    public func update(_ id: ID<Contract>, with input: Contract, by actor: AuditActor) async throws -> Contract {
        var contract = input
        contract.normalize()
        contract.id = id
        let candidate = contract
        return try await database.transaction { sql in
            guard let before = try await Self.load(on: sql, { $0.where("id", .equal, SQLBind(id)) }).first else {
                throw FaturaError.notFound(entity: "contrato")
            }
            var after = candidate
            after.version = before.version
            after.previousId = before.previousId
            after.active = before.active
            try await Self.requireValid(after, on: sql)
            if after == before { return before }
            var update = sql.update("contracts")
            for (column, value) in Self.columns(after) { update = update.set(SQLColumn(column), to: value) }
            try await update.set("updated_at", to: SQLBind(Timestamp.now())).where("id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "contract_bands").where("contract_id", .equal, SQLBind(id)).run()
            try await Self.saveBands(after, on: sql)
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "contract", entityId: id.description, before: before, after: after)
            return after
        }
    }

    /// A new version starting on `validFrom`: a copy of `id` with the version number increased; the
    /// old version ends the day before, so each day has exactly one contract.
    public func copyAsNewVersion(_ id: ID<Contract>, validFrom: CalendarDay, by actor: AuditActor) async throws -> Contract {
        try await database.transaction { sql in try await Self.newVersion(of: id, validFrom: validFrom, terms: nil, by: actor, on: sql) }
    }

    /// The new version of `id` from `validFrom`, in the caller's transaction: the old one's terms
    /// (a copy) or `terms` (an approved proposal's); the old version ends the day before.
    public static func newVersion(of id: ID<Contract>, validFrom: CalendarDay, terms: Contract?, by actor: AuditActor,
                                  on sql: any SQLDatabase) async throws -> Contract {
        guard let old = try await Self.load(on: sql, { $0.where("id", .equal, SQLBind(id)) }).first else {
            throw FaturaError.notFound(entity: "contrato")
        }
        guard validFrom > old.validFrom else {
            throw FaturaError.validation([FieldError("validFrom", "A nova versão deve começar depois de \(BrazilianFormat.date(old.validFrom)).")])
        }
        let later = try await Self.load(on: sql) {
            $0.where("payer_id", .equal, SQLBind(old.payerId)).where("company_id", .equal, SQLBind(old.companyId))
                .where("valid_from", .greaterThan, SQLBind(old.validFrom.iso)).where("active", .equal, SQLBind(true))
        }
        if !later.isEmpty {
            throw FaturaError.validation([FieldError("validFrom", "Já existe uma versão posterior deste contrato; copie a mais recente.")])
        }
        var ended = old
        ended.validTo = validFrom.adding(days: -1)
        try await sql.update("contracts").set("valid_to", to: SQLBind(validFrom.adding(days: -1).iso))
            .set("updated_at", to: SQLBind(Timestamp.now())).where("id", .equal, SQLBind(id)).run()
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "contract", entityId: id.description, before: old, after: ended)
        var copy = terms ?? old
        copy.payerId = old.payerId
        copy.companyId = old.companyId
        copy.version = old.version + 1
        copy.previousId = id
        copy.validFrom = validFrom
        copy.validTo = terms == nil ? old.validTo.flatMap { $0 >= validFrom ? $0 : nil } : terms?.validTo
        return try await insert(copy, by: actor, detail: "nova versão \(copy.version) do contrato \(id)", on: sql)
    }

    /// A new contract, in the caller's transaction (the form's, or an approved proposal with no base).
    public static func insert(_ input: Contract, by actor: AuditActor, detail: String?, on sql: any SQLDatabase) async throws -> Contract {
        var contract = input
        contract.normalize()
        contract.id = nil
        contract.active = true
        try await Self.requireValid(contract, on: sql)
        let now = Timestamp.now()
        let columns = Self.columns(contract) + [("active", SQLBind(true)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        contract.id = ID(try await InsertedId.of(sql.insert(into: "contracts").columns(columns.map(\.0)).values(columns.map(\.1)), table: "contracts"))
        try await Self.saveBands(contract, on: sql)
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "contract", entityId: contract.id.map(String.init), after: contract, detail: detail)
        return contract
    }

    /// The contract `id`, read in the caller's transaction.
    public static func find(_ id: ID<Contract>, on sql: any SQLDatabase) async throws -> Contract? {
        try await Self.load(on: sql) { $0.where("id", .equal, SQLBind(id)) }.first
    }

    static func saveBands(_ contract: Contract, on sql: any SQLDatabase) async throws {
        guard let id = contract.id, !contract.bands.isEmpty else { return }
        var insert = sql.insert(into: "contract_bands").columns("contract_id", "band", "second_bp", "third_bp")
        for band in contract.bands {
            insert = insert.values(SQLBind(id), SQLBind(band.band), SQLBind(band.second.basisPoints), SQLBind.optional(band.third?.basisPoints))
        }
        try await insert.run()
    }

    static func requireValid(_ contract: Contract, on sql: any SQLDatabase) async throws {
        var errors = contract.validate()
        if try await sql.select().column("id").from("payers").where("id", .equal, SQLBind(contract.payerId)).first() == nil {
            errors.append(FieldError("payerId", "Convênio não encontrado."))
        }
        if try await sql.select().column("id").from("companies").where("id", .equal, SQLBind(contract.companyId)).first() == nil {
            errors.append(FieldError("companyId", "Coligada não encontrada."))
        }
        if let tableId = contract.procedureTableId {
            let kind = try await sql.select().column("kind").from("price_tables").where("id", .equal, SQLBind(tableId)).first()
                .map { try $0.decode(column: "kind", as: String.self) }
            if kind != contract.procedureTable.rawValue {
                errors.append(FieldError("procedureTableId", "A tabela escolhida não é uma edição \(contract.procedureTable.label)."))
            }
        }
        for (field, tableId, kind) in [("ownTableId", contract.ownTableId, PriceTableKind.own), ("drugTableId", contract.drugTableId, .drug),
                                       ("materialTableId", contract.materialTableId, .material)] {
            guard let tableId else { continue }
            let found = try await sql.select().column("kind").from("price_tables").where("id", .equal, SQLBind(tableId)).first()
                .map { try $0.decode(column: "kind", as: String.self) }
            if found != kind.rawValue { errors.append(FieldError(field, "A tabela escolhida não é do tipo \(kind.label).")) }
        }
        let siblings = try await load(on: sql) {
            $0.where("payer_id", .equal, SQLBind(contract.payerId)).where("company_id", .equal, SQLBind(contract.companyId))
                .where("active", .equal, SQLBind(true))
        }
        if let clash = siblings.first(where: { $0.id != contract.id && $0.overlaps(contract) }) {
            errors.append(FieldError("validFrom", "A vigência se sobrepõe à do contrato \"\(clash.name)\" (versão \(clash.version)), de \(BrazilianFormat.date(clash.validFrom))\(clash.validTo.map { " a " + BrazilianFormat.date($0) } ?? " sem fim")."))
        }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
    }
}
