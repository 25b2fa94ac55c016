/// Which column of a payer's own statement spreadsheet holds what (many payers never send TISS
/// statements): set once per payer on a page, saved, and used for every file of that payer. Each
/// value is the column's header as the payer writes it, compared without accents or case.
public struct StatementColumns: Hashable, Sendable, Codable {
    public var claimNumber: String
    public var sequence: String?
    public var code: String
    public var day: String?
    public var informed: String
    /// What the payer released (paid); without it, released = informed − glosa.
    public var released: String?
    public var glosaValue: String?
    public var reasonCode: String?
    public var protocolNumber: String?

    public init(claimNumber: String, sequence: String? = nil, code: String, day: String? = nil, informed: String, released: String? = nil,
                glosaValue: String? = nil, reasonCode: String? = nil, protocolNumber: String? = nil) {
        self.claimNumber = claimNumber
        self.sequence = sequence
        self.code = code
        self.day = day
        self.informed = informed
        self.released = released
        self.glosaValue = glosaValue
        self.reasonCode = reasonCode
        self.protocolNumber = protocolNumber
    }

    /// Every field with its form name and label, in the form's order.
    public static let fields: [(name: String, label: String, required: Bool)] = [
        ("claimNumber", "Número da guia do prestador", true), ("sequence", "Sequência do item", false), ("code", "Código do procedimento/item", true),
        ("day", "Data de realização", false), ("informed", "Valor informado (apresentado)", true), ("released", "Valor liberado (pago)", false),
        ("glosaValue", "Valor glosado", false), ("reasonCode", "Código da glosa (TUSS 38)", false), ("protocolNumber", "Número do protocolo", false),
    ]

    public func header(_ field: String) -> String? {
        switch field {
        case "claimNumber": claimNumber
        case "sequence": sequence
        case "code": code
        case "day": day
        case "informed": informed
        case "released": released
        case "glosaValue": glosaValue
        case "reasonCode": reasonCode
        case "protocolNumber": protocolNumber
        default: nil
        }
    }

    /// The mapping from a form: every field's header name trimmed (≤ 100 characters); the required
    /// ones present; a value or glosa column needed to tell what was denied.
    public static func from(_ value: (String) -> String?) throws(FaturaError) -> StatementColumns {
        var errors = FieldErrors()
        var headers: [String: String] = [:]
        for field in fields {
            let text = value(field.name)?.trimmingSpaces() ?? ""
            if text.count > 100 { errors.add(field.name, "\(field.label): no máximo 100 caracteres.") }
            if text.isEmpty { if field.required { errors.add(field.name, "\(field.label): informe o nome da coluna.") } } else { headers[field.name] = text }
        }
        if headers["released"] == nil && headers["glosaValue"] == nil {
            errors.add("glosaValue", "Informe a coluna do valor glosado ou a do valor liberado.")
        }
        let keys = headers.values.map(CSVLine.key)
        if Set(keys).count != keys.count { errors.add("claimNumber", "Duas informações apontam para a mesma coluna.") }
        guard errors.isEmpty else { throw .validation(errors.all) }
        return StatementColumns(claimNumber: headers["claimNumber"]!, sequence: headers["sequence"], code: headers["code"]!, day: headers["day"],
                                informed: headers["informed"]!, released: headers["released"], glosaValue: headers["glosaValue"],
                                reasonCode: headers["reasonCode"], protocolNumber: headers["protocolNumber"])
    }
}

/// A payer's statement spreadsheet (CSV, `;` or `,`) read through its saved columns: one line an
/// item, grouped by protocol and claim as the file gives them. Every bad line is named with what is
/// wrong; one bad line and nothing is imported.
public enum StatementCSV {
    public static let maxLines = 1_000_000

