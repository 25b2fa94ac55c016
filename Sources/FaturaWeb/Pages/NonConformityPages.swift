import FaturaBilling
import FaturaDomain
import FaturaStore
import Hummingbird

/// Não conformidades: billing's worklist (what waits for the sectors, what waits for billing to
/// check), the actions of billing on each (accept, send back, cancel) and the per-sector figures.
enum NonConformityPages {
    static let routes = [
        PageRoute(.get, "/nonconformities", .viewSectorQueue) { request in
            // A sector user's whole module is their own queue.
            if let own = request.identity.confinedSectorId { return request.redirect(.queue(sector: own)) }
            guard request.identity.may(.viewAccounts) else { throw FaturaError.forbidden }
            return try await worklist(request)
        },
        PageRoute(.get, "/nonconformities/stats", .viewAccounts) { try await stats($0) },
        PageRoute(.post, "/nonconformities/:id/accept", .manageNonConformities) { try await act($0, .accept) },
        PageRoute(.post, "/nonconformities/:id/send-back", .manageNonConformities) { try await act($0, .sendBack) },
        PageRoute(.post, "/nonconformities/:id/cancel", .manageNonConformities) { try await act($0, .cancel) },
    ]

    /// Filters: `situacao` pending (default), corrected (billing's to check), overdue, closed, all; `setor`.
    static func worklist(_ request: PageRequest) async throws -> Response {
        let today = request.today
        let situation = request.query("situacao") ?? "pending"
        var filter = NonConformityQueries.Filter(companyId: request.session.companyId, sectorId: request.queryInt("setor"))
        switch situation {
        case "corrected": filter.statuses = [.corrected]
        case "overdue": filter.overdueOn = today
        case "closed": filter.statuses = [.accepted, .cancelled]
        case "all": break
        default: filter.statuses = NonConformityStatus.pending
        }
        let (page, overdue) = try await request.store.nonConformityQueries.entries(filter, page: request.queryInt("pagina") ?? 1,
                                                                                   perPage: perPage, today: today)
        let sectors = try await request.store.sectors.all()
        let situations = [("pending", "Pendentes"), ("corrected", "Corrigidas — a conferir"), ("overdue", "Atrasadas"), ("closed", "Encerradas"), ("all", "Todas")]
        let canManage = request.identity.may(.manageNonConformities)
        let rawQuery = request.request.uri.query
        return try await request.render("nonconformities", title: "Não conformidades", section: "nonconformities", NonConformityListModel(
            page: page, overdueCount: overdue, today: today, canManage: canManage,
            situations: OptionModel.list(situations, selected: situation),
            sectors: OptionModel.list(sectors.map { ($0.id ?? 0, $0.name) }, selected: filter.sectorId),
            back: request.request.uri.description) { SiteURL.nonConformities.page($0, keeping: rawQuery) })
    }

    /// Rows per page of billing's worklist.
    static let perPage = 100

    /// Billing's step on one non-conformity, from the worklist or the partial's page (`back`).
    static func act(_ request: PageRequest, _ action: NonConformityAction) async throws -> Response {
        let id = try request.id()
        let back = SessionPages.safeReturnPath(request.form["back"], fallback: SiteURL.nonConformities.path)
        try await request.billing.nonConformities.act(id, action, note: request.form["note"], expectedVersion: Int(request.form["version"]),
                                                    today: request.today, by: request.actor)
        let notice: Notice = switch action {
        case .accept: .ncAccepted
        case .sendBack: .ncSentBack
        case .cancel: .ncCancelled
        case .correct: .ncCorrected
        }
        return request.redirect(back, notice: notice)
    }

    static func stats(_ request: PageRequest) async throws -> Response {
        let today = request.today
        let monthStart = CalendarDay(year: today.year, month: today.month, day: 1) ?? today
        var errors: [String] = []
        func day(_ name: String, _ fallback: CalendarDay) -> CalendarDay {
            guard let text = request.query(name) else { return fallback }
            guard let value = CalendarDay(typed: text) else {
                errors.append("Data inválida em \(name == "de" ? "De" : "Até"): \(text) (use dd/mm/aaaa).")
                return fallback
            }
            return value
        }
        let from = day("de", monthStart)
        let to = day("ate", today)
        if from > to { errors.append("O início do período é depois do fim.") }
        let lines = try await request.store.nonConformityQueries.sectorStats(companyId: request.session.companyId, from: from, to: to, today: today)
        return try await request.render("nonconformity_stats", title: "Indicadores por setor", section: "nc-stats",
                                        NonConformityStatsModel(lines: lines, from: from, to: to, errors: errors),
                                        status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
