import SQLKit
import FaturaDomain

/// Billing codings: exam groups, their band, their default percentages per table, their code ranges.
public struct ExamGroupStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Row: Decodable {
        var id: Int
        var code: String
        var name: String
        var band: Int
        var ambSecondBp: Int
        var ambThirdBp: Int
        var cbhpmSecondBp: Int
        var cbhpmThirdBp: Int
        var active: Bool
    }

    struct RangeRow: Decodable {
        var groupId: Int
        var codeFrom: String
        var codeTo: String
    }

    public func list(includeInactive: Bool = false) async throws -> [ExamGroup] {
        try await database.read { try await Self.load(on: $0, includeInactive: includeInactive) }
    }

    static func load(on sql: any SQLDatabase, includeInactive: Bool = false) async throws -> [ExamGroup] {
        var select = sql.select().column("*").from("exam_groups")
        if !includeInactive { select = select.where("active", .equal, SQLBind(true)) }
        let rows = try await select.orderBy("band").orderBy("name").all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        let ranges = try await sql.select().column("*").from("exam_group_codes").orderBy("id")
            .all(decoding: RangeRow.self, keyDecodingStrategy: .snakeCase)
        let byGroup = Dictionary(grouping: ranges, by: \.groupId)
        return rows.map { r in
            ExamGroup(id: r.id, code: r.code, name: r.name, band: r.band, ambSecond: Percentage(basisPoints: r.ambSecondBp),
                      ambThird: Percentage(basisPoints: r.ambThirdBp), cbhpmSecond: Percentage(basisPoints: r.cbhpmSecondBp),
                      cbhpmThird: Percentage(basisPoints: r.cbhpmThirdBp),
                      codeRanges: (byGroup[r.id] ?? []).map { CodeRange(from: $0.codeFrom, to: $0.codeTo) }, active: r.active)
        }
    }

    public func get(_ id: Int) async throws -> ExamGroup {
        guard let group = try await list(includeInactive: true).first(where: { $0.id == id }) else {
            throw FaturaError.notFound(entity: "grupo de exames")
        }
        return group
    }

    static func validate(_ group: ExamGroup) -> [FieldError] {
        var errors = FieldErrors()
        if group.code.trimmingSpaces().isEmpty { errors.add("code", "Código é obrigatório.") }
        if group.name.trimmingSpaces().isEmpty { errors.add("name", "Nome é obrigatório.") }
        if !(1...99).contains(group.band) { errors.add("band", "Faixa deve estar entre 1 e 99.") }
        for (field, p) in [("ambSecond", group.ambSecond), ("ambThird", group.ambThird), ("cbhpmSecond", group.cbhpmSecond),
                           ("cbhpmThird", group.cbhpmThird)] where !(0...10_000).contains(p.basisPoints) {
            errors.add(field, "Percentual deve estar entre 0% e 100%.")
        }
        if group.codeRanges.isEmpty { errors.add("codeRanges", "Informe ao menos um código ou faixa de códigos.") }
        for range in group.codeRanges where range.from.count != range.to.count || range.from > range.to
            || !(range.from + range.to).allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.add("codeRanges", "Faixa inválida: \(range.from)–\(range.to) (códigos numéricos do mesmo tamanho, início ≤ fim).")
        }
        return errors.all
    }

    /// Creates (id nil) or replaces a group with its ranges.
    public func save(_ input: ExamGroup, by actor: AuditActor) async throws -> ExamGroup {
        var group = input
        group.code = group.code.trimmingSpaces().lowercased()
        group.name = group.name.trimmingSpaces()
        let errors = Self.validate(group)
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        let candidate = group
        let before: ExamGroup? = if let id = candidate.id { try await get(id) } else { nil }
        return try await database.transaction { sql in
            var duplicate = sql.select().column("id").from("exam_groups").where("code", .equal, SQLBind(candidate.code))
            if let id = candidate.id { duplicate = duplicate.where("id", .notEqual, SQLBind(id)) }
            if try await duplicate.first() != nil { throw FaturaError.validation([FieldError("code", "Já existe um grupo com este código.")]) }
            // A code in two active groups would count its exam twice in the rule: refused, naming the other group.
            if candidate.active {
                for range in candidate.codeRanges {
                    var overlap = sql.select().column(SQLColumn("name", table: "exam_groups"), as: "name")
                        .column(SQLColumn("code_from", table: "exam_group_codes"), as: "code_from").column(SQLColumn("code_to", table: "exam_group_codes"), as: "code_to")
                        .from("exam_group_codes").join("exam_groups", on: SQLColumn("group_id", table: "exam_group_codes"), .equal, SQLColumn("id", table: "exam_groups"))
                        .where(SQLColumn("active", table: "exam_groups"), .equal, SQLBind(true))
                        .where(SQLColumn("code_from", table: "exam_group_codes"), .lessThanOrEqual, SQLBind(range.to))
                        .where(SQLColumn("code_to", table: "exam_group_codes"), .greaterThanOrEqual, SQLBind(range.from))
                    if let id = candidate.id { overlap = overlap.where(SQLColumn("id", table: "exam_groups"), .notEqual, SQLBind(id)) }
                    if let other = try await overlap.first() {
                        let name = try other.decode(column: "name", as: String.self)
                        let from = try other.decode(column: "code_from", as: String.self), to = try other.decode(column: "code_to", as: String.self)
                        let theirs = from == to ? from : "\(from)-\(to)"
                        let mine = range.from == range.to ? range.from : "\(range.from)-\(range.to)"
                        throw FaturaError.validation([FieldError("codeRanges", "Os códigos \(mine) já estão no grupo “\(name)” (\(theirs)): um código pertence a um só grupo ativo.")])
                    }
                }
            }
            let now = Timestamp.now()
            let columns: [(String, any SQLExpression)] = [
                ("code", SQLBind(candidate.code)), ("name", SQLBind(candidate.name)), ("band", SQLBind(candidate.band)),
                ("amb_second_bp", SQLBind(candidate.ambSecond.basisPoints)), ("amb_third_bp", SQLBind(candidate.ambThird.basisPoints)),
                ("cbhpm_second_bp", SQLBind(candidate.cbhpmSecond.basisPoints)), ("cbhpm_third_bp", SQLBind(candidate.cbhpmThird.basisPoints)),
                ("active", SQLBind(candidate.active)), ("updated_at", SQLBind(now)),
            ]
            var saved = candidate
            if let id = candidate.id {
                var update = sql.update("exam_groups")
                for (column, value) in columns { update = update.set(SQLColumn(column), to: value) }
                try await update.where("id", .equal, SQLBind(id)).run()
                try await sql.delete(from: "exam_group_codes").where("group_id", .equal, SQLBind(id)).run()
            } else {
                let all = columns + [("created_at", SQLBind(now))]
                saved.id = try await InsertedId.of(sql.insert(into: "exam_groups").columns(all.map(\.0)).values(all.map(\.1)), table: "exam_groups")
            }
            var insert = sql.insert(into: "exam_group_codes").columns("group_id", "code_from", "code_to")
            let groupId = try saved.id.stored("exam_groups")
            for range in candidate.codeRanges { insert = insert.values(SQLBind(groupId), SQLBind(range.from), SQLBind(range.to)) }
            try await insert.run()
            try await AuditLog.record(on: sql, actor: actor, action: before == nil ? .create : .update, entity: "exam_group",
                                      entityId: saved.id.map(String.init), before: before, after: saved)
            return saved
        }
    }

    /// Seeds Tomografia, Ressonância and Ultrassonografia when there are no groups.
    public func seedDefaults() async throws {
        guard try await list(includeInactive: true).isEmpty else { return }
        for group in ExamGroup.defaults { _ = try await save(group, by: .system) }
    }
}
