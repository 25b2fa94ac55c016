import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// Imports a payer's statement (demonstrativo de análise de conta) in whatever form it came, in
/// one transaction: the statement and every line with its match, the items the payer released
/// without listing, a glosa for each denial of a matched line with the contract's deadline, and
/// the earlier lines of the same items replaced — or nothing at all. The same file imported again
/// changes nothing; lines that match no item, or more than one, wait for a person.
public struct StatementService: BillingService {
    let context: ServiceContext

    /// What an import did, for the page, the API and the command line.
    public struct Result: Sendable, Equatable {
        public var statementId: Int
        /// The same file had been imported before: nothing changed.
        public var alreadyImported: Bool
        public var lines: Int
        public var matched: Int
        public var inferred: Int
        public var ambiguous: Int
        public var unmatched: Int
        public var glosas: Int
        public var replaced: Int
        public var problems: [String]

        /// A statement found already stored: what it had, nothing changed now.
        static func alreadyImported(_ stored: StatementRepository.Stored) -> Result {
            Result(statementId: stored.id, alreadyImported: true, lines: stored.lines, matched: stored.matched, inferred: 0, ambiguous: 0,
                   unmatched: stored.lines - stored.matched, glosas: 0, replaced: 0, problems: stored.problems)
        }
    }

    /// Every `demonstrativoAnaliseConta` of a TISS message (up to 30), each a statement.
    public func importXML(_ bytes: [UInt8], fileName: String?, payerId: Int, by actor: AuditActor) async throws -> [Result] {
        guard try await store.payers.find(payerId)?.billingStandard == .convenio else {
            throw FaturaError.validation([FieldError("payerId", "Escolha o convênio (TISS) que enviou o demonstrativo.")])
        }
        let hash = TISSHash.md5(bytes)
        // The same file again is found by its hash before it is read a second time.
        if let known = try await database.read({ sql in
               if let id = try await StatementRepository.find(payerId: payerId, fileHash: hash, on: sql) { return id }
               return try await StatementRepository.find(payerId: payerId, fileHash: hash + "#1", on: sql)
           }),
           let stored = try await store.statements.find(known) {
            return [.alreadyImported(stored)]
        }
        let statements: [Statement]
        do { statements = try TISSStatementReader.read(bytes) } catch { throw FaturaError.statementUnreadable(error.description) }
        guard !statements.isEmpty else { throw FaturaError.statementUnreadable("o arquivo não traz nenhum demonstrativo.") }
        // Every statement of the message prepared first, then all stored in one transaction: a
        // refusal of any leaves none of them.
        var prepared: [Prepared] = []
        for (index, statement) in statements.enumerated() {
            prepared.append(try await prepare(statement, payerId: payerId, source: .xml, fileName: fileName,
                                              fileHash: statements.count == 1 ? hash : "\(hash)#\(index + 1)"))
        }
        let now = clock.timestamp(), all = prepared
        return try await database.transaction { tx in
            var results: [Result] = []
            for one in all { results.append(try await Self.write(one, by: actor, at: now, on: tx)) }
            return results
        }
    }

    /// A payer's own spreadsheet (CSV or XLSX) read through its saved columns; then as any statement.
    public func importCSV(_ bytes: [UInt8], fileName: String?, payerId: Int, number: String?, issuedOn: CalendarDay?, by actor: AuditActor) async throws -> Result {
        guard let columns = try await store.statementMappings.find(payerId: payerId) else {
            throw FaturaError.validation([FieldError("payerId", "Configure antes as colunas da planilha deste convênio (Glosas › Colunas da planilha).")])
        }
        guard bytes.count <= 64 * 1024 * 1024 else { throw FaturaError.payloadTooLarge }
        // An Excel workbook (a ZIP: "PK") is read as the same lines, through the same columns.
        let isWorkbook = bytes.starts(with: [0x50, 0x4B])
        let lines: [Substring]
        if isWorkbook {
            do { lines = try XLSXReader.lines(bytes).map { Substring($0) } } catch { throw FaturaError.statementUnreadable(error.description) }
        } else {
            lines = TextDecoding.decode(bytes).text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        }
        let number = number?.trimmingSpaces().nilIfEmpty.map { String($0.prefix(30)) }
        let statement = try StatementCSV.read(lines: lines, columns: columns, number: number, issuedOn: issuedOn)
        return try await importStatement(statement, payerId: payerId, source: isWorkbook ? .xlsx : .csv, fileName: fileName, fileHash: TISSHash.md5(bytes), by: actor)
    }

