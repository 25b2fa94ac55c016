import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// Appeals (recursos de glosa): glosas of one protocol put together with their justifications,
/// the TISS `recursoGlosa` of the payer's version (validated against the official schema), sent
/// with the payer's protocol, and the payer's answer item by item — what it accepted is recovered,
/// the rest goes back for another round or, after the contract's last, is lost. The glosas'
/// balances move in the same transaction as the appeal, so the identities hold after every step.
public struct AppealService: BillingService {
    let context: ServiceContext
    let schemas: TISSSchemas

    public struct Draft: Sendable {
        public var glosaIds: [Int]
        public var scope: AppealScope
        /// Whole protocol or whole claim: one justification.
        public var justification: String?
        /// Item by item: each glosa's amount (nil: all that is undecided) and justification.
        public var amounts: [Int: Money]
        public var justifications: [Int: String]
        public var documents: [String]
        /// The version of each glosa the person saw (those given are checked).
        public var versions: [Int: Int]

        public init(glosaIds: [Int], scope: AppealScope, justification: String? = nil, amounts: [Int: Money] = [:], justifications: [Int: String] = [:],
                    documents: [String] = [], versions: [Int: Int] = [:]) {
            self.versions = versions
            self.glosaIds = glosaIds
            self.scope = scope
            self.justification = justification
            self.amounts = amounts
            self.justifications = justifications
            self.documents = documents
        }
    }

