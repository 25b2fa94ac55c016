import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// The payer's payment statement (`demonstrativoPagamento`) and its protocol situations
/// (`situacaoProtocolo`), in one transaction each.
///
/// A payment statement records, for each protocol it pays, a payment of the protocol's gross
/// released amount on its date against the invoice of that protocol — what settles the invoice's
/// released total, taxes withheld included (they are paid on the hospital's behalf). The date's
/// debits and credits (taxes, discounts, adjustments of earlier payments, court orders) belong to
/// the date, not to an invoice: they are stored with the statement and shown beside the net. A
/// protocol of no invoice sent from Fatura (one sent before Fatura, or a mistake of the payer) is
/// listed for a person and records nothing. The same file twice changes nothing; another file
/// with the number of a statement already imported is refused (a payment is never replaced).
public struct PaymentStatementService: BillingService {
    let context: ServiceContext

    public struct Result: Sendable, Equatable {
        public var statementId: Int
        public var alreadyImported: Bool
        public var protocols: Int
        public var paid: Int
        public var unmatched: Int
        public var gross: Money
        public var net: Money
        public var problems: [String]
    }

    public func importXML(_ bytes: [UInt8], fileName: String?, payerId: Int, by actor: AuditActor) async throws -> Result {
        guard let payer = try await store.payers.find(payerId), payer.billingStandard == .convenio else {
            throw FaturaError.validation([FieldError("payerId", "Escolha o convênio (TISS) que enviou o demonstrativo.")])
        }
        let hash = TISSHash.md5(bytes)
        if let known = try await database.read({ try await PaymentStatementRepository.find(payerId: payerId, fileHash: hash, on: $0) }) {
            let protocols = try await store.paymentStatements.protocols(of: known)
            guard let stored = try await store.paymentStatements.find(known) else { throw FaturaError.notFound(entity: "demonstrativo de pagamento") }
            return Result(statementId: known, alreadyImported: true, protocols: protocols.count, paid: protocols.filter { $0.invoiceId != nil }.count,
                          unmatched: protocols.filter { $0.invoiceId == nil }.count, gross: stored.gross, net: stored.net, problems: stored.problems)
        }
        let statement: PaymentStatement
        do { statement = try TISSPayerMessage.paymentStatement(bytes) } catch { throw FaturaError.statementUnreadable(error.description) }
        if let registry = payer.ansRegistry, statement.payerANS != registry {
            throw FaturaError.validation([FieldError("payerId", "O demonstrativo é da operadora de registro ANS \(statement.payerANS.prefix(6)); \(payer.name) tem o registro \(registry).")])
        }
        return try await importStatement(statement, payerId: payerId, fileName: fileName, fileHash: hash, by: actor)
    }