    public func importStatement(_ statement: Statement, payerId: Int, source: StatementRepository.Source, fileName: String?, fileHash: String,
                                by actor: AuditActor) async throws -> Result {
        let prepared = try await prepare(statement, payerId: payerId, source: source, fileName: fileName, fileHash: fileHash)
        let now = clock.timestamp()
        return try await database.transaction { tx in try await Self.write(prepared, by: actor, at: now, on: tx) }
    }

    /// A statement checked and ready to store, with what it is matched against.
    struct Prepared: Sendable {
        let statement: Statement
        /// The statement's lines, flattened once (a copy per use was 20 MB of a large statement).
        let lines: [StatementLine]
        let payerId: Int
        let source: StatementRepository.Source
        let fileName: String?
        let fileHash: String
        let issuedOn: CalendarDay
        let problems: [String]
        let billed: [BilledItem]
        /// The contract terms of each invoice (by invoice id).
        let terms: [Int: PayerTerms]
    }

    func prepare(_ statement: Statement, payerId: Int, source: StatementRepository.Source, fileName: String?, fileHash: String) async throws -> Prepared {
        guard let payer = try await store.payers.find(payerId), payer.billingStandard == .convenio else {
            throw FaturaError.validation([FieldError("payerId", "Escolha o convênio (TISS) que enviou o demonstrativo.")])
        }
        if let stated = statement.payerANS, let registry = payer.ansRegistry, !stated.isEmpty, stated != registry {
            throw FaturaError.validation([FieldError("payerId", "O demonstrativo é da operadora de registro ANS \(stated); \(payer.name) tem o registro \(registry).")])
        }
        let today = clock.today()
        let issuedOn = statement.issuedOn ?? today
        if issuedOn > today.adding(days: 1) {
            throw FaturaError.validation([FieldError("issuedOn", "A data de emissão do demonstrativo (\(BrazilianFormat.date(issuedOn))) está no futuro.")])
        }
        let lines = statement.lines
        guard !lines.isEmpty else { throw FaturaError.statementUnreadable("o demonstrativo não tem nenhum item.") }
        let problems = StatementCheck.problems(statement).map(\.message) + lines.flatMap { line in
            line.glosas.filter { !GlosaReason.isValidCode($0.code) }.map { "\(line.label): código de glosa “\($0.code.prefix(10))” não é da tabela TUSS 38." }
        }
        let claimNumbers = Array(Set(lines.map(\.claimNumber))).sorted()
        // What was billed is frozen once sent: read before the write transaction, with the terms
        // (deadline, rounds) of each invoice's company.
        let (billed, companies) = try await database.read { sql in
            let billed = try await InvoiceRepository.billedItems(payerId: payerId, claimNumbers: claimNumbers, on: sql)
            return (billed, try await InvoiceRepository.companies(of: Array(Set(billed.compactMap(\.invoiceId))).sorted(), on: sql))
        }
        var terms: [Int: PayerTerms] = [:]
        for company in Set(companies.values) {
            terms[company] = try await store.payerTerms.find(payerId: payerId, companyId: company) ?? PayerTerms(payerId: payerId, companyId: company)
        }
        return Prepared(statement: statement, lines: lines, payerId: payerId, source: source, fileName: fileName, fileHash: fileHash, issuedOn: issuedOn,
                        problems: problems, billed: billed, terms: companies.compactMapValues { terms[$0] })
    }

