import Foundation
import SQLKit
import FaturaDomain

/// Imports a CSV into a price table or a value table: every row is checked first and every bad row
/// reported by line number; only a clean file is saved, in one transaction, in batches.
public struct TableImporter: Sendable {
    let database: Database
    /// Rows per INSERT: far below both databases' limits on bound values.
    static let batchSize = 400
    /// A file with more bad rows than this reports the first ones only.
    static let maxReportedErrors = 200

    public init(database: Database) { self.database = database }

    public struct Summary: Sendable, Equatable {
        public var rows: Int
        /// How the file was read; Windows-1252 is told to the person (`TextEncoding.notice`).
        public var encoding: TextEncoding = .utf8
    }

    /// Reads the header and checks every row; throws `.validation` with one error per bad line.
    func check<Row>(_ source: some LineSource, format: TableRowParser.Format,
                    parse: (TableRowParser, [String]) -> Result<Row, RowProblems>, key: (Row) -> String?) async throws -> (rows: Int, encoding: TextEncoding) {
        var parser: TableRowParser?
        var delimiter: Character = ";"
        var errors: [FieldError] = []
        var seen = Set<String>()
        var rows = 0
        let encoding = try await source.forEachLine { number, line in
            if number == 1 {
                delimiter = CSVLine.delimiter(ofHeader: String(line))
                parser = try TableRowParser(format: format, header: CSVLine.fields(line, delimiter: delimiter))
                return
            }
            guard let parser else { return }
            rows += 1
            switch parse(parser, CSVLine.fields(line, delimiter: delimiter)) {
            case .success(let row):
                if let key = key(row), !seen.insert(key).inserted {
                    errors.append(FieldError("linha \(number)", "repetida no arquivo (\(key))."))
                }
            case .failure(let problems):
                errors.append(FieldError("linha \(number)", problems.text + "."))
            }
        }
        if parser == nil { throw FaturaError.validation([FieldError("arquivo", "Arquivo vazio: falta a linha de cabeçalho.")]) }
        if rows == 0 { throw FaturaError.validation([FieldError("arquivo", "O arquivo não tem linhas de dados.")]) }
        if !errors.isEmpty {
            var reported = Array(errors.prefix(Self.maxReportedErrors))
            if errors.count > reported.count {
                reported.append(FieldError("arquivo", "… e mais \(errors.count - reported.count) linha(s) com erro."))
            }
            throw FaturaError.validation(reported)
        }
        return (rows, encoding)
    }

