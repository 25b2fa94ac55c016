import FaturaDomain
import FaturaStore

/// Record-return documents (documentos de devolução de prontuários): per origin sector, the records
/// and their open non-conformities with the due dates, numbered and kept. The supervisor prints
/// or downloads one, hands it to the sector and marks it sent.
public struct RecordReturnService: BillingService {
    let context: ServiceContext

    /// Issues the document for one sector with every open non-conformity of the company's partials
    /// not yet in a document. Its number is `DEV-<year>-<id>`; its due date the earliest of its lines.
    public func generate(companyId: Int, sectorId: Int, today: CalendarDay? = nil, by actor: AuditActor) async throws -> RecordReturn {
        let today = today ?? clock.today()
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let lines = try await RecordReturnQueries.freeLines(companyId: companyId, sectorId: sectorId, on: tx)
            guard let due = lines.map(\.dueOn).min() else {
                throw FaturaError.validation([FieldError("sectorId", "Não há não conformidades abertas sem documento para este setor.")])
            }
            let id = try await RecordReturnQueries.insert(companyId: companyId, sectorId: sectorId, dueOn: due,
                                                          number: { RecordReturn.number(id: $0, year: today.year) }, at: now, by: actor.username, on: tx)
            let number = RecordReturn.number(id: id, year: today.year)
            let ids = lines.map(\.id)
            // Only those still free: two people generating at once cannot put one line in two documents.
            guard try await RecordReturnQueries.take(ids, into: id, on: tx) == ids.count else {
                throw FaturaError.concurrentChange("Outra pessoa gerou um documento para este setor ao mesmo tempo. Recarregue a página.")
            }
            let sector = try await Registry<Sector>.find(sectorId, on: tx)?.name ?? "setor \(sectorId)"
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "record_return", entityId: String(id),
                                      detail: "\(number): \(BrazilianFormat.count(ids.count, "não conformidade", "não conformidades")) para \(sector)")
            return RecordReturn(id: id, number: number, companyId: companyId, sectorId: sectorId, sectorName: "",
                                dueOn: due, createdAt: now, createdBy: actor.username, sentAt: nil, sentBy: nil, lineCount: ids.count)
        }
    }

    /// Marks the document handed to the sector. Once only: a second mark is a conflict that says when.
    public func markSent(_ id: Int, by actor: AuditActor) async throws {
        let now = clock.timestamp()
        try await store.database.transaction { tx in
            guard let document = try await RecordReturnQueries.header(id, on: tx) else { throw FaturaError.notFound(entity: "documento de devolução") }
            if let sentAt = document.sentAt {
                throw FaturaError.documentAlreadySent("O documento \(document.number ?? "") já foi marcado como enviado (\(sentAt), por \(document.sentBy ?? "")).")
            }
            guard try await RecordReturnQueries.markSent(id, at: now, by: actor.username, on: tx) else {
                throw FaturaError.documentAlreadySent("O documento já foi marcado como enviado por outra pessoa.")
            }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "record_return", entityId: String(id),
                                      detail: "\(document.number ?? "") enviado ao setor")
        }
    }
}