    /// Stores one prepared statement inside the caller's transaction.
    static func write(_ p: Prepared, by actor: AuditActor, at now: String, on tx: Transaction) async throws -> Result {
        let statement = p.statement, lines = p.lines, billed = p.billed, payerId = p.payerId
        if let existing = try await StatementRepository.find(payerId: payerId, fileHash: p.fileHash, on: tx),
           let stored = try await StatementRepository.find(existing, on: tx) {
            return .alreadyImported(stored)
        }
        // The protocol situation an analysis states (`dadosProtocolo/situacaoProtocolo`) is the
        // batch's situation at the payer on the statement's day.
        for proto in statement.protocols {
            guard let situation = proto.situation, let number = proto.protocolNumber, !number.isEmpty else { continue }
            _ = try await PaymentStatementRepository.setSituation(situation, on: p.issuedOn, payerId: payerId, protocolNumber: number, on: tx)
        }
        let byId = Dictionary(billed.map { ($0.itemId, $0) }, uniquingKeysWith: { first, _ in first })
        let matches = StatementMatcher.match(lines, against: billed)
        var newLines: [StatementRepository.NewLine] = []
        newLines.reserveCapacity(lines.count)
        var counts = (matched: 0, ambiguous: 0, unmatched: 0)
        var matchedIds: Set<Int> = []
        for (index, (line, match)) in zip(lines, matches).enumerated() {
            switch match {
            case .matched(let itemId):
                counts.matched += 1
                matchedIds.insert(itemId)
                newLines.append(.init(position: index, line: line, claimItemId: itemId, invoiceId: byId[itemId]?.invoiceId, state: .matched))
            case .ambiguous(let candidates):
                counts.ambiguous += 1
                newLines.append(.init(position: index, line: line, claimItemId: nil, invoiceId: nil, state: .ambiguous,
                                      reason: "mais de um item da guia tem este código, dia e valor.", candidates: candidates))
            case .unmatched(let why):
                counts.unmatched += 1
                newLines.append(.init(position: index, line: line, claimItemId: nil, invoiceId: nil, state: .unmatched, reason: why.message))
            }
        }
        // Items the payer released without listing them, when its claim totals prove it.
        let billedByClaim = Dictionary(grouping: billed, by: \.claimNumber)
        var inferred = 0
        for proto in statement.protocols {
            for claim in proto.claims {
                for item in StatementCompletion.releasedWithoutDetail(claim, billed: billedByClaim[claim.claimNumber] ?? [], matched: matchedIds) {
                    inferred += 1
                    matchedIds.insert(item.itemId)
                    let line = StatementLine(protocolNumber: proto.protocolNumber, claimNumber: item.claimNumber, sequence: item.sequence, day: item.day,
                                             code: item.code, informed: item.total, released: item.total)
                    newLines.append(.init(position: newLines.count, line: line, claimItemId: item.itemId, invoiceId: item.invoiceId, state: .inferred))
                }
            }
        }
        let totals = lines.reduce(Reconciliation()) { $0 + Reconciliation(presented: $1.informed, released: $1.released, glosa: $1.glosa) }
        let statementId = try await StatementRepository.insert(
            .init(payerId: payerId, number: statement.number, issuedOn: p.issuedOn, source: p.source, fileName: p.fileName.map { String($0.prefix(200)) },
                  fileHash: p.fileHash, lines: lines.count, matched: counts.matched, totals: totals, problems: p.problems),
            by: actor, at: now, on: tx)
        try await StatementRepository.insertLines(newLines, statementId: statementId, on: tx)
        // A first analysis of its items (the usual case) replaces nothing: one probe, stopping at
        // the first earlier line, instead of the two set queries over the statement's lines.
        let corrects = try await StatementRepository.replacesEarlier(statementId, on: tx)
        let worked = corrects ? try await StatementRepository.workedGlosasReplaced(by: statementId, on: tx) : []
        if let first = worked.first {
            throw FaturaError.statementConflict("O demonstrativo corrige a guia \(first.claimNumber)\(first.sequence.map { ", item \($0)" } ?? ""), cuja glosa \(first.glosaId) já foi trabalhada (responsável, parecer ou decisão)\(worked.count > 1 ? " — e mais \(worked.count - 1)" : ""): nada foi importado. Resolva essas glosas ou importe só as linhas novas.")
        }
        let replaced = corrects ? try await StatementRepository.replaceEarlier(by: statementId, on: tx) : 0
        let ids = try await StatementRepository.lineIds(of: statementId, on: tx)
        let glosas = Self.newGlosas(for: newLines, lineIds: ids, statementId: statementId, payerId: payerId, issuedOn: p.issuedOn, terms: p.terms)
        try await GlosaRepository.insert(glosas, at: now, on: tx)
        try await InvoiceMoney.refresh(statementId: statementId, on: tx)
        try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "statement", entityId: String(statementId),
                                  after: ["lines": lines.count, "matched": counts.matched, "glosas": glosas.count, "replaced": replaced],
                                  detail: "demonstrativo \(statement.number ?? "sem número") importado (\(p.source.label))")
        return Result(statementId: statementId, alreadyImported: false, lines: lines.count, matched: counts.matched, inferred: inferred,
                      ambiguous: counts.ambiguous, unmatched: counts.unmatched, glosas: glosas.count, replaced: replaced, problems: p.problems)
    }

    /// A glosa for each denial of a matched line, with the appeal deadline and rounds of the
    /// contract of the invoice's company (the defaults of the terms form when none is saved).
    static func newGlosas(for lines: [StatementRepository.NewLine], lineIds: [Int: Int], statementId: Int, payerId: Int, issuedOn: CalendarDay,
                          terms: [Int: PayerTerms]) -> [GlosaRepository.NewGlosa] {
        var glosas: [GlosaRepository.NewGlosa] = []
        for new in lines where new.state == .matched && !new.line.glosas.isEmpty {
            guard let itemId = new.claimItemId, let invoiceId = new.invoiceId, let lineId = lineIds[new.position] else { continue }
            let contract = terms[invoiceId] ?? PayerTerms(payerId: payerId, companyId: 0)
            for denial in new.line.glosas where denial.value > .zero {
                glosas.append(.init(lineId: lineId, statementId: statementId, claimItemId: itemId, invoiceId: invoiceId, payerId: payerId,
                                    reasonCode: String(denial.code.prefix(4)), value: denial.value, maxRounds: contract.appealRounds,
                                    appealDue: AppealDeadline.due(statementOn: issuedOn, days: contract.appealDays)))
            }
        }
        return glosas
    }
}

