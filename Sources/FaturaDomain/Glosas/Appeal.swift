/// What an appeal (recurso de glosa, DOMAIN.md §6) covers: TISS `objetoRecurso` 1 (the whole
/// protocol, one reason), or 2 (claims) — each claim whole (`recursoGuiaCompleta`, one
/// justification for the claim) or item by item (`itensGuia`, a justification per item).
public enum AppealScope: String, Sendable, CaseIterable, Codable {
    case wholeProtocol = "protocol"
    case wholeClaim = "claim"
    case items

    public var label: String {
        switch self {
        case .wholeProtocol: "Protocolo inteiro"
        case .wholeClaim: "Guia inteira"
        case .items: "Item a item"
        }
    }
}

public enum AppealStatus: String, Sendable, CaseIterable, Codable {
    case draft
    case sent
    case answered

    public var label: String {
        switch self {
        case .draft: "Em preparação"
        case .sent: "Enviado"
        case .answered: "Respondido"
        }
    }
}

/// One glosa in an appeal: how much of it is appealed, why, and (once answered) how much the payer
/// accepted.
public struct AppealItem: Hashable, Sendable {
    public var glosaId: Int
    public var claimNumber: String
    public var sequence: Int
    public var day: CalendarDay
    public var table: String
    public var code: String
    public var description: String
    public var reasonCode: String
    public var amount: Money
    public var justification: String
    public var accepted: Money?

    public init(glosaId: Int, claimNumber: String, sequence: Int, day: CalendarDay, table: String, code: String, description: String,
                reasonCode: String, amount: Money, justification: String, accepted: Money? = nil) {
        self.description = description
        self.glosaId = glosaId
        self.claimNumber = claimNumber
        self.sequence = sequence
        self.day = day
        self.table = table
        self.code = code
        self.reasonCode = reasonCode
        self.amount = amount
        self.justification = justification
        self.accepted = accepted
    }
}

public struct Appeal: Hashable, Sendable, Identifiable {
    public var id: Int?
    public var companyId: Int
    public var payerId: Int
    /// The hospital's number of the appeal at the payer (`numeroGuiaRecGlosaPrestador`).
    public var number: Int
    public var batchNumber: Int
    public var protocolNumber: String
    /// 1 for the first appeal of these glosas, 2 for the next, … up to the contract's maximum.
    public var round: Int
    public var scope: AppealScope
    public var status: AppealStatus
    /// The protocol's or the claims' justification (whole protocol / whole claim).
    public var justification: String?
    /// The documents attached (their names: report, authorisation, contract annex…).
    public var documents: [String]
    public var items: [AppealItem]
    public var createdAt: String
    public var createdBy: String
    public var sentOn: CalendarDay?
    /// The payer's protocol of the appeal (`nrProtocoloRecursoGlosa`), when it gives one.
    public var sentProtocol: String?
    public var answeredOn: CalendarDay?
    public var version: Int

    public init(id: Int? = nil, companyId: Int, payerId: Int, number: Int, batchNumber: Int, protocolNumber: String, round: Int, scope: AppealScope,
                status: AppealStatus = .draft, justification: String? = nil, documents: [String] = [], items: [AppealItem], createdAt: String,
                createdBy: String, sentOn: CalendarDay? = nil, sentProtocol: String? = nil, answeredOn: CalendarDay? = nil, version: Int = 1) {
        self.id = id
        self.companyId = companyId
        self.payerId = payerId
        self.number = number
        self.batchNumber = batchNumber
        self.protocolNumber = protocolNumber
        self.round = round
        self.scope = scope
        self.status = status
        self.justification = justification
        self.documents = documents
        self.items = items
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.sentOn = sentOn
        self.sentProtocol = sentProtocol
        self.answeredOn = answeredOn
        self.version = version
    }

    public var total: Money { items.reduce(.zero) { $0 + $1.amount } }
    public var accepted: Money { items.reduce(.zero) { $0 + ($1.accepted ?? .zero) } }
}

/// What an appeal must carry before it is created (TISS limits: 500 characters of justification,
/// 100 claims in one message; at most 20 documents of 200 characters each, a plausible bound).
public enum AppealRules {
    public static let justificationLength = 500
    public static let maxClaims = 100
    public static let maxDocuments = 20

    public static func problems(scope: AppealScope, justification: String?, items: [AppealItem], documents: [String]) -> [FieldError] {
        var errors = FieldErrors()
        if items.isEmpty { errors.add("glosaIds", "Escolha ao menos uma glosa.") }
        switch scope {
        case .items:
            for (index, item) in items.enumerated() {
                let text = item.justification.trimmingSpaces()
                if text.isEmpty { errors.add("justification.\(index)", "Guia \(item.claimNumber), item \(item.sequence): escreva a justificativa.") }
                if text.count > justificationLength {
                    errors.add("justification.\(index)", "Guia \(item.claimNumber), item \(item.sequence): a justificativa passa de \(justificationLength) caracteres.")
                }
                if item.amount <= .zero { errors.add("amount.\(index)", "Guia \(item.claimNumber), item \(item.sequence): o valor recursado deve ser maior que zero.") }
            }
        case .wholeClaim, .wholeProtocol:
            let text = (justification ?? "").trimmingSpaces()
            if text.isEmpty { errors.add("justification", "Escreva a justificativa do recurso.") }
            if text.count > justificationLength { errors.add("justification", "A justificativa passa de \(justificationLength) caracteres.") }
            if scope == .wholeProtocol && Set(items.map(\.reasonCode)).count > 1 {
                errors.add("scope", "Um recurso do protocolo inteiro tem um só motivo de glosa: escolha glosas de um motivo ou recorra por guia.")
            }
        }
        if Set(items.map(\.claimNumber)).count > maxClaims { errors.add("glosaIds", "Um recurso TISS leva no máximo \(maxClaims) guias.") }
        if documents.count > maxDocuments { errors.add("documents", "No máximo \(maxDocuments) documentos anexos.") }
        for document in documents where document.count > 200 { errors.add("documents", "O nome de um documento passa de 200 caracteres.") }
        return errors.all
    }
}

