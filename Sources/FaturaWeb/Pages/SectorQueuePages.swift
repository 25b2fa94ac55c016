import FaturaBilling
import FaturaDomain
import FaturaStore
import Hummingbird

/// A sector's queue: the records returned to it, oldest first, with what to fix and by when. The
/// sector user marks each correction; billing and auditors may look at any sector's queue, a
/// sector user only at their own (403 otherwise).
enum SectorQueuePages {
    static let routes = [
        PageRoute(.get, "/queue", .viewSectorQueue) { request in
            if let own = request.identity.confinedSectorId { return request.redirect("/queue/\(own)") }
            return try await sectors(request)
        },
        PageRoute(.get, "/queue/:id", .viewSectorQueue) { try await queue($0) },
        PageRoute(.post, "/queue/:id/nonconformities/:nc/correct", .correctNonConformities) { request in
            let sectorId = try request.id()
            try request.identity.requireSector(sectorId)
            let ncId = try request.id("nc")
            do {
                try await request.billing.nonConformities.act(ncId, .correct, note: request.form["note"], expectedVersion: Int(request.form["version"]),
                                                            actorSectorId: request.identity.confinedSectorId ?? sectorId,
                                                            today: request.today, by: request.actor)
            } catch let error as FaturaError where !error.fieldErrors.isEmpty {
                return try await queue(request, errors: [ncId: error.fieldErrors.map(\.message).joined(separator: " ")])
            }
            return request.redirect("/queue/\(sectorId)", notice: .ncCorrected)
        },
    ]

    /// For billing: every sector with what it has now.
    static func sectors(_ request: PageRequest) async throws -> Response {
        let today = request.today
        let lines = try await request.store.nonConformityQueries.sectorStats(companyId: request.session.companyId, from: today, to: today, today: today)
        return try await request.render("queue_sectors", title: "Filas dos setores", section: "queue", [
            "rows": lines.map { line in
                ["name": line.sector.name, "href": "/queue/\(line.sector.id ?? 0)", "open": line.stats.open, "awaiting": line.stats.awaitingCheck,
                 "overdue": line.stats.overdue, "hasOverdue": line.stats.overdue > 0] as [String: Any]
            },
        ])
    }

    static func queue(_ request: PageRequest, errors: [Int: String] = [:]) async throws -> Response {
        let sectorId = try request.id()
        try request.identity.requireSector(sectorId)
        guard let sector = try await request.store.sectors.find(sectorId) else { throw FaturaError.notFound(entity: "setor") }
        let today = request.today
        let entries = try await request.store.nonConformityQueries.entries(
            .init(companyId: request.session.companyId, sectorId: sectorId, statuses: NonConformityStatus.pending))
        // The sector reads patient names and record numbers: a read of patient data, logged.
        try await request.store.audit.recordEvent(actor: request.actor, action: .read, entity: "sector_queue", entityId: String(sectorId),
                                                  detail: "\(entries.count) não conformidade(s)")
        let canCorrect = request.identity.may(.correctNonConformities)
        func rows(_ status: NonConformityStatus) -> [[String: Any]] {
            entries.filter { $0.status == status }.map { entry in
                var values = NonConformityView.values(entry, today: today)
                values["canCorrect"] = canCorrect && status == .open
                values["error"] = errors[entry.id] ?? ""
                return values
            }
        }
        let open = rows(.open)
        let documents = try await request.store.recordReturns.list(companyId: request.session.companyId, sectorId: sectorId, limit: 20)
        return try await request.render("queue", title: "Fila do setor \(sector.name)", section: "queue", [
            "sector": sector.name, "sectorId": sectorId, "open": open, "hasOpen": !open.isEmpty,
            "overdueCount": entries.filter { $0.isOverdue(today: today) }.count,
            "corrected": rows(.corrected), "hasCorrected": entries.contains { $0.status == .corrected },
            "documents": documents.map { ["number": $0.number ?? "", "href": "/record-returns/\($0.id)", "created": HospitalClock.display($0.createdAt),
                                          "lines": $0.lineCount, "sent": $0.sentAt != nil] as [String: Any] },
            "hasDocuments": !documents.isEmpty, "isSectorUser": request.identity.confinedSectorId != nil,
        ], status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