extension StatementService {
    /// A person matches a line the import could not place (ambiguous: one of its candidates;
    /// unmatched: any line of a claim of the same payer). The item's earlier analysis, if any, is
    /// replaced as a corrected statement would replace it, and the line's denials become glosas.
    public func match(lineId: Int, to claimItemId: Int, by actor: AuditActor) async throws -> Result {
        let now = clock.timestamp()
        guard let line = try await database.read({ try await StatementRepository.line(lineId, on: $0) }) else { throw FaturaError.notFound(entity: "linha \(lineId)") }
        guard line.state == .ambiguous || line.state == .unmatched else {
            throw FaturaError.conflict("A linha \(line.position + 1) do demonstrativo já está associada a um item.")
        }
        if line.state == .ambiguous && !line.candidates.contains(claimItemId) {
            throw FaturaError.validation([FieldError("claimItemId", "Escolha um dos itens candidatos desta linha.")])
        }
        guard let statementId = try await database.read({ try await StatementRepository.statementId(ofLine: lineId, on: $0) }),
              let statement = try await store.statements.find(statementId) else { throw FaturaError.notFound(entity: "demonstrativo da linha \(lineId)") }
        let (item, companies) = try await database.read { sql in
            let item = try await InvoiceRepository.billedItem(claimItemId, payerId: statement.payerId, on: sql)
            return (item, try await InvoiceRepository.companies(of: item?.invoiceId.map { [$0] } ?? [], on: sql))
        }
        guard let item, let invoiceId = item.invoiceId else {
            throw FaturaError.validation([FieldError("claimItemId", "O item \(claimItemId) não está em nenhuma guia enviada a este convênio.")])
        }
        var terms: [Int: PayerTerms] = [:]
        if let company = companies[invoiceId] {
            terms[invoiceId] = try await store.payerTerms.find(payerId: statement.payerId, companyId: company) ?? PayerTerms(payerId: statement.payerId, companyId: company)
        }
        let glosas = line.glosaValues, termsOfInvoice = terms
        return try await database.transaction { tx in
            if try await StatementRepository.itemTaken(claimItemId, in: statementId, on: tx) {
                throw FaturaError.conflict("O item \(item.claimNumber) / \(item.sequence) já está associado a outra linha deste demonstrativo.")
            }
            if let current = try await StatementRepository.currentStatement(of: claimItemId, on: tx), current > statementId {
                throw FaturaError.statementConflict("O item \(item.claimNumber) / \(item.sequence) já foi analisado num demonstrativo mais recente (\(current)): nada foi alterado.")
            }
            guard try await StatementRepository.setMatch(lineId: lineId, claimItemId: claimItemId, invoiceId: invoiceId, on: tx) else {
                throw FaturaError.conflict("A linha \(line.position + 1) do demonstrativo já foi associada por outra pessoa. Recarregue a página.")
            }
            let worked = try await StatementRepository.workedGlosasReplaced(by: statementId, item: claimItemId, on: tx)
            if let first = worked.first {
                throw FaturaError.statementConflict("O item já tem a glosa \(first.glosaId), trabalhada a partir de outro demonstrativo: nada foi alterado.")
            }
            let replaced = try await StatementRepository.replaceEarlier(by: statementId, item: claimItemId, on: tx)
            let new = StatementRepository.NewLine(position: line.position,
                                                  line: StatementLine(claimNumber: line.claimNumber, sequence: line.sequence, code: line.code,
                                                                      informed: line.informed, released: line.released, glosas: glosas),
                                                  claimItemId: claimItemId, invoiceId: invoiceId, state: .matched)
            let created = Self.newGlosas(for: [new], lineIds: [line.position: lineId], statementId: statementId, payerId: statement.payerId,
                                         issuedOn: statement.issuedOn, terms: termsOfInvoice)
            try await GlosaRepository.insert(created, at: now, on: tx)
            // The replaced line was of the same item, so of the same invoice.
            try await InvoiceMoney.refresh([invoiceId], on: tx)
            try await StatementRepository.recount(statementId, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "statement", entityId: String(statementId),
                                      after: ["line": lineId, "claimItem": claimItemId], detail: "linha \(line.position + 1) associada à guia \(item.claimNumber), item \(item.sequence)")
            return Result(statementId: statementId, alreadyImported: false, lines: 1, matched: 1, inferred: 0, ambiguous: 0, unmatched: 0,
                          glosas: created.count, replaced: replaced, problems: [])
        }
    }

