/// Reads the rows of the price-table CSV files (header names in the README). Each parser checks
/// one row and says every problem it finds; the importer collects them by line.
public struct TableRowParser: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        /// codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico
        case cbhpm
        /// codigo;descricao;ch;filme
        case amb
        /// codigo;descricao;valor;inicio_vigencia;fim_vigencia
        case values
        /// item;valor — item is a porte (1A..14C), UCO, CH or FILME
        case valueTable = "value-table"
        /// codigo;descricao;valor_sh;valor_sa;valor_sp;competencia — SIGTAP as a hospital exports it
        /// (the official file's CO_PROCEDIMENTO, NO_PROCEDIMENTO, VL_SH, VL_SA, VL_SP, DT_COMPETENCIA also read).
        case sigtap

        public var requiredColumns: [String] {
            switch self {
            case .cbhpm: ["codigo", "descricao", "porte"]
            case .amb: ["codigo", "descricao", "ch"]
            case .values: ["codigo", "descricao", "valor", "inicio_vigencia"]
            case .valueTable: ["item", "valor"]
            case .sigtap: ["codigo", "descricao", "competencia"]
            }
        }
    }

    public let format: Format
    public let columns: [String: Int]

    /// Checks the header; the error names the missing columns.
    public init(format: Format, header: [String]) throws(FaturaError) {
        var columns: [String: Int] = [:]
        for (index, cell) in header.enumerated() {
            var key = CSVLine.key(cell)
            if key == "custo_operacional" || key == "custo" { key = "uco" }
            if key == "codigo_tuss" || key == "co_procedimento" { key = "codigo" }
            if key == "no_procedimento" { key = "descricao" }
            if key == "dt_competencia" { key = "competencia" }
            if ["vl_sh", "vl_sa", "vl_sp"].contains(key) { key = "valor_" + key.dropFirst(3) }
            if columns[key] == nil { columns[key] = index }
        }
        var missing = format.requiredColumns.filter { columns[$0] == nil }
        if format == .sigtap, ["valor_sh", "valor_sa", "valor_sp"].allSatisfy({ columns[$0] == nil }) { missing.append("valor_sh, valor_sa ou valor_sp") }
        if !missing.isEmpty {
            throw .validation([FieldError("linha 1", "Faltam as colunas: \(missing.joined(separator: ", ")).")])
        }
        self.format = format
        self.columns = columns
    }

    func cell(_ fields: [String], _ name: String) -> String {
        guard let index = columns[name], index < fields.count else { return "" }
        return fields[index].trimmingSpaces()
    }

    /// A description of a table row: at most 500 characters, no control or direction characters.
    static func checkText(_ text: String, name: String, problems: inout [String]) {
        if let problem = InputLimits.problem(in: text, max: InputLimits.Length.description) { problems.append("\(name): \(problem)") }
    }

    /// A code: TUSS/CBHPM codes are 8 digits, written with or without dots and dash (4.10.01.01-0).
    static func code(_ raw: String) -> String? {
        let digits = raw.filter { $0 != "." && $0 != "-" && $0 != " " }
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return digits
    }

    /// Every row's code and description, with their problems.
    func codeAndDescription(_ fields: [String], problems: inout [String]) -> (code: String?, description: String) {
        let code = Self.code(cell(fields, "codigo"))
        if code == nil { problems.append("código ausente ou inválido: '\(cell(fields, "codigo"))'") }
        let description = cell(fields, "descricao")
        if description.isEmpty { problems.append("descrição vazia") }
        Self.checkText(description, name: "descrição", problems: &problems)
        return (code, description)
    }

    /// Optional non-negative quantity; "–", "-" and "" read as zero (the CBHPM files' "none").
    static func quantity(_ raw: String, name: String, problems: inout [String]) -> Quantity {
        if raw.isEmpty || raw == "–" || raw == "-" { return .zero }
        guard let value = Quantity(parsing: raw), value >= .zero, value <= Quantity.lineLimit else {
            problems.append("\(name) inválido: '\(raw)'")
            return .zero
        }
        return value
    }

    static func day(_ raw: String) -> CalendarDay? { CalendarDay(typed: raw) }

    public func procedure(_ fields: [String]) -> Result<ProcedureEntry, RowProblems> {
        var problems: [String] = []
        let (code, description) = codeAndDescription(fields, problems: &problems)
        var entry = ProcedureEntry(code: code ?? "", description: description)
        entry.film = Self.quantity(cell(fields, "filme"), name: "filme", problems: &problems)
        switch format {
        case .cbhpm:
            let porteText = cell(fields, "porte")
            entry.porte = Porte(porteText)
            if entry.porte == nil { problems.append("porte inválido: '\(porteText)' (use 1A a 14C)") }
            entry.uco = Self.quantity(cell(fields, "uco"), name: "UCO", problems: &problems)
            entry.auxiliaries = Int(cell(fields, "auxiliares")) ?? 0
            entry.anaestheticPorte = Int(cell(fields, "porte_anestesico")) ?? 0
            if !(0...8).contains(entry.anaestheticPorte) { problems.append("porte anestésico deve estar entre 0 e 8") }
        case .amb:
            let chText = cell(fields, "ch")
            entry.ch = Self.quantity(chText, name: "CH", problems: &problems)
            if chText.isEmpty { problems.append("CH vazio") }
        default:
            problems.append("formato sem procedimentos")
        }
        return problems.isEmpty ? .success(entry) : .failure(RowProblems(problems))
    }

    public func pricedEntry(_ fields: [String]) -> Result<PricedEntry, RowProblems> {
        var problems: [String] = []
        let (code, description) = codeAndDescription(fields, problems: &problems)
        let valueText = cell(fields, "valor")
        let value = BrazilianFormat.parseMoney(valueText)
        if value.map({ !$0.isWithinLineLimit }) ?? true { problems.append("valor inválido: '\(valueText)' (de 0 a 99.999.999,99)") }
        let from = Self.day(cell(fields, "inicio_vigencia"))
        if from == nil { problems.append("início de vigência inválido: '\(cell(fields, "inicio_vigencia"))' (dd/mm/aaaa)") }
        let toText = cell(fields, "fim_vigencia")
        let to = toText.isEmpty ? nil : Self.day(toText)
        if !toText.isEmpty && to == nil { problems.append("fim de vigência inválido: '\(toText)'") }
        if let from, let to, to < from { problems.append("fim de vigência anterior ao início") }
        guard problems.isEmpty, let code, let value, let from else { return .failure(RowProblems(problems)) }
        return .success(PricedEntry(code: code, description: description, value: value, validFrom: from, validTo: to))
    }

    /// One SIGTAP row as the price of its code from the competence on: the ambulatory value (SA)
    /// when there is one, else the hospital and professional services' (SH + SP), as an AIH pays them.
    public func sigtapEntry(_ fields: [String]) -> Result<PricedEntry, RowProblems> {
        var problems: [String] = []
        let (code, description) = codeAndDescription(fields, problems: &problems)
        func money(_ column: String) -> Money {
            let text = cell(fields, column)
            if text.isEmpty { return .zero }
            guard let value = BrazilianFormat.parseMoney(text), value >= .zero, value.isWithinLineLimit else {
                problems.append("\(column) inválido: '\(text)'")
                return .zero
            }
            return value
        }
        let sh = money("valor_sh"), sa = money("valor_sa"), sp = money("valor_sp")
        let competence = Self.competence(cell(fields, "competencia"))
        if competence == nil { problems.append("competência inválida: '\(cell(fields, "competencia"))' (aaaamm ou mm/aaaa)") }
        guard problems.isEmpty, let code, let competence else { return .failure(RowProblems(problems)) }
        let value = sa > .zero ? sa : Money(cents: sh.cents + sp.cents)
        return .success(PricedEntry(code: code, description: description, value: value, validFrom: competence, validTo: nil))
    }

    /// The first day of a competence written `202611`, `11/2026` or `2026-11`.
    static func competence(_ raw: String) -> CalendarDay? {
        let digits = raw.filter(\.isNumber)
        guard digits.count == 6, let number = Int(digits) else { return nil }
        let (year, month) = raw.contains("/") ? (number % 10_000, number / 10_000) : (number / 100, number % 100)
        guard (1...12).contains(month), let day = CalendarDay(year: year, month: month, day: 1), InputLimits.isPlausible(day) else { return nil }
        return day
    }

    /// One row of a value table: a porte value, or the UCO/CH/film rate.
    public enum ValueRow: Hashable, Sendable {
        case porte(Porte, Money)
        case uco(Rate)
        case ch(Rate)
        case film(Rate)
    }

    public func valueRow(_ fields: [String]) -> Result<ValueRow, RowProblems> {
        let item = cell(fields, "item").uppercased()
        let valueText = cell(fields, "valor")
        guard let rate = Rate(parsing: valueText), rate >= .zero, rate <= Rate(Money.lineLimit) else {
            return .failure(RowProblems(["valor inválido: '\(valueText)' (de 0 a 99.999.999,99)"]))
        }
        switch item {
        case "UCO": return .success(.uco(rate))
        case "CH": return .success(.ch(rate))
        case "FILME", "FILME_M2", "FILME (M²)": return .success(.film(rate))
        default:
            guard let porte = Porte(item) else { return .failure(RowProblems(["item inválido: '\(item)' (use 1A a 14C, UCO, CH ou FILME)"])) }
            guard rate.tenThousandths % 100 == 0 else { return .failure(RowProblems(["valor do porte com mais de 2 casas decimais: '\(valueText)'"])) }
            return .success(.porte(porte, Money(cents: rate.tenThousandths / 100)))
        }
    }
}

/// The problems of one row, in the order they were found.
public struct RowProblems: Error, Hashable, Sendable {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
    public var text: String { messages.joined(separator: "; ") }
}
