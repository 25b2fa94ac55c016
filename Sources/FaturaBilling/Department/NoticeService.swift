import FaturaDomain
import FaturaStore
import Foundation
import SQLKit

/// Payers' notices (issue 15): registered with their attachments and distributed to the sectors in
/// one transaction (the incoming protocol line with them); each sector reads and then says what it
/// did; billing links a table or rule change to the contract or table it caused.
public struct NoticeService: BillingService {
    let context: ServiceContext

    /// A file sent with the notice (the payer's letter, the new table).
    public struct Upload: Sendable {
        public var filename: String
        public var contentType: String
        public var content: Data

        public init(filename: String, contentType: String, content: Data) {
            self.filename = filename
            self.contentType = contentType
            self.content = content
        }
    }

    /// Who acknowledges: the sector a sector-bound user belongs to, or nil for billing (who may
    /// acknowledge only the billing sector's own distribution).
    public enum Acknowledgement: Sendable { case read, done(note: String) }

    public func list(companyId: Int, sectorId: Int? = nil) async throws -> [NoticeRepository.Summary] {
        let today = clock.today()
        return try await database.read { try await NoticeRepository.list(companyId: companyId, sectorId: sectorId, today: today, on: $0) }
    }

    public func get(_ id: Int) async throws -> NoticeRepository.Stored {
        try await database.read { try await NoticeRepository.require(id, on: $0) }
    }

    public func attachment(_ id: Int) async throws -> NoticeRepository.Attachment {
        guard let found = try await database.read({ try await NoticeRepository.attachment(id, on: $0) }) else {
            throw FaturaError.notFound(entity: "anexo do comunicado")
        }
        return found
    }

    /// Registers the notice, its attachments and its distribution. `sectorIds` nil sends it to the
    /// default sectors (Atendimento, Informática, Controladoria, Faturamento); `dueOn` nil gives each
    /// three business days (not past the effective date).
    public func create(_ input: PayerNotice, sectorIds: [Int]?, dueOn: CalendarDay?, uploads: [Upload], by actor: AuditActor) async throws -> PayerNotice {
        var notice = input
        notice.normalize()
        let today = clock.today()
        var problems = notice.validate(today: today)
        problems += Self.check(uploads)
        if let dueOn, dueOn < today || dueOn > today.adding(days: 366) {
            problems.append(FieldError("dueOn", "O prazo de ciência deve estar entre hoje e um ano à frente."))
        }
        if let sectorIds, sectorIds.isEmpty { problems.append(FieldError("sectorIds", "Escolha ao menos um setor para receber o comunicado.")) }
        if (sectorIds?.count ?? 0) > 50 { problems.append(FieldError("sectorIds", "Setores demais (até 50).")) }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = notice
        let due = dueOn ?? PayerNotice.defaultDue(distributedOn: today, effectiveOn: notice.effectiveOn)
        let now = clock.timestamp()
        return try await database.transaction { tx in
            guard let payer = try await NoticeRepository.payerName(candidate.payerId, on: tx) else {
                throw FaturaError.validation([FieldError("payerId", "Convênio não encontrado.")])
            }
            try await Self.checkLinks(candidate, on: tx)
            let sectors: [Int]
            if let sectorIds {
                sectors = Array(Set(sectorIds)).sorted()
                for id in sectors where try await NoticeRepository.sectorCode(id, on: tx) == nil {
                    throw FaturaError.validation([FieldError("sectorIds", "Setor \(id) não encontrado.")])
                }
            } else {
                sectors = try await NoticeRepository.sectors(codes: PayerNotice.defaultSectorCodes, on: tx).map(\.id)
                if sectors.isEmpty { throw FaturaError.validation([FieldError("sectorIds", "Nenhum dos setores padrão está cadastrado: escolha os setores.")]) }
            }
            let saved = try await NoticeRepository.insert(candidate, at: now, by: actor, on: tx)
            let id = saved.id!
            for sector in sectors {
                _ = try await NoticeRepository.addDistribution(NoticeDistribution(noticeId: id, sectorId: sector, dueOn: due), on: tx)
            }
            for upload in uploads {
                _ = try await NoticeRepository.addAttachment(noticeId: id, filename: upload.filename, contentType: upload.contentType, content: upload.content, on: tx)
            }
            _ = try await ProtocolRepository.insert(
                ProtocolEntry(companyId: candidate.companyId, day: candidate.receivedOn, direction: .incoming, counterpart: payer,
                              subject: String("Comunicado: \(candidate.subject)".prefix(500)), noticeId: id),
                at: now, by: actor, on: tx)
            return saved
        }
    }

    static func check(_ uploads: [Upload]) -> [FieldError] {
        var problems: [FieldError] = []
        if uploads.count > PayerNotice.attachmentLimit { problems.append(FieldError("attachments", "Anexe no máximo \(PayerNotice.attachmentLimit) arquivos.")) }
        for upload in uploads {
            if upload.content.count > PayerNotice.attachmentBytesLimit {
                problems.append(FieldError("attachments", "O anexo “\(upload.filename.prefix(80))” passa de 1,5 MB: digitalize em resolução menor ou em PDF."))
            }
            if upload.filename.isEmpty || upload.filename.count > 200 {
                problems.append(FieldError("attachments", "Nome de anexo vazio ou com mais de 200 caracteres."))
            }
        }
        return problems
    }