    /// The items a person may choose for each waiting line: an ambiguous line's candidates, an
    /// unmatched line's claim's items (none when the claim is unknown).
    public func candidates(for lines: [StatementRepository.StoredLine], payerId: Int) async throws -> [Int: [BilledItem]] {
        let numbers = Array(Set(lines.map(\.claimNumber))).sorted()
        let billed = try await database.read { try await InvoiceRepository.billedItems(payerId: payerId, claimNumbers: numbers, on: $0) }
        let byClaim = Dictionary(grouping: billed, by: \.claimNumber)
        var result: [Int: [BilledItem]] = [:]
        for line in lines {
            let items = byClaim[line.claimNumber] ?? []
            result[line.id] = line.state == .ambiguous ? items.filter { line.candidates.contains($0.itemId) } : items
        }
        return result
    }

    /// What the payer credited for an invoice, typed from the bank statement or the payer's payment
    /// statement: the invoice's page then shows it against what the statements released.
    public func recordPayment(invoiceId: Int, on day: CalendarDay, amount: Money, reference: String?, by actor: AuditActor) async throws {
        var errors = FieldErrors()
        if amount <= .zero || amount > Money(cents: 9_999_999_999) { errors.add("amount", "O valor pago deve ser maior que zero e no máximo R$ 99.999.999,99.") }
        if day > clock.today() { errors.add("paidOn", "A data do pagamento não pode estar no futuro.") }
        let reference = reference?.trimmingSpaces().nilIfEmpty
        if let reference, reference.count > 100 { errors.add("reference", "A referência tem no máximo 100 caracteres.") }
        guard errors.isEmpty else { throw FaturaError.validation(errors.all) }
        let now = clock.timestamp()
        try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(ID(invoiceId), on: tx)
            guard let sent = invoice.sending else {
                throw FaturaError.invoiceStateRefused(number: invoice.number, status: invoice.status, action: "registrar pagamento antes do envio")
            }
            if day < sent.on { throw FaturaError.validation([FieldError("paidOn", "O pagamento não pode ser anterior ao envio da fatura (\(BrazilianFormat.date(sent.on))).")]) }
            try await StatementRepository.insertPayment(payerId: invoice.payerId, invoiceId: invoiceId, protocolNumber: sent.protocolNumber, on: day, amount: amount,
                                                       reference: reference, source: "typed", by: actor, at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "payment", entityId: String(invoiceId), after: ["cents": Int(amount.cents)],
                                      detail: "pagamento de \(BrazilianFormat.currency(amount)) em \(BrazilianFormat.date(day)) na fatura \(invoice.number)")
            try await Self.markReceived(invoiceId, by: actor, at: now, on: tx)
        }
    }

    /// A sent invoice that received a payment is "recebida parcialmente" (settling it is the
    /// tracking map's decision, when nothing is left pending).
    static func markReceived(_ invoiceId: Int, by actor: AuditActor, at now: String, on tx: Transaction) async throws {
        let invoice = try await InvoiceRepository.require(ID(invoiceId), on: tx)
        guard invoice.status == .sent, let next = invoice.status.next(.receivePayment) else { return }
        _ = try await InvoiceRepository.update(invoice, to: next, detail: "primeiro pagamento recebido", by: actor, at: now, on: tx)
    }

    /// One item of a short statement typed on the invoice's page.
    public struct TypedItem: Sendable {
        public var claimItemId: Int
        public var released: Money?
        public var glosa: Money?
        public var reasonCode: String

        public init(claimItemId: Int, released: Money?, glosa: Money?, reasonCode: String) {
            self.claimItemId = claimItemId
            self.released = released
            self.glosa = glosa
            self.reasonCode = reasonCode
        }
    }

    /// The items of a sent invoice a statement can be typed for.
    public func typeableItems(of invoiceId: Int) async throws -> [BilledItem] {
        let invoice = try await database.read { try await InvoiceRepository.require(ID(invoiceId), on: $0) }
        guard invoice.sending != nil else { return [] }
        let numbers = try await store.invoices.claims(of: ID(invoiceId)).map(\.number)
        return try await database.read { try await InvoiceRepository.billedItems(payerId: invoice.payerId, claimNumbers: numbers, on: $0) }
            .filter { $0.invoiceId == invoiceId }
    }

    /// A short statement typed item by item on the invoice's page (a payer that answers on paper):
    /// each filled item becomes a line of its claim, then as any statement. The same typing twice
    /// changes nothing (its text is its identity).
    public func importTyped(invoiceId: Int, number: String?, issuedOn: CalendarDay?, items typed: [TypedItem], by actor: AuditActor) async throws -> Result {
        let invoice = try await database.read { try await InvoiceRepository.require(ID(invoiceId), on: $0) }
        let billed = Dictionary(try await typeableItems(of: invoiceId).map { ($0.itemId, $0) }, uniquingKeysWith: { a, _ in a })
        var errors = FieldErrors(), lines: [StatementLine] = []
        for entry in typed where entry.released != nil || entry.glosa != nil {
            guard let item = billed[entry.claimItemId] else { errors.add("item.\(entry.claimItemId)", "O item \(entry.claimItemId) não é desta fatura."); continue }
            let glosa = entry.glosa ?? (entry.released.map { item.total - $0 } ?? .zero)
            let released = entry.released ?? item.total - glosa
            let label = "Guia \(item.claimNumber), item \(item.sequence)"
            if released < .zero || glosa < .zero || released + glosa > item.total {
                errors.add("item.\(entry.claimItemId)", "\(label): liberado + glosado passa do apresentado (\(BrazilianFormat.currency(item.total))).")
                continue
            }
            let code = entry.reasonCode.trimmingSpaces()
            if glosa > .zero && !GlosaReason.isValidCode(code) { errors.add("reason.\(entry.claimItemId)", "\(label): informe o código TUSS 38 da glosa (4 dígitos).") }
            lines.append(StatementLine(protocolNumber: item.protocolNumber, claimNumber: item.claimNumber, sequence: item.sequence, day: item.day,
                                       code: item.code, informed: item.total, released: released,
                                       glosas: glosa > .zero ? [StatementGlosa(code: code, value: glosa)] : []))
        }
        if lines.isEmpty && errors.isEmpty { errors.add("items", "Preencha o liberado ou o glosado de ao menos um item.") }
        guard errors.isEmpty else { throw FaturaError.validation(errors.all) }
        let number = number?.trimmingSpaces().nilIfEmpty.map { String($0.prefix(30)) }
        let byClaim = Dictionary(grouping: lines, by: \.claimNumber)
        let statement = Statement(number: number, issuedOn: issuedOn, protocols: [
            StatementProtocol(protocolNumber: lines.first?.protocolNumber, claims: byClaim.keys.sorted().map { StatementClaim(claimNumber: $0, lines: byClaim[$0]!) }),
        ])
        let identity = "typed|\(invoiceId)|\(number ?? "")|\(issuedOn?.iso ?? "")|" + lines.map { line in
            "\(line.claimNumber):\(line.sequence ?? 0):\(line.released.cents):" + line.glosas.map { "\($0.code)=\($0.value.cents)" }.joined(separator: ",")
        }.joined(separator: ";")
        return try await importStatement(statement, payerId: invoice.payerId, source: .manual, fileName: nil,
                                         fileHash: TISSHash.md5(Array(identity.utf8)), by: actor)
    }
}