    public func create(_ draft: Draft, by actor: AuditActor) async throws -> Appeal {
        let ids = Array(Set(draft.glosaIds)).sorted()
        guard !ids.isEmpty else { throw FaturaError.validation([FieldError("glosaIds", "Escolha ao menos uma glosa.")]) }
        guard ids.count <= 5_000 else { throw FaturaError.validation([FieldError("glosaIds", "No máximo 5.000 glosas num recurso.")]) }
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let glosas = try await GlosaRepository.all(ids, on: tx)
            if let missing = Set(ids).subtracting(glosas.map(\.id)).min() { throw FaturaError.notFound(entity: "glosa \(missing)") }
            let first = glosas[0]
            guard glosas.allSatisfy({ $0.payerId == first.payerId && $0.batchNumber == first.batchNumber }) else {
                throw FaturaError.appealRefused("Um recurso TISS é de um só protocolo: as glosas escolhidas são de lotes diferentes.")
            }
            guard let protocolNumber = first.protocolNumber else {
                throw FaturaError.appealRefused("O lote \(first.batchNumber) ainda não tem o protocolo do convênio: registre o protocolo de recebimento antes de recorrer.")
            }
            for glosa in glosas {
                if let seen = draft.versions[glosa.id], seen != glosa.version {
                    throw FaturaError.concurrentChange("A glosa \(glosa.id) foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira.")
                }
                if glosa.awaitsOpinion { throw FaturaError.appealRefused("Glosa \(glosa.id) (guia \(glosa.claimNumber)): " + GlosaRefusal.awaitsOpinion.message) }
                guard glosa.balance.undecided > .zero else { throw FaturaError.appealRefused("Glosa \(glosa.id) (guia \(glosa.claimNumber)): nada a recorrer (\(glosa.status.label.lowercased())).") }
            }
            if let open = try await AppealRepository.openAppeal(of: ids, on: tx) {
                throw FaturaError.appealRefused("A glosa \(open.glosa) já está no recurso \(open.appeal), ainda sem resposta.")
            }
            let invoice = try await InvoiceRepository.require(ID(first.invoiceId), on: tx)
            var items: [AppealItem] = []
            for glosa in glosas {
                let description = try await GlosaRepository.itemDescription(glosa.id, on: tx) ?? glosa.itemCode
                let justification = draft.scope == .items ? (draft.justifications[glosa.id] ?? "") : (draft.justification ?? "")
                items.append(AppealItem(glosaId: glosa.id, claimNumber: glosa.claimNumber, sequence: glosa.sequence, day: glosa.itemDay,
                                        table: glosa.itemTable, code: glosa.itemCode, description: description, reasonCode: glosa.reasonCode,
                                        amount: draft.amounts[glosa.id] ?? glosa.balance.undecided, justification: justification.trimmingSpaces()))
            }
            let documents = draft.documents.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            let problems = AppealRules.problems(scope: draft.scope, justification: draft.justification, items: items, documents: documents)
            guard problems.isEmpty else { throw FaturaError.validation(problems) }
            var changes: [(glosa: Glosa, expectedVersion: Int)] = []
            for (glosa, item) in zip(glosas, items) {
                var changed = glosa
                do throws(FaturaError) { try changed.balance.appeal(item.amount) } catch { throw FaturaError.appealRefused("Glosa \(glosa.id) (guia \(glosa.claimNumber), item \(glosa.sequence)): \(error.message)") }
                changes.append((changed, glosa.version))
            }
            try await GlosaRepository.saveAll(changes, at: now, on: tx)
            var appeal = Appeal(companyId: invoice.companyId, payerId: first.payerId, number: try await AppealRepository.nextNumber(payerId: first.payerId, on: tx),
                                batchNumber: first.batchNumber, protocolNumber: protocolNumber, round: (glosas.map(\.balance.rounds).max() ?? 0) + 1,
                                scope: draft.scope, justification: draft.scope == .items ? nil : draft.justification?.trimmingSpaces(),
                                documents: documents, items: items, createdAt: now, createdBy: actor.username)
            appeal.id = try await AppealRepository.insert(appeal, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "appeal", entityId: String(appeal.id!),
                                      after: ["glosas": items.count, "total": Int(appeal.total.cents)],
                                      detail: "recurso \(appeal.number) do protocolo \(protocolNumber): \(items.count) glosa(s), \(BrazilianFormat.currency(appeal.total))")
            return try await AppealRepository.require(appeal.id!, on: tx)
        }
    }

    /// The appeal as TISS XML: as it was sent, or (before sending) as it would be sent today.
    /// Refused with the schema's first messages when it does not validate (a protocol that is not
    /// numeric, say): nothing invalid ever reaches a payer.
    public func file(_ id: Int) async throws -> (bytes: [UInt8], hash: String, version: TISSVersion) {
        if let stored = try await store.appeals.file(id), let version = TISSVersion(rawValue: stored.version) { return (stored.bytes, stored.hash, version) }
        guard let appeal = try await store.appeals.find(id) else { throw FaturaError.notFound(entity: "recurso \(id)") }
        return try await write(appeal)
    }

    func write(_ appeal: Appeal) async throws -> (bytes: [UInt8], hash: String, version: TISSVersion) {
        guard let payer = try await store.payers.find(appeal.payerId), let company = try await store.companies.find(appeal.companyId) else {
            throw FaturaError.notFound(entity: "convênio ou coligada do recurso")
        }
        let terms = try await store.payerTerms.find(payerId: appeal.payerId, companyId: appeal.companyId)
        let hospital: ProviderIdentification = switch terms?.identification ?? .cnpj {
        case .providerCode: .code(terms?.providerCode ?? "")
        case .cnpj: .cnpj(company.cnpj)
        case .cpf: .cpf((terms?.providerCode ?? "").digitsOnly)
        }
        let message = TISSAppeal(version: payer.tissVersion, encoding: payer.tissHashEncoding, sequence: appeal.number, generatedOn: clock.today(),
                                 generatedSecond: clock.secondOfDay(), hospital: hospital, ansRegistry: payer.ansRegistry ?? "", payerName: payer.name,
                                 appeal: appeal)
        let file = TISSAppealWriter.write(message)
        let problems = try schemas.schema(payer.tissVersion).validateGenerated(file.bytes)
        if !problems.isEmpty {
            throw FaturaError.appealRefused("O recurso não passou na validação do esquema TISS \(payer.tissVersion.rawValue) (\(problems.prefix(3).map(\.description).joined(separator: "; "))): confira o protocolo (numérico, até 12 dígitos), o código do hospital e o registro ANS do convênio.")
        }
        return (file.bytes, file.hash, payer.tissVersion)
    }

    /// Sent to the payer on `day`, with the payer's protocol of the appeal when it gave one; the
    /// TISS file is fixed then.
    public func send(_ id: Int, on day: CalendarDay, protocol number: String?, expectedVersion: Int, by actor: AuditActor) async throws -> Appeal {
        let number = number?.trimmingSpaces().nilIfEmpty
        var errors = FieldErrors()
        if day > clock.today() { errors.add("sentOn", "A data de envio não pode estar no futuro.") }
        if day < clock.today().adding(days: -366) { errors.add("sentOn", "A data de envio está mais de um ano no passado.") }
        if let number, number.count > 20 { errors.add("protocol", "O protocolo do recurso tem no máximo 20 caracteres.") }
        guard errors.isEmpty else { throw FaturaError.validation(errors.all) }
        guard let appeal = try await store.appeals.find(id) else { throw FaturaError.notFound(entity: "recurso \(id)") }
        guard appeal.status == .draft else { throw FaturaError.appealRefused("O recurso \(appeal.number) já foi enviado.") }
        guard appeal.version == expectedVersion else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
        let payer = try await store.payers.find(appeal.payerId)
        let file = payer?.billingStandard == .convenio ? try await write(appeal) : nil
        return try await database.transaction { tx in
            try await AppealRepository.markSent(appeal, on: day, protocol: number, file: file, by: actor, on: tx)
            _ = try await ProtocolRepository.insert(
                ProtocolEntry(companyId: appeal.companyId, day: day, direction: .outgoing, counterpart: payer?.name ?? "convênio \(appeal.payerId)",
                              subject: "Recurso de glosa \(appeal.number) (protocolo \(appeal.protocolNumber), \(appeal.round)º recurso)" + (number.map { ", protocolo do recurso \($0)" } ?? ""),
                              appealId: id),
                at: clock.timestamp(), by: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "appeal", entityId: String(id), after: ["status": "sent"],
                                      detail: "recurso \(appeal.number) enviado em \(BrazilianFormat.date(day))\(number.map { ", protocolo \($0)" } ?? "")")
            return try await AppealRepository.require(id, on: tx)
        }
    }

    /// The payer's answer: per glosa the amount it accepted (missing: nothing accepted). What it
    /// accepted is recovered; the rest may be appealed again (a new deadline from the answer's day)
    /// or, after the contract's last round, is lost.
    public func answer(_ id: Int, accepted: [Int: Money], on day: CalendarDay, expectedVersion: Int, by actor: AuditActor) async throws -> Appeal {
        guard day <= clock.today() else { throw FaturaError.validation([FieldError("answeredOn", "A data da resposta não pode estar no futuro.")]) }
        let now = clock.timestamp()
        guard let seen = try await store.appeals.find(id) else { throw FaturaError.notFound(entity: "recurso \(id)") }
        let terms = try await store.payerTerms.find(payerId: seen.payerId, companyId: seen.companyId) ?? PayerTerms(payerId: seen.payerId, companyId: seen.companyId)
        return try await database.transaction { tx in
            let appeal = try await AppealRepository.require(id, on: tx)
            guard appeal.status == .sent else {
                throw FaturaError.appealRefused(appeal.status == .draft ? "O recurso \(appeal.number) ainda não foi enviado." : "O recurso \(appeal.number) já tem resposta.")
            }
            guard appeal.version == expectedVersion else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
            if let sent = appeal.sentOn, day < sent { throw FaturaError.validation([FieldError("answeredOn", "A resposta não pode ser anterior ao envio (\(BrazilianFormat.date(sent))).")]) }
            let known = Set(appeal.items.map(\.glosaId))
            if let stranger = accepted.keys.first(where: { !known.contains($0) }) {
                throw FaturaError.validation([FieldError("accepted.\(stranger)", "A glosa \(stranger) não está neste recurso.")])
            }
            var errors = FieldErrors()
            for item in appeal.items {
                let value = accepted[item.glosaId] ?? .zero
                if value < .zero || value > item.amount {
                    errors.add("accepted.\(item.glosaId)", "Guia \(item.claimNumber), item \(item.sequence): o valor acatado vai de R$ 0,00 a \(BrazilianFormat.currency(item.amount)).")
                }
            }
            guard errors.isEmpty else { throw FaturaError.validation(errors.all) }
            let values = Dictionary(uniqueKeysWithValues: appeal.items.map { ($0.glosaId, accepted[$0.glosaId] ?? .zero) })
            var changes: [(glosa: Glosa, expectedVersion: Int)] = []
            for item in appeal.items {
                var glosa = try await GlosaRepository.require(item.glosaId, on: tx)
                do throws(FaturaError) { try glosa.balance.answer(accepted: values[item.glosaId]!) } catch { throw FaturaError.appealRefused("Glosa \(glosa.id): \(error.message)") }
                if glosa.balance.undecided > .zero { glosa.appealDue = AppealDeadline.due(statementOn: day, days: terms.appealDays) }
                changes.append((glosa, glosa.version))
            }
            try await GlosaRepository.saveAll(changes, at: now, on: tx)
            try await AppealRepository.markAnswered(appeal, on: day, accepted: values, by: actor, on: tx)
            let total = values.values.reduce(Money.zero, +)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "appeal", entityId: String(id), after: ["accepted": Int(total.cents)],
                                      detail: "resposta do recurso \(appeal.number): acatado \(BrazilianFormat.currency(total)) de \(BrazilianFormat.currency(appeal.total))")
            return try await AppealRepository.require(id, on: tx)
        }
    }

    /// The appeals a glosa has been in, oldest first.
    public func of(glosa id: Int) async throws -> [Appeal] {
        var appeals: [Appeal] = []
        for appealId in try await store.appeals.ids(containing: id) {
            if let appeal = try await store.appeals.find(appealId) { appeals.append(appeal) }
        }
        return appeals
    }
}
