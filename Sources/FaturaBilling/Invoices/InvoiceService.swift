import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// Faturas: create one for a payer, company and competence (it proposes the closed partials of the
/// competence), add and remove partials while open, close (claims built, split into batches,
/// written and validated against the official schema: all in one transaction, so a close that
/// fails or is killed leaves nothing), reopen before sending, and mark as sent with the protocol.
public struct InvoiceService: BillingService {
    let context: ServiceContext
    let schemas: TISSSchemas

    /// A new open invoice with every proposed partial in it (faturada).
    public func create(companyId: Int, payerId: Int, competence text: String, by actor: AuditActor) async throws -> Invoice {
        guard let competence = Competence(text.trimmingSpaces()) else {
            throw FaturaError.validation([FieldError("competence", "Competência inválida: use aaaa-mm (ex.: 2026-11).")])
        }
        guard competence <= Competence.of(clock.today())! else {
            throw FaturaError.validation([FieldError("competence", "A competência \(competence.label) ainda não começou.")])
        }
        guard let payer = try await store.payers.find(payerId), payer.active else {
            throw FaturaError.validation([FieldError("payerId", "Escolha um convênio ativo.")])
        }
        if payer.billingStandard == .sus {
            throw FaturaError.validation([FieldError("payerId", "Faturas do SUS (BPA/AIH) ainda não são geradas pelo Fatura: use o sistema do SUS (SIA/SIH) para este convênio.")])
        }
        guard try await store.companies.find(companyId) != nil else { throw FaturaError.notFound(entity: "coligada") }
        let terms = try await store.payerTerms.find(payerId: payerId, companyId: companyId)
        let now = clock.timestamp()
        return try await database.transaction { tx in
            var invoice = try await InvoiceRepository.insert(companyId: companyId, payerId: payerId, competence: competence,
                                                             deadline: terms?.delivery.deadline(for: competence), by: actor, at: now, on: tx)
            let proposed = try await InvoiceRepository.proposedPartials(for: invoice, on: tx)
            for partial in proposed { try await InvoiceRepository.put(partial, in: invoice, by: actor, at: now, on: tx) }
            if !proposed.isEmpty {
                invoice = try await InvoiceRepository.update(invoice, to: .open, detail: "\(proposed.count) parcial(is) proposta(s) da competência",
                                                             by: actor, at: now, on: tx)
            }
            return invoice
        }
    }

    /// Adds partials to an open invoice: all or none (each refused names the partial and why).
    public func add(_ partialIds: [ID<PartialBill>], to invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> Invoice {
        guard !partialIds.isEmpty else { throw FaturaError.validation([FieldError("partialIds", "Escolha ao menos uma parcial.")]) }
        guard partialIds.count <= 5_000 else { throw FaturaError.validation([FieldError("partialIds", "No máximo 5.000 parciais de uma vez.")]) }
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(invoiceId, on: tx)
            try invoice.checkAcceptsPartials(expectedVersion: expectedVersion)
            for id in Set(partialIds).sorted() {
                let partial = try await PartialRepository.require(id, on: tx)
                if partial.payerId != invoice.payerId { throw FaturaError.invoicePartialRefused(externalId: partial.externalId, reason: .otherPayer) }
                if partial.companyId != invoice.companyId { throw FaturaError.invoicePartialRefused(externalId: partial.externalId, reason: .otherCompany) }
                if partial.status == .invoiced { throw FaturaError.invoicePartialRefused(externalId: partial.externalId, reason: .alreadyInvoiced) }
                if partial.status != .closed { throw FaturaError.invoicePartialRefused(externalId: partial.externalId, reason: .notClosed) }
                try await InvoiceRepository.put(partial, in: invoice, by: actor, at: now, on: tx)
            }
            return try await InvoiceRepository.update(invoice, to: .open, detail: "\(partialIds.count) parcial(is) incluída(s)", by: actor, at: now, on: tx)
        }
    }

    /// Takes a partial out of an open invoice: it is closed again (and may then be reopened).
    public func remove(_ partialId: ID<PartialBill>, from invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> Invoice {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(invoiceId, on: tx)
            try invoice.checkAcceptsPartials(expectedVersion: expectedVersion)
            let partial = try await PartialRepository.require(partialId, on: tx)
            guard try await InvoiceRepository.invoiceId(ofPartial: partialId.rawValue, on: tx) == invoiceId else {
                throw FaturaError.partialNotInvoiced(externalId: partial.externalId)
            }
            try await InvoiceRepository.takeOut(partial, of: invoice, by: actor, at: now, on: tx)
            return try await InvoiceRepository.update(invoice, to: .open, detail: "parcial \(partial.externalId) retirada", by: actor, at: now, on: tx)
        }
    }

