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
            if let own = request.identity.confinedSectorId { return request.redirect(.queue(sector: own)) }
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
            return request.redirect(.queue(sector: sectorId), notice: .ncCorrected)
        },
    ]

    /// For billing: every sector with what it has now.
    static func sectors(_ request: PageRequest) async throws -> Response {
        let today = request.today
        let lines = try await request.store.nonConformityQueries.sectorStats(companyId: request.session.companyId, from: today, to: today, today: today)
        return try await request.render("queue_sectors", title: "Filas dos setores", section: "queue", SectorQueuesModel(lines: lines))
    }

    /// Rows per page of a sector's queue (the oldest first, as the sector works through them).
    static let perPage = 100

    static func queue(_ request: PageRequest, errors: [Int: String] = [:]) async throws -> Response {
        let sectorId = try request.id()
        try request.identity.requireSector(sectorId)
        guard let sector = try await request.store.sectors.find(sectorId) else { throw FaturaError.notFound(entity: "setor") }
        let today = request.today
        // A page of the queue with the true total and overdue count of all of it.
        let (page, overdue) = try await request.store.nonConformityQueries.entries(
            .init(companyId: request.session.companyId, sectorId: sectorId, statuses: NonConformityStatus.pending),
            page: request.queryInt("pagina") ?? 1, perPage: perPage, today: today)
        let entries = page.items
        // The sector reads patient names and record numbers: a read of patient data, logged.
        try await request.store.audit.recordEvent(actor: request.actor, action: .read, entity: "sector_queue", entityId: String(sectorId),
                                                  detail: BrazilianFormat.count(entries.count, "não conformidade", "não conformidades"))
        let canCorrect = request.identity.may(.correctNonConformities)
        func rows(_ status: NonConformityStatus) -> [NonConformityRowModel] {
            entries.filter { $0.status == status }.map { entry in
                var row = NonConformityRowModel(entry, today: today)
                row.canCorrect = canCorrect && status == .open
                row.error = errors[entry.id] ?? ""
                return row
            }
        }
        let open = rows(.open)
        let corrected = rows(.corrected)
        let listed = try await request.store.recordReturns.list(companyId: request.session.companyId, sectorId: sectorId, limit: 21)
        let documents = listed.prefix(20)
        return try await request.render("queue", title: "Fila do setor \(sector.name)", section: "queue", SectorQueueModel(
            sector: sector.name, sectorId: sectorId, open: open, hasOpen: !open.isEmpty,
            overdueCount: overdue, overdueText: BrazilianFormat.count(overdue, "atrasada", "atrasadas"), total: page.total, pager: PagerModel(page) { SiteURL.queue(sector: sectorId).with([("pagina", String($0))]) },
            corrected: corrected, hasCorrected: !corrected.isEmpty,
            documents: documents.map {
                .init(number: $0.number ?? "", href: SiteURL.recordReturn($0.id).path, created: HospitalClock.display($0.createdAt),
                      lines: BrazilianFormat.count($0.lineCount, "não conformidade", "não conformidades"), sent: $0.sentAt != nil)
            },
            hasDocuments: !documents.isEmpty, moreDocuments: listed.count > documents.count, isSectorUser: request.identity.confinedSectorId != nil),
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