    /// Streams the valid rows of the (already checked) file to `flush`, a batch at a time, so memory
    /// stays flat whatever the file's size.
    func stream<Row>(_ source: some LineSource, format: TableRowParser.Format,
                     parse: (TableRowParser, [String]) -> Result<Row, RowProblems>, flush: ([Row]) async throws -> Void) async throws {
        var parser: TableRowParser?
        var delimiter: Character = ";"
        var batch: [Row] = []
        batch.reserveCapacity(Self.batchSize)
        try await source.forEachLine { number, line in
            if number == 1 {
                delimiter = CSVLine.delimiter(ofHeader: String(line))
                parser = try TableRowParser(format: format, header: CSVLine.fields(line, delimiter: delimiter))
                return
            }
            guard let parser, case .success(let row) = parse(parser, CSVLine.fields(line, delimiter: delimiter)) else { return }
            batch.append(row)
            if batch.count == Self.batchSize {
                try await flush(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await flush(batch) }
    }

    /// Replaces the procedures of an AMB or CBHPM edition with the file's.
    public func importProcedures(into table: PriceTable, from source: some LineSource, by actor: AuditActor) async throws -> Summary {
        guard let tableId = table.id, table.isProcedureTable else {
            throw FaturaError.validation([FieldError("tabela", "Esta tabela não é de procedimentos (AMB ou CBHPM).")])
        }
        let format: TableRowParser.Format = table.kind == .cbhpm ? .cbhpm : .amb
        let (rows, encoding) = try await check(source, format: format, parse: { $0.procedure($1) }, key: { $0.code })
        try await database.transaction { sql in
            try await sql.delete(from: "procedure_entries").where("table_id", .equal, SQLBind(tableId)).run()
            try await stream(source, format: format, parse: { $0.procedure($1) }) { batch in
                var insert = sql.insert(into: "procedure_entries")
                    .columns("table_id", "code", "description", "porte", "uco", "film", "ch", "auxiliaries", "anaesthetic_porte")
                for e in batch {
                    insert = insert.values(SQLBind(tableId), SQLBind(e.code), SQLBind(e.description), SQLBind.optional(e.porte?.description),
                                           SQLBind(e.uco.tenThousandths), SQLBind(e.film.tenThousandths), SQLBind(e.ch.tenThousandths),
                                           SQLBind(e.auxiliaries), SQLBind(e.anaestheticPorte))
                }
                try await insert.run()
            }
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: PriceTable.auditEntity, entityId: String(tableId),
                                      detail: "importação: \(rows) procedimento(s); a tabela foi substituída pelo arquivo")
        }
        return Summary(rows: rows, encoding: encoding)
    }

    /// Adds (or replaces, for the same code and start of validity) values of an own, drug or material table.
    public func importValues(into table: PriceTable, from source: some LineSource, by actor: AuditActor) async throws -> Summary {
        guard let tableId = table.id, !table.isProcedureTable else {
            throw FaturaError.validation([FieldError("tabela", "Esta tabela não é de valores (própria, medicamentos ou materiais).")])
        }
        // SIGTAP comes in its own layout (the competence's values per code); the others as codigo;descricao;valor.
        let format: TableRowParser.Format = table.kind == .sigtap ? .sigtap : .values
        let parse: @Sendable (TableRowParser, [String]) -> Result<PricedEntry, RowProblems> = { parser, fields in
            format == .sigtap ? parser.sigtapEntry(fields) : parser.pricedEntry(fields)
        }
        let (rows, encoding) = try await check(source, format: format, parse: parse, key: { "\($0.code) \($0.validFrom.iso)" })
        try await database.transaction { sql in
            try await stream(source, format: format, parse: parse) { batch in
                var insert = sql.insert(into: "priced_entries").columns("table_id", "code", "description", "value_cents", "valid_from", "valid_to")
                for e in batch {
                    insert = insert.values(SQLBind(tableId), SQLBind(e.code), SQLBind(e.description), SQLBind(e.value.cents),
                                           SQLBind(e.validFrom.iso), SQLBind.optional(e.validTo?.iso))
                }
                try await insert.onConflict(with: ["table_id", "code", "valid_from"]) {
                    $0.set(excludedValueOf: "description").set(excludedValueOf: "value_cents").set(excludedValueOf: "valid_to")
                }.run()
            }
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: PriceTable.auditEntity, entityId: String(tableId),
                                      detail: "importação: \(rows) valor(es)")
        }
        return Summary(rows: rows, encoding: encoding)
    }

    /// Reads a value table file (item;valor) into a `ValueTable`, checking every row.
    public static func readValueTable(series: String, validFrom: CalendarDay, validTo: CalendarDay?, from source: some LineSource) async throws -> ValueTable {
        var table = ValueTable(series: series, validFrom: validFrom, validTo: validTo)
        var parser: TableRowParser?
        var delimiter: Character = ";"
        var errors: [FieldError] = []
        try await source.forEachLine { number, line in
            if number == 1 {
                delimiter = CSVLine.delimiter(ofHeader: String(line))
                parser = try TableRowParser(format: .valueTable, header: CSVLine.fields(line, delimiter: delimiter))
                return
            }
            guard let parser else { return }
            switch parser.valueRow(CSVLine.fields(line, delimiter: delimiter)) {
            case .success(.porte(let porte, let value)): table.porteValues[porte] = value
            case .success(.uco(let rate)): table.ucoValue = rate
            case .success(.ch(let rate)): table.chValue = rate
            case .success(.film(let rate)): table.filmValue = rate
            case .failure(let problems): errors.append(FieldError("linha \(number)", problems.text + "."))
            }
        }
        if parser == nil { errors.append(FieldError("arquivo", "Arquivo vazio: falta a linha de cabeçalho.")) }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        return table
    }
}
