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
            if let own = request.identity.confinedSectorId { return request.redirect("/queue/\(own)") }
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
        let entries = try await request.store.nonConformityQueries.entries(filter)
        let sectors = try await request.store.sectors.all()
        let situations = [("pending", "Pendentes"), ("corrected", "Corrigidas — a conferir"), ("overdue", "Atrasadas"), ("closed", "Encerradas"), ("all", "Todas")]
        let canManage = request.identity.may(.manageNonConformities)
        return try await request.render("nonconformities", title: "Não conformidades", section: "nonconformities", [
            "rows": entries.map { entry in
                var values = NonConformityView.values(entry, today: today)
                values["canCheck"] = canManage && entry.status == .corrected
                values["canCancel"] = canManage && entry.status.blocksClosing
                return values
            },
            "empty": entries.isEmpty, "count": entries.count, "overdueCount": entries.filter { $0.isOverdue(today: today) }.count,
            "situations": situations.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == situation] as [String: Any] },
            "sectors": AccountPages.options(sectors.map { ($0.id ?? 0, $0.name) }, selected: filter.sectorId),
            "back": request.request.uri.description,
        ])
    }

    /// Billing's step on one non-conformity, from the worklist or the partial's page (`back`).
    static func act(_ request: PageRequest, _ action: NonConformityAction) async throws -> Response {
        let id = try request.id()
        let back = SessionPages.safeReturnPath(request.form["back"], fallback: "/nonconformities")
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
        let total = lines.reduce(into: SectorNonConformityStats(sectorId: 0)) { sum, line in
            sum.open += line.stats.open
            sum.awaitingCheck += line.stats.awaitingCheck
            sum.overdue += line.stats.overdue
            sum.correctedInPeriod += line.stats.correctedInPeriod
            sum.correctedLate += line.stats.correctedLate
            sum.daysToCorrect += line.stats.daysToCorrect
        }
        func average(_ s: SectorNonConformityStats) -> String {
            s.averageTenthsOfDay.map { "\($0 / 10),\($0 % 10)" } ?? "—"
        }
        return try await request.render("nonconformity_stats", title: "Indicadores por setor", section: "nc-stats", [
            "rows": lines.map { line in
                [
                    "sector": line.sector.name, "sectorHref": "/queue/\(line.sector.id ?? 0)", "open": line.stats.open,
                    "awaiting": line.stats.awaitingCheck, "overdue": line.stats.overdue, "hasOverdue": line.stats.overdue > 0,
                    "corrected": line.stats.correctedInPeriod, "late": line.stats.correctedLate, "average": average(line.stats),
                ] as [String: Any]
            },
            "total": ["open": total.open, "awaiting": total.awaitingCheck, "overdue": total.overdue, "corrected": total.correctedInPeriod,
                      "late": total.correctedLate, "average": average(total)] as [String: Any],
            "de": BrazilianFormat.date(from), "ate": BrazilianFormat.date(to),
            "errors": errors.map { ["message": $0] }, "hasErrors": !errors.isEmpty,
        ], status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