    /// The claims of an open invoice as they would be sent, or every problem that blocks closing.
    public func claims(of invoice: Invoice) async throws -> (claims: [Claim], problems: [ClaimProblem]) {
        guard let payer = try await store.payers.find(invoice.payerId), let company = try await store.companies.find(invoice.companyId) else {
            throw FaturaError.notFound(entity: "convênio ou coligada da fatura")
        }
        let terms = try await store.payerTerms.find(payerId: invoice.payerId, companyId: invoice.companyId)
        let professionals = try await store.professionals.all(active: true)
        let parts = try await database.read { tx in
            try await ClaimSourceQueries.parts(partialIds: try await InvoiceRepository.partialIds(of: invoice.id!, on: tx), on: tx)
        }
        var claims: [Claim] = [], problems: [ClaimProblem] = []
        for part in parts {
            let source = ClaimSource(partial: part.partial, encounter: part.encounter, patient: part.patient, company: company, payer: payer,
                                     terms: terms, items: part.items, professionals: professionals, partialsInAccount: part.partialsInAccount,
                                     isLastOfAccount: part.isLastOfAccount)
            do { claims.append(try ClaimBuilder.build(source)) } catch .invoiceClaimsInvalid(let found) { problems += found } catch { throw error }
        }
        return (claims, problems)
    }