/// The payer's answer to an appeal, as its file states it, turned into the amount accepted per
/// glosa: the whole protocol accepted or not, a whole claim accepted or not (every appealed item
/// of it at its full appealed amount, or nothing), or an amount per item. An item the answer does
/// not mention was not accepted; a line naming an item the appeal does not have is refused with
/// its line, never ignored.
public struct AppealAnswerLines: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var claimNumber: String
        public var sequence: Int
        public var accepted: Money
        /// The file's line, for the message.
        public var line: Int

        public init(claimNumber: String, sequence: Int, accepted: Money, line: Int) {
            self.claimNumber = claimNumber
            self.sequence = sequence
            self.accepted = accepted
            self.line = line
        }
    }

    public var protocolAccepted: Bool?
    public var claimsAccepted: [String: Bool]
    public var lines: [Line]

    public init(protocolAccepted: Bool? = nil, claimsAccepted: [String: Bool] = [:], lines: [Line] = []) {
        self.protocolAccepted = protocolAccepted
        self.claimsAccepted = claimsAccepted
        self.lines = lines
    }

    /// The amount accepted of each glosa of the appeal (by glosa id).
    public func accepted(of items: [AppealItem]) throws(FaturaError) -> [Int: Money] {
        var result = Dictionary(uniqueKeysWithValues: items.map { ($0.glosaId, Money.zero) })
        if let whole = protocolAccepted, whole { for item in items { result[item.glosaId] = item.amount } }
        var errors = FieldErrors()
        for (claim, accepted) in claimsAccepted.sorted(by: { $0.key < $1.key }) {
            let ofClaim = items.filter { $0.claimNumber == claim }
            if ofClaim.isEmpty { errors.add("file", "A resposta fala da guia \(claim), que não está neste recurso."); continue }
            for item in ofClaim { result[item.glosaId] = accepted ? item.amount : .zero }
        }
        for line in lines {
            guard let item = items.first(where: { $0.claimNumber == line.claimNumber && $0.sequence == line.sequence }) else {
                errors.add("file", "Linha \(line.line): a guia \(line.claimNumber), item \(line.sequence), não está neste recurso.")
                continue
            }
            if line.accepted < .zero || line.accepted > item.amount {
                errors.add("file", "Linha \(line.line): o acatado da guia \(line.claimNumber), item \(line.sequence), vai de R$ 0,00 a \(BrazilianFormat.currency(item.amount)).")
                continue
            }
            result[item.glosaId] = line.accepted
        }
        guard errors.isEmpty else { throw .validation(errors.all) }
        return result
    }

    /// The answer as a CSV the payer (or the biller) wrote: a header naming the columns *guia*,
    /// *item* and *acatado* (in any order, `;` or `,`), then one line per item; amounts as
    /// `1.234,56` or `1234.56`. At most 10 000 lines.
    public static func csv(_ text: String) throws(FaturaError) -> AppealAnswerLines {
        var rows = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while rows.last?.trimmingSpaces().isEmpty == true { rows.removeLast() }
        guard rows.count <= 10_001 else { throw .validation([FieldError("file", "A resposta tem mais de 10.000 linhas.")]) }
        guard let first = rows.first else { throw .validation([FieldError("file", "O arquivo está vazio.")]) }
        let header = first.hasPrefix("\u{FEFF}") ? String(first.dropFirst()) : first
        let separator = CSVLine.delimiter(ofHeader: header)
        func cells(_ row: String) -> [String] { CSVLine.fields(Substring(row), delimiter: separator).map { $0.trimmingSpaces() } }
        let names = cells(header).map(CSVLine.key)
        guard let claim = names.firstIndex(where: { $0.hasPrefix("guia") }), let item = names.firstIndex(where: { $0.hasPrefix("item") || $0.hasPrefix("sequencial") }),
              let accepted = names.firstIndex(where: { $0.hasPrefix("acatado") || $0.hasPrefix("valor_acatado") }) else {
            throw .validation([FieldError("file", "Linha 1: o cabeçalho deve ter as colunas guia, item e acatado.")])
        }
        var lines: [Line] = [], errors = FieldErrors()
        for (index, row) in rows.enumerated().dropFirst() where !row.trimmingSpaces().isEmpty {
            let values = cells(row), number = index + 1
            guard values.count > max(claim, item, accepted) else { errors.add("file", "Linha \(number): faltam colunas."); continue }
            guard !values[claim].isEmpty, values[claim].count <= 20 else { errors.add("file", "Linha \(number): número da guia inválido."); continue }
            guard let sequence = Int(values[item]), (1...9_999).contains(sequence) else { errors.add("file", "Linha \(number): item inválido (“\(values[item].prefix(20))”)."); continue }
            guard let value = BrazilianFormat.parseMoney(values[accepted]) else {
                errors.add("file", "Linha \(number): valor acatado inválido (“\(values[accepted].prefix(20))”).")
                continue
            }
            lines.append(Line(claimNumber: values[claim], sequence: sequence, accepted: value, line: number))
        }
        guard errors.isEmpty else { throw .validation(Array(errors.all.prefix(20))) }
        guard !lines.isEmpty else { throw .validation([FieldError("file", "A resposta não tem nenhuma linha de item.")]) }
        return AppealAnswerLines(lines: lines)
    }
}
