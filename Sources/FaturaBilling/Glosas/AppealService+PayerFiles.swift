import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// The payer's own files about an appeal, uploaded on the appeal's page or through the API: its
/// TISS receipt (`recebimentoRecursoGlosa`: the appeal's protocol), its TISS answer
/// (`respostaRecursoGlosa`) or an answer spreadsheet (CSV: guia; item; acatado). Each goes
/// through the same steps as typing it (`send`, `answer`), so the same checks and the same
/// identities hold; a file of another payer, appeal or protocol is refused and nothing changes.
extension AppealService {
    public enum PayerFileOutcome: String, Sendable {
        /// The receipt marked the appeal as sent (or gave a sent one its protocol).
        case received
        /// The answer was recorded.
        case answered
    }

    public func importPayerFile(_ id: Int, bytes: [UInt8], answeredOn typedDay: CalendarDay?, expectedVersion: Int, by actor: AuditActor) async throws
        -> (appeal: Appeal, outcome: PayerFileOutcome) {
        guard !bytes.isEmpty else { throw FaturaError.validation([FieldError("file", "Escolha o arquivo do convênio.")]) }
        guard bytes.count <= 8 * 1024 * 1024 else { throw FaturaError.payloadTooLarge }
        guard let appeal = try await store.appeals.find(id) else { throw FaturaError.notFound(entity: "recurso \(id)") }
        guard appeal.version == expectedVersion else { throw FaturaError.concurrentChange("O recurso foi alterado por outra pessoa enquanto você o via. Recarregue a página.") }
        guard Self.looksLikeXML(bytes) else {
            let answer = try AppealAnswerLines.csv(TextDecoding.decode(bytes).text)
            let accepted = try answer.accepted(of: appeal.items)
            return (try await self.answer(id, accepted: accepted, on: typedDay ?? clock.today(), expectedVersion: expectedVersion, by: actor), .answered)
        }
        let file: TISSAppealAnswer
        do { file = try TISSAppealAnswer.read(bytes) } catch { throw FaturaError.validation([FieldError("file", "O arquivo do convênio não foi lido: \(error.description)")]) }
        let payer = try await store.payers.get(appeal.payerId)
        if let stated = file.payerANS, !stated.isEmpty, let registry = payer.ansRegistry, stated != registry {
            throw FaturaError.validation([FieldError("file", "O arquivo é da operadora de registro ANS \(stated); \(payer.name) tem o registro \(registry).")])
        }
        if let stated = file.protocolNumber, !stated.isEmpty, stated != appeal.protocolNumber {
            throw FaturaError.validation([FieldError("file", "O arquivo fala do protocolo \(stated); este recurso é do protocolo \(appeal.protocolNumber).")])
        }
        // The message's own day, never after today (a payer's clock may run ahead).
        let today = clock.today()
        let fileDay = min(file.receivedOn ?? file.messageDate ?? today, today)
        switch file.kind {
        case .refusal:
            throw FaturaError.appealRefused("O convênio recusou o arquivo do recurso \(appeal.number): \(file.refusal ?? "sem descrição"). Nada foi alterado.")
        case .receipt:
            switch appeal.status {
            case .draft:
                return (try await send(id, on: min(file.sentOn ?? fileDay, today), protocol: file.appealProtocol, expectedVersion: expectedVersion, by: actor), .received)
            case .sent where appeal.sentProtocol == nil:
                return (try await setProtocol(appeal, file.appealProtocol, by: actor), .received)
            case .sent, .answered:
                throw FaturaError.appealRefused("O recurso \(appeal.number) já tem o protocolo \(appeal.sentProtocol ?? "")\(appeal.status == .answered ? " e resposta" : ""): o recebimento não muda nada.")
            }
        case .answer:
            if let number = file.appealNumber, number != String(appeal.number) {
                throw FaturaError.validation([FieldError("file", "A resposta é do recurso \(number.prefix(20)); este é o recurso \(appeal.number).")])
            }
            let lines = AppealAnswerLines(protocolAccepted: file.protocolAccepted, claimsAccepted: file.claimsAccepted,
                                          lines: file.items.map { .init(claimNumber: $0.claimNumber, sequence: $0.sequence, accepted: $0.accepted, line: $0.line) })
            let accepted = try lines.accepted(of: appeal.items)
            return (try await answer(id, accepted: accepted, on: typedDay ?? fileDay, expectedVersion: expectedVersion, by: actor), .answered)
        }
    }

    /// The payer's protocol of an appeal sent without one.
    func setProtocol(_ appeal: Appeal, _ number: String?, by actor: AuditActor) async throws -> Appeal {
        guard let number = number?.trimmingSpaces().nilIfEmpty, number.count <= 20 else {
            throw FaturaError.validation([FieldError("file", "O recebimento não traz o protocolo do recurso (até 20 caracteres).")])
        }
        return try await database.transaction { tx in
            try await AppealRepository.setSentProtocol(appeal, number, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "appeal", entityId: String(appeal.id!), after: ["protocol": number],
                                      detail: "recebimento do recurso \(appeal.number) pelo convênio: protocolo \(number)")
            return try await AppealRepository.require(appeal.id!, on: tx)
        }
    }

    /// An XML file starts (after a byte-order mark and blanks) with `<`; a spreadsheet does not.
    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "<")
    }
}