    /// Closes: builds every claim, splits them into batches of one type (≤ 100), writes each as
    /// TISS XML of the payer's version and validates it against the official schema, then stores
    /// batches and claims and freezes the invoice — or refuses with every problem and stores nothing.
    /// A Particular payer's invoice closes without TISS (its bill is the printable itemised one).
    /// `generatedAt` (the job's request) is the batches' transaction date and time, so a run repeated
    /// after an interruption writes the same files; `progress` hears (claims validated, claims).
    @discardableResult
    public func close(_ invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor, generatedAt: Date? = nil,
                      progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Invoice {
        let invoice = try await database.read { try await InvoiceRepository.require(invoiceId, on: $0) }
        _ = try invoice.next(.close, expectedVersion: expectedVersion)
        guard let payer = try await store.payers.find(invoice.payerId) else { throw FaturaError.notFound(entity: "convênio") }
        let claims = try await closableClaims(of: invoice)
        let withTISS = payer.billingStandard == .convenio
        let schema = withTISS ? try schemas.schema(payer.tissVersion) : nil
        let generation = generatedAt.map { clock.stopped(at: $0) } ?? clock
        let now = clock.timestamp(), today = generation.today(), second = generation.secondOfDay()
        let groups = withTISS ? ClaimBatches.split(claims, kind: \.type) : []
        let hospital = claims.first?.hospital ?? .cnpj("")
        progress?(0, claims.count)
        return try await database.transaction { tx in
            let current = try await InvoiceRepository.require(invoiceId, on: tx)
            guard current.version == invoice.version else { throw FaturaError.staleInvoice }
            var number = try await InvoiceRepository.nextBatchNumber(payerId: invoice.payerId, on: tx)
            var validated = 0
            for group in groups {
                let batch = TISSBatch(version: payer.tissVersion, encoding: payer.tissHashEncoding, number: number, generatedOn: today,
                                      generatedSecond: second, hospital: hospital, ansRegistry: payer.ansRegistry ?? "", claims: group.claims)
                let file = TISSBatchWriter.write(batch)
                let found = schema!.validateGenerated(file.bytes)
                if !found.isEmpty {
                    throw FaturaError.invoiceBatchInvalid(batch: number, problems: found.prefix(20).map { problem in
                        let claim = file.claimIndex(atLine: problem.line).map { group.claims[$0].number } ?? "cabeçalho"
                        return "guia \(claim), linha \(problem.line): \(problem.message)"
                    })
                }
                let total = group.claims.reduce(Money.zero) { $0 + $1.totals.total }
                try await InvoiceRepository.insertBatch(
                    InvoiceBatch(invoiceId: invoiceId, number: number, claimType: group.kind, tissVersion: payer.tissVersion,
                                 hashEncoding: payer.tissHashEncoding, claims: group.claims.count, total: total, hash: file.hash, generatedAt: now),
                    payerId: invoice.payerId, bytes: file.bytes, claims: group.claims, on: tx)
                number += 1
                validated += group.claims.count
                progress?(validated, claims.count)
            }
            let total = claims.reduce(Money.zero) { $0 + $1.totals.total }
            return try await InvoiceRepository.update(current, to: .closed, setting: .closed(claims: claims.count, total: total, at: now, by: actor.username), detail: withTISS ? "fechada: \(claims.count) guia(s) em \(groups.count) lote(s)" : "fechada: \(claims.count) conta(s) particular(es)",
               by: actor, at: now, on: tx)
        }
    }

    /// "Fechar" from a page: refused at once with everything that blocks it (claim problems, an
    /// empty or changed invoice, a close already under way), otherwise queued as a job that the
    /// job runner executes with progress. Returns the job.
    public func requestClose(_ invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> Int {
        let invoice = try await database.read { try await InvoiceRepository.require(invoiceId, on: $0) }
        _ = try invoice.next(.close, expectedVersion: expectedVersion)
        try await refuseWhileClosing(invoice)
        let claims = try await closableClaims(of: invoice)
        let arguments = InvoiceCloseJob(invoiceId: invoiceId.rawValue, expectedVersion: invoice.version, generatedAt: clock.timestamp())
        return try await jobs.enqueue(.invoiceClose, companyId: invoice.companyId, arguments: arguments,
                                      detail: "\(JobKind.invoiceClose.label): fatura \(invoice.number), \(claims.count) guia(s)", by: actor)
    }

    /// Closes at once, as the API does (its caller waits for the answer): refused while a page's
    /// close job for the invoice is queued or running, which would otherwise fail on the version.
    @discardableResult
    public func closeNow(_ invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> Invoice {
        try await refuseWhileClosing(try await database.read { try await InvoiceRepository.require(invoiceId, on: $0) })
        return try await close(invoiceId, expectedVersion: expectedVersion, by: actor)
    }

    /// The close jobs of this invoice, newest first.
    public func closeJobs(of invoice: Invoice) async throws -> [Job] {
        try await jobs.list(kind: .invoiceClose, companyId: invoice.companyId, limit: 200).filter { job in
            job.arguments(as: InvoiceCloseJob.self)?.invoiceId == invoice.id?.rawValue
        }
    }

    private func refuseWhileClosing(_ invoice: Invoice) async throws {
        if let pending = try await closeJobs(of: invoice).first(where: \.status.isActive) {
            throw FaturaError.invoiceClosing(number: invoice.number, job: pending.id)
        }
    }

    /// Every claim of the invoice, or the refusal: nothing to close, or every problem at once.
    private func closableClaims(of invoice: Invoice) async throws -> [Claim] {
        let (claims, problems) = try await self.claims(of: invoice)
        if claims.isEmpty && problems.isEmpty { throw FaturaError.invoiceEmpty(number: invoice.number) }
        if !problems.isEmpty { throw FaturaError.invoiceClaimsInvalid(problems) }
        return claims
    }

    var jobs: JobQueue { JobQueue(context: context) }

    /// Back to open before sending: the generated batches are discarded (nothing was sent).
    @discardableResult
    public func reopen(_ invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> Invoice {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(invoiceId, on: tx)
            let next = try invoice.next(.reopen, expectedVersion: expectedVersion)
            try await InvoiceRepository.deleteBatches(of: invoiceId, on: tx)
            return try await InvoiceRepository.update(invoice, to: next, setting: .reopened, detail: "reaberta: lotes descartados", by: actor, at: now, on: tx)
        }
    }

    /// "Marcar como enviada": the day, channel and the payer's protocol (optional: it may come later
    /// from the payer's receipt).
    @discardableResult
    public func markSent(_ invoiceId: ID<Invoice>, on day: CalendarDay?, channel: SendChannel?, protocolNumber: String?, expectedVersion: Int?,
                         by actor: AuditActor) async throws -> Invoice {
        let now = clock.timestamp(), today = clock.today()
        let protocolText = protocolNumber?.trimmingSpaces().nilIfEmpty
        return try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(invoiceId, on: tx)
            let next = try invoice.next(.send, expectedVersion: expectedVersion)
            var problems = InvoiceSending.problems(on: day, protocolNumber: protocolText, competence: invoice.competence, today: today)
            if channel == nil { problems.append(FieldError("channel", "Escolha como a fatura foi enviada.")) }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            let late = invoice.deadline.map { day! > $0 } ?? false
            let sending = InvoiceSending(on: day!, channel: channel!, by: actor.username, protocolNumber: protocolText, protocolOn: protocolText == nil ? nil : day)
            let sent = try await InvoiceRepository.update(invoice, to: next, setting: .sent(sending), detail: "enviada em \(BrazilianFormat.date(day!)) (\(channel!.label))" + (late ? ", após o prazo" : ", no prazo"), by: actor, at: now, on: tx)
            // The department's protocol book gets its line in the same transaction (issue 15).
            let payer = try await NoticeRepository.payerName(invoice.payerId, on: tx) ?? "convênio \(invoice.payerId)"
            _ = try await ProtocolRepository.insert(
                ProtocolEntry(companyId: invoice.companyId, day: day!, direction: .outgoing, counterpart: payer,
                              subject: "Fatura \(invoice.number), competência \(invoice.competence.label) (\(channel!.label))" + (protocolText.map { ", protocolo do convênio \($0)" } ?? ""),
                              invoiceId: invoiceId.rawValue),
                at: now, by: actor, on: tx)
            return sent
        }
    }
}

extension InvoiceService {
    /// What a receipt import did.
    public struct ReceiptOutcome: Sendable, Equatable {
        public var batch: Int
        public var protocolNumber: String
        public var refusedClaims: [String]
    }

    /// Imports the payer's `protocoloRecebimento`: read the hardened way (a DTD or entity refuses it
    /// unread), validated against the schema of the payer's version, of this payer and of one of this
    /// invoice's batches; fills the batch's protocol (and the invoice's, marking a closed invoice as
    /// sent by webservice on the batch's date) and flags the claims refused at receipt.
    @discardableResult
    public func importReceipt(_ bytes: [UInt8], into invoiceId: ID<Invoice>, expectedVersion: Int?, by actor: AuditActor) async throws -> ReceiptOutcome {
        guard !bytes.isEmpty else { throw FaturaError.validation([FieldError("file", "Escolha o arquivo XML do protocolo.")]) }
        let document: TISSDocument
        do { document = try TISSDocument(bytes) } catch { throw FaturaError.protocolRefused(error.description) }
        let invoice = try await database.read { try await InvoiceRepository.require(invoiceId, on: $0) }
        guard let payer = try await store.payers.find(invoice.payerId) else { throw FaturaError.notFound(entity: "convênio") }
        let schema = try schemas.schema(payer.tissVersion)
        let problems = schema.validate(document)
        if let first = problems.first {
            throw FaturaError.protocolRefused("O protocolo não segue o esquema TISS \(payer.tissVersion.rawValue) (linha \(first.line): \(first.message)).")
        }
        let receipt: TISSProtocolReceipt
        do { receipt = try TISSProtocolReceipt.read(document) } catch { throw FaturaError.protocolRefused(error.description) }
        guard receipt.payerANS == payer.ansRegistry else {
            throw FaturaError.protocolRefused("O protocolo é do registro ANS \(receipt.payerANS), não de \(payer.name) (\(payer.ansRegistry ?? "sem registro")).")
        }
        let batches = try await store.invoices.batches(of: invoiceId)
        guard let batchNumber = Int(receipt.batchNumber), batches.contains(where: { $0.number == batchNumber }) else {
            throw FaturaError.protocolRefused("O protocolo é do lote \(receipt.batchNumber), que não é desta fatura (lotes: \(batches.map { String($0.number) }.joined(separator: ", "))).")
        }
        guard receipt.protocolNumber.count <= 40 else { throw FaturaError.protocolRefused("O número de protocolo passa de 40 caracteres.") }
        let now = clock.timestamp(), today = clock.today()
        let day = receipt.sentOn.map { min($0, today) } ?? today
        return try await database.transaction { tx in
            var current = try await InvoiceRepository.require(invoiceId, on: tx)
            if let expectedVersion, expectedVersion != current.version { throw FaturaError.staleInvoice }
            try await InvoiceRepository.setProtocol(receipt.protocolNumber, on: day, batch: batchNumber, invoiceId: invoiceId, on: tx)
            var refused: [String] = []
            for claim in receipt.refused where try await InvoiceRepository.markRefused(claimNumber: claim.number, reason: claim.reasons.joined(separator: "; "),
                                                                                       invoiceId: invoiceId, on: tx) {
                refused.append(claim.number)
            }
            let detail = "protocolo \(receipt.protocolNumber) do lote \(batchNumber)" + (refused.isEmpty ? "" : ", \(refused.count) guia(s) recusada(s) no recebimento")
            switch current.status {
            case .closed:
                let next = try current.next(.send)
                current = try await InvoiceRepository.update(current, to: next, setting: .sent(InvoiceSending(
                    on: day, channel: .webservice, by: actor.username, protocolNumber: receipt.protocolNumber, protocolOn: day)), detail: detail, by: actor, at: now, on: tx)
            case .sent, .partiallyReceived, .settled:
                current = try await InvoiceRepository.update(current, to: current.status, setting: .protocolReceived(receipt.protocolNumber, on: day),
                                                             detail: detail, by: actor, at: now, on: tx)
            case .open:
                throw FaturaError.invoiceStateRefused(number: current.number, status: current.status, action: "importar protocolo antes de fechá-la")
            }
            return ReceiptOutcome(batch: batchNumber, protocolNumber: receipt.protocolNumber, refusedClaims: refused)
        }
    }
}