    /// The contract and price table a notice points to belong to its payer and exist.
    static func checkLinks(_ notice: PayerNotice, on tx: any SQLDatabase) async throws {
        if let contractId = notice.contractId {
            guard let contract = try await ContractStore.find(ID(contractId), on: tx), contract.payerId == notice.payerId, contract.companyId == notice.companyId else {
                throw FaturaError.validation([FieldError("contractId", "O contrato não é deste convênio e empresa.")])
            }
        }
        if let priceTableId = notice.priceTableId, !(try await NoticeRepository.priceTableExists(priceTableId, on: tx)) {
            throw FaturaError.validation([FieldError("priceTableId", "Tabela de preços não encontrada.")])
        }
    }

    /// Sends the notice to one more sector (due `dueOn`, or three business days from today).
    public func addSector(_ noticeId: Int, sectorId: Int, dueOn: CalendarDay?, by actor: AuditActor) async throws {
        let today = clock.today()
        if let dueOn, dueOn < today || dueOn > today.adding(days: 366) {
            throw FaturaError.validation([FieldError("dueOn", "O prazo de ciência deve estar entre hoje e um ano à frente.")])
        }
        try await database.transaction { tx in
            let stored = try await NoticeRepository.require(noticeId, on: tx)
            guard try await NoticeRepository.sectorCode(sectorId, on: tx) != nil else { throw FaturaError.validation([FieldError("sectorId", "Setor não encontrado.")]) }
            if stored.distributions.contains(where: { $0.distribution.sectorId == sectorId }) {
                throw FaturaError.noticeRefused("O comunicado já foi enviado a este setor.")
            }
            let due = dueOn ?? PayerNotice.defaultDue(distributedOn: today, effectiveOn: stored.notice.effectiveOn)
            let added = try await NoticeRepository.addDistribution(NoticeDistribution(noticeId: noticeId, sectorId: sectorId, dueOn: due), on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "payer_notice", entityId: String(noticeId), after: added,
                                      detail: "enviado a mais um setor")
        }
    }

    /// Takes a sector off the notice while it has not read it (sent there by mistake).
    public func removeSector(_ noticeId: Int, distributionId: Int, by actor: AuditActor) async throws {
        try await database.transaction { tx in
            let stored = try await NoticeRepository.require(noticeId, on: tx)
            guard let found = stored.distributions.first(where: { $0.distribution.id == distributionId }) else {
                throw FaturaError.notFound(entity: "setor do comunicado")
            }
            guard found.distribution.status == .pending else {
                throw FaturaError.noticeRefused("\(found.sectorName) já leu o comunicado: a ciência fica registrada e o setor não pode ser retirado.")
            }
            guard stored.distributions.count > 1 else { throw FaturaError.noticeRefused("O comunicado precisa de ao menos um setor.") }
            try await NoticeRepository.removeDistribution(distributionId, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "payer_notice", entityId: String(noticeId), before: found.distribution,
                                      detail: "retirado do setor \(found.sectorName)")
        }
    }

    /// A sector's reading or conclusion. `actorSectorId` is the sector of a sector-bound user (who
    /// may answer only for it); billing users (nil) answer only for the billing sector.
    public func acknowledge(_ noticeId: Int, sectorId: Int, _ step: Acknowledgement, actorSectorId: Int?, by actor: AuditActor) async throws -> NoticeDistribution {
        let now = clock.timestamp()
        let today = clock.today()
        return try await database.transaction { tx in
            let stored = try await NoticeRepository.require(noticeId, on: tx)
            guard let found = stored.distributions.first(where: { $0.distribution.sectorId == sectorId }) else {
                throw FaturaError.notFound(entity: "comunicado deste setor")
            }
            if let actorSectorId {
                guard actorSectorId == sectorId else { throw FaturaError.forbidden }
            } else if found.sectorCode != "faturamento" {
                throw FaturaError.noticeRefused("A ciência de \(found.sectorName) é dada por um usuário do próprio setor.")
            }
            let before = found.distribution
            var after = before
            switch step {
            case .read: after.markRead(by: actor.username, at: now)
            case .done(let note):
                after.markRead(by: actor.username, at: now)
                try after.markDone(note: note, by: actor.username, at: now, on: today)
            }
            guard after != before else { return after }
            try await NoticeRepository.saveAcknowledgement(after, before: before, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "payer_notice", entityId: String(noticeId), before: before, after: after,
                                      detail: "\(found.sectorName): \(after.status.label.lowercased())")
            return after
        }
    }

    /// Links a table or rule change to the contract version and/or price table it led to.
    public func link(_ noticeId: Int, contractId: Int?, priceTableId: Int?, expectedVersion: Int, by actor: AuditActor) async throws -> PayerNotice {
        try await database.transaction { tx in
            let before = try await NoticeRepository.require(noticeId, on: tx).notice
            var after = before
            after.contractId = contractId
            after.priceTableId = priceTableId
            after.version = expectedVersion
            try await Self.checkLinks(after, on: tx)
            let problems = after.validate(today: clock.today()).filter { $0.field == "kind" }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            return try await NoticeRepository.update(after, before: before, detail: "ligado a contrato/tabela", by: actor, on: tx)
        }
    }

    /// Acknowledgements not concluded (all sectors or one) and how many are late: the home page's counts.
    public func openCount(companyId: Int, sectorId: Int?) async throws -> (open: Int, late: Int) {
        let today = clock.today()
        return try await database.read { try await NoticeRepository.openCount(companyId: companyId, sectorId: sectorId, today: today, on: $0) }
    }
}