    /// Records a read (or typed) payment statement: the door the XML import and the demo share.
    /// `fileHash` makes it idempotent; the caller has checked it is not known yet.
    public func importStatement(_ statement: PaymentStatement, payerId: Int, fileName: String?, fileHash hash: String, by actor: AuditActor) async throws -> Result {
        try Self.checkBounds(statement, today: clock.today())
        let problems = PaymentStatementCheck.problems(statement)
        let now = clock.timestamp()
        return try await database.transaction { tx in
            if let earlier = try await PaymentStatementRepository.find(payerId: payerId, number: statement.number, on: tx) {
                throw FaturaError.statementConflict("O demonstrativo de pagamento \(statement.number) deste convênio já foi importado em \(earlier.importedAt.prefix(10)) de outro arquivo: um pagamento registrado não é substituído. Se o convênio corrigiu o demonstrativo, registre a diferença como pagamento digitado na fatura.")
            }
            let id = try await PaymentStatementRepository.insert(statement, payerId: payerId, fileName: fileName, fileHash: hash, problems: problems,
                                                                 by: actor, at: now, on: tx)
            var rows: [PaymentStatementRepository.NewProtocol] = [], adjustments: [(paidOn: CalendarDay?, adjustment: PaymentAdjustment)] = []
            var received: Set<Int> = []
            for date in statement.dates {
                for paid in date.protocols {
                    var row = PaymentStatementRepository.NewProtocol(paidOn: date.paidOn, method: date.method, paid: paid, invoiceId: nil, unmatchedReason: nil)
                    if let invoice = try await PaymentStatementRepository.invoice(payerId: payerId, protocolNumber: paid.protocolNumber, on: tx) {
                        if date.paidOn < invoice.sentOn {
                            row.unmatchedReason = "pagamento em \(BrazilianFormat.date(date.paidOn)), antes do envio da fatura (\(BrazilianFormat.date(invoice.sentOn)))"
                        } else {
                            row.invoiceId = invoice.id
                            if paid.released > .zero {
                                try await StatementRepository.insertPayment(payerId: payerId, invoiceId: invoice.id, protocolNumber: paid.protocolNumber, on: date.paidOn,
                                                                           amount: paid.released, reference: "Demonstrativo \(statement.number)".prefixed(100),
                                                                           source: "xml", statementId: id, by: actor, at: now, on: tx)
                                received.insert(invoice.id)
                            }
                        }
                    } else {
                        row.unmatchedReason = "nenhuma fatura enviada a este convênio tem o protocolo \(paid.protocolNumber)"
                    }
                    rows.append(row)
                }
                adjustments += date.adjustments.map { (date.paidOn, $0) }
            }
            adjustments += statement.adjustments.map { (nil, $0) }
            try await PaymentStatementRepository.insertProtocols(rows, statementId: id, on: tx)
            try await PaymentStatementRepository.insertAdjustments(adjustments, statementId: id, on: tx)
            for invoiceId in received.sorted() { try await StatementService.markReceived(invoiceId, by: actor, at: now, on: tx) }
            let unmatched = rows.filter { $0.invoiceId == nil }.count
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "payment_statement", entityId: String(id),
                                      after: ["gross": Int(statement.statedGross.cents), "net": Int(statement.statedNet.cents), "protocols": rows.count],
                                      detail: "demonstrativo de pagamento \(statement.number): bruto \(BrazilianFormat.currency(statement.statedGross)), líquido \(BrazilianFormat.currency(statement.statedNet)), \(BrazilianFormat.count(rows.count - unmatched, "protocolo pago", "protocolos pagos"))" + (unmatched > 0 ? ", \(unmatched) sem fatura" : ""))
            return Result(statementId: id, alreadyImported: false, protocols: rows.count, paid: rows.count - unmatched, unmatched: unmatched,
                          gross: statement.statedGross, net: statement.statedNet, problems: problems)
        }
    }

    /// Plausible bounds of what the payer states (a statement is a month's payments, not a lifetime's).
    static func checkBounds(_ statement: PaymentStatement, today: CalendarDay) throws {
        guard statement.dates.count <= 400, statement.protocols.count <= 20_000 else {
            throw FaturaError.statementUnreadable("o demonstrativo traz mais de 400 datas ou 20 000 protocolos.")
        }
        let ceiling = Money(cents: 9_999_999_999)
        for date in statement.dates {
            guard date.paidOn.adding(days: -366) <= today, today.adding(days: -3_660) <= date.paidOn else {
                throw FaturaError.statementUnreadable("pagamento em \(BrazilianFormat.date(date.paidOn)): data fora do plausível (mais de um ano à frente ou dez anos atrás).")
            }
            for paid in date.protocols where paid.released > ceiling || paid.informed > ceiling {
                throw FaturaError.statementUnreadable("linha \(paid.line): valor do protocolo \(paid.protocolNumber.prefix(12)) acima de R$ 99.999.999,99.")
            }
            for paid in date.protocols where paid.protocolNumber.count > 12 || paid.batchNumber.count > 12 {
                throw FaturaError.statementUnreadable("linha \(paid.line): número de protocolo ou de lote com mais de 12 caracteres.")
            }
        }
    }

    /// The payer's situation of one protocol (`situacaoProtocolo`), set on its batches.
    public struct SituationResult: Sendable, Equatable {
        public var protocolNumber: String
        public var situation: ProtocolSituation
        public var statedOn: CalendarDay
        public var invoiceId: Int
        public var batches: Int
    }

    public func importSituation(_ bytes: [UInt8], payerId: Int, by actor: AuditActor) async throws -> SituationResult {
        guard let payer = try await store.payers.find(payerId), payer.billingStandard == .convenio else {
            throw FaturaError.validation([FieldError("payerId", "Escolha o convênio (TISS) que enviou a situação do protocolo.")])
        }
        let status: TISSPayerMessage.ProtocolStatus
        do { status = try TISSPayerMessage.protocolStatus(bytes) } catch { throw FaturaError.statementUnreadable(error.description) }
        if let registry = payer.ansRegistry, status.payerANS != registry {
            throw FaturaError.validation([FieldError("payerId", "A situação é da operadora de registro ANS \(status.payerANS.prefix(6)); \(payer.name) tem o registro \(registry).")])
        }
        let today = clock.today(), day = min(status.statedOn ?? today, today)
        let now = clock.timestamp()
        return try await database.transaction { tx in
            guard status.protocolNumber.count <= 12,
                  let invoice = try await PaymentStatementRepository.invoice(payerId: payerId, protocolNumber: status.protocolNumber, on: tx) else {
                throw FaturaError.validation([FieldError("file", "Nenhuma fatura enviada a \(payer.name) tem o protocolo \(status.protocolNumber.prefix(12)).")])
            }
            let batches = try await PaymentStatementRepository.setSituation(status.situation, on: day, payerId: payerId, protocolNumber: status.protocolNumber, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "invoice", entityId: String(invoice.id),
                                      after: ["payer_situation": status.situation.rawValue],
                                      detail: "situação do protocolo \(status.protocolNumber) no convênio: \(status.situation.label) (\(BrazilianFormat.date(day)))")
            return SituationResult(protocolNumber: status.protocolNumber, situation: status.situation, statedOn: day, invoiceId: invoice.id, batches: batches)
        }
    }
}

extension String {
    func prefixed(_ count: Int) -> String { self.count <= count ? self : String(prefix(count)) }
}
