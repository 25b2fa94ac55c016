import SQLKit
import FaturaDomain

/// Value tables (R$ of portes, UCO, CH, film m²) by series and validity.
public struct ValueTableStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    private struct Row: Decodable {
        var id: Int
        var series: String
        var validFrom: String
        var validTo: String?
        var ucoValue: Int64?
        var chValue: Int64?
        var filmValue: Int64?
    }

    private struct PorteRow: Decodable {
        var valueTableId: Int
        var porte: String
        var valueCents: Int64
    }

    /// Saves a new table of a series; a table of the same series and start day is replaced.
    public func save(_ input: ValueTable, by actor: AuditActor) async throws -> ValueTable {
        var table = input
        table.series = table.series.trimmingSpaces()
        var errors: [FieldError] = []
        if table.series.isEmpty { errors.append(FieldError("series", "Informe a série (ex.: CBHPM 2022).")) }
        if let to = table.validTo, to < table.validFrom { errors.append(FieldError("validTo", "O fim da vigência é anterior ao início.")) }
        if table.porteValues.isEmpty && table.ucoValue == nil && table.chValue == nil && table.filmValue == nil {
            errors.append(FieldError("arquivo", "A tabela não tem nenhum valor."))
        }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        let candidate = table
        return try await database.transaction { sql in
            let existing = try await sql.select().column("id").from("value_tables")
                .where("series", .equal, SQLBind(candidate.series)).where("valid_from", .equal, SQLBind(candidate.validFrom.iso)).first()
            if let id = try existing?.decode(column: "id", as: Int.self) {
                try await sql.delete(from: "value_table_portes").where("value_table_id", .equal, SQLBind(id)).run()
                try await sql.delete(from: "value_tables").where("id", .equal, SQLBind(id)).run()
            }
            let row = try await sql.insert(into: "value_tables")
                .columns("series", "valid_from", "valid_to", "uco_value", "ch_value", "film_value", "created_at")
                .values(SQLBind(candidate.series), SQLBind(candidate.validFrom.iso), SQLBind.optional(candidate.validTo?.iso),
                        SQLBind.optional(candidate.ucoValue?.tenThousandths), SQLBind.optional(candidate.chValue?.tenThousandths),
                        SQLBind.optional(candidate.filmValue?.tenThousandths), SQLBind(Timestamp.now()))
                .returning("id").first()
            var saved = candidate
            saved.id = try row?.decode(column: "id", as: Int.self)
            if !candidate.porteValues.isEmpty, let id = saved.id {
                var insert = sql.insert(into: "value_table_portes").columns("value_table_id", "porte", "value_cents")
                for (porte, value) in candidate.porteValues.sorted(by: { $0.key < $1.key }) {
                    insert = insert.values(SQLBind(id), SQLBind(porte.description), SQLBind(value.cents))
                }
                try await insert.run()
            }
            try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "value_table", entityId: saved.id.map(String.init),
                                      detail: "série \(candidate.series) a partir de \(BrazilianFormat.date(candidate.validFrom))")
            return saved
        }
    }

    /// Every table of the given series (all series when nil), oldest first, with their porte values.
    public func list(series: [String]? = nil) async throws -> [ValueTable] {
        try await database.read { try await Self.load(series: series, on: $0) }
    }

    static func load(series: [String]?, on sql: any SQLDatabase) async throws -> [ValueTable] {
        var select = sql.select().column("*").from("value_tables")
        if let series {
            if series.isEmpty { return [] }
            select = select.where("series", .in, SQLBind.group(series))
        }
        let rows = try await select.orderBy("series").orderBy("valid_from")
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        guard !rows.isEmpty else { return [] }
        let portes = try await sql.select().column("*").from("value_table_portes")
            .where("value_table_id", .in, SQLBind.group(rows.map(\.id)))
            .all(decoding: PorteRow.self, keyDecodingStrategy: .snakeCase)
        let byTable = Dictionary(grouping: portes, by: \.valueTableId)
        return try rows.map { row in
            ValueTable(
                id: row.id, series: row.series, validFrom: try StoredRow.day(row.validFrom, table: "value_tables", column: "valid_from"),
                validTo: try StoredRow.day(row.validTo, table: "value_tables", column: "valid_to"),
                porteValues: Dictionary((byTable[row.id] ?? []).compactMap { p in Porte(p.porte).map { ($0, Money(cents: p.valueCents)) } },
                                        uniquingKeysWith: { $1 }),
                ucoValue: row.ucoValue.map(Rate.init(tenThousandths:)), chValue: row.chValue.map(Rate.init(tenThousandths:)),
                filmValue: row.filmValue.map(Rate.init(tenThousandths:)))
        }
    }

    public func seriesNames() async throws -> [String] {
        try await database.read { sql in
            try await sql.select().distinct().column("series").from("value_tables").orderBy("series").all()
                .map { try $0.decode(column: "series", as: String.self) }
        }
    }
}