    public static func read(lines: [Substring], columns: StatementColumns, number: String?, issuedOn: CalendarDay?) throws(FaturaError) -> Statement {
        guard let headerLine = lines.first else { throw .validation([FieldError("file", "O arquivo está vazio.")]) }
        guard lines.count <= maxLines + 1 else { throw .validation([FieldError("file", "O arquivo passa de 1.000.000 de linhas.")]) }
        let delimiter = CSVLine.delimiter(ofHeader: String(headerLine))
        var index: [String: Int] = [:]
        for (i, cell) in CSVLine.fields(headerLine, delimiter: delimiter).enumerated() where index[CSVLine.key(cell)] == nil { index[CSVLine.key(cell)] = i }
        var missing: [String] = []
        var position: [String: Int] = [:]
        for field in StatementColumns.fields {
            guard let header = columns.header(field.name) else { continue }
            if let i = index[CSVLine.key(header)] { position[field.name] = i } else { missing.append("“\(header)” (\(field.label.lowercased()))") }
        }
        guard missing.isEmpty else { throw .validation([FieldError("linha 1", "Faltam as colunas configuradas para este convênio: \(missing.joined(separator: ", ")).")]) }

        var errors = FieldErrors()
        var order: [String] = []
        var grouped: [String: (protocolNumber: String?, claims: [String], lines: [String: [StatementLine]])] = [:]
        for (offset, raw) in lines.dropFirst().enumerated() where !raw.allSatisfy({ $0 == " " || $0 == "\r" || $0 == delimiter }) {
            let lineNumber = offset + 2
            let cells = CSVLine.fields(raw, delimiter: delimiter)
            func cell(_ name: String) -> String {
                guard let i = position[name], i < cells.count else { return "" }
                return cells[i].trimmingSpaces()
            }
            var problems: [String] = []
            let claim = cell("claimNumber"), code = cell("code")
            if claim.isEmpty || claim.count > 20 { problems.append("número da guia vazio ou com mais de 20 caracteres") }
            if code.isEmpty || code.count > 10 { problems.append("código vazio ou com mais de 10 caracteres") }
            var sequence: Int?
            if position["sequence"] != nil, !cell("sequence").isEmpty {
                sequence = Int(cell("sequence"))
                if sequence.map({ !(1...9_999).contains($0) }) ?? true { problems.append("sequência “\(cell("sequence").prefix(10))” inválida"); sequence = nil }
            }
            var day: CalendarDay?
            if position["day"] != nil, !cell("day").isEmpty {
                day = CalendarDay(typed: cell("day"))
                if day == nil { problems.append("data “\(cell("day").prefix(12))” inválida (dd/mm/aaaa)") }
            }
            func amount(_ name: String, label: String) -> Money? {
                guard position[name] != nil else { return nil }
                let text = cell(name)
                if text.isEmpty { return .zero }
                guard let value = BrazilianFormat.parseMoney(text), value >= .zero, value <= Money(cents: 9_999_999_999) else {
                    problems.append("\(label) “\(text.prefix(15))” inválido")
                    return nil
                }
                return value
            }
            let informed = amount("informed", label: "valor informado") ?? .zero
            let glosaValue = amount("glosaValue", label: "valor glosado")
            let releasedValue = amount("released", label: "valor liberado")
            let reason = cell("reasonCode")
            let glosa = glosaValue ?? (releasedValue.map { informed - $0 } ?? .zero)
            if glosa > .zero && !GlosaReason.isValidCode(reason) { problems.append("glosa de \(BrazilianFormat.currency(glosa)) sem código TUSS 38 de 4 dígitos") }
            if glosa < .zero { problems.append("liberado maior que o informado") }
            let protocolText = cell("protocolNumber")
            if protocolText.count > 20 { problems.append("protocolo com mais de 20 caracteres") }
            if !problems.isEmpty {
                errors.add("linha \(lineNumber)", "Linha \(lineNumber): " + problems.joined(separator: "; ") + ".")
                if errors.all.count >= 50 { break }
                continue
            }
            let line = StatementLine(protocolNumber: protocolText.isEmpty ? nil : protocolText, claimNumber: claim, sequence: sequence, day: day, code: code,
                                     informed: informed, released: releasedValue ?? informed - glosa,
                                     glosas: glosa > .zero ? [StatementGlosa(code: reason, value: glosa)] : [], source: lineNumber)
            let key = protocolText
            if grouped[key] == nil { order.append(key); grouped[key] = (line.protocolNumber, [], [:]) }
            if grouped[key]!.lines[claim] == nil { grouped[key]!.claims.append(claim) }
            grouped[key]!.lines[claim, default: []].append(line)
        }
        guard errors.isEmpty else { throw .validation(errors.all) }
        let protocols = order.map { key in
            let group = grouped[key]!
            return StatementProtocol(protocolNumber: group.protocolNumber, claims: group.claims.map { StatementClaim(claimNumber: $0, lines: group.lines[$0]!) })
        }
        guard !protocols.isEmpty else { throw .validation([FieldError("file", "O arquivo não tem nenhuma linha de item.")]) }
        return Statement(number: number, issuedOn: issuedOn, protocols: protocols)
    }
}
