import Hummingbird
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation

/// Contas: the worklist of partial bills of the current company, a partial's page with its items
/// and totals by kind, re-pricing on demand, and the worklist of items that could not be priced.
enum AccountPages {
    static let routes = [
        PageRoute(.get, "/accounts", .viewAccounts) { try await worklist($0) },
        PageRoute(.get, "/accounts/unpriced", .viewAccounts) { try await unpriced($0) },
        PageRoute(.get, "/accounts/partials/:id", .viewAccounts) { try await partial($0) },
        PageRoute(.post, "/accounts/partials/:id/reprice", .editAccounts) { request in
            let id = try request.id()
            let summary = try await request.billing.pricing.repricePartial(id, by: request.actor)
            return request.redirect("/accounts/partials/\(id)?precos=\(summary.priced)-\(summary.unpriced)")
        },
    ]

    static func worklist(_ request: PageRequest) async throws -> Response {
        let payers = try await request.store.payers.all()
        let sectors = try await request.store.sectors.all()
        let status = request.query("situacao").flatMap(PartialStatus.init(rawValue:))
        let filter = AccountQueries.PartialFilter(
            companyId: request.session.companyId, payerId: request.queryInt("convenio"), status: status,
            from: request.query("de").flatMap(CalendarDay.init(typed:)), to: request.query("ate").flatMap(CalendarDay.init(typed:)), sectorId: request.queryInt("setor"),
            onlyUnpriced: request.query("sempreco") == "1", onlyPending: request.query("pendencias") == "1", page: request.queryInt("pagina") ?? 1)
        let page = try await request.store.accounts.partials(filter)
        let rows = page.items.map(WorklistRow.init)
        var query = request.request.uri.query ?? ""
        query = query.split(separator: "&").filter { !$0.hasPrefix("pagina=") }.joined(separator: "&")
        func href(_ n: Int) -> String { "/accounts?" + (query.isEmpty ? "" : query + "&") + "pagina=\(n)" }
        return try await request.render("partials", title: "Contas — parciais", section: "accounts", [
            "rowsHTML": WorklistRow.tableBody(rows, canClose: request.identity.may(.editAccounts)), "empty": rows.isEmpty,
            "payers": options(payers.map { ($0.id ?? 0, $0.name) }, selected: filter.payerId),
            "sectors": options(sectors.map { ($0.id ?? 0, $0.name) }, selected: filter.sectorId),
            "statuses": PartialStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == status] as [String: Any] },
            "de": filter.from.map(BrazilianFormat.date) ?? "", "ate": filter.to.map(BrazilianFormat.date) ?? "",
            "onlyUnpriced": filter.onlyUnpriced, "onlyPending": filter.onlyPending, "canClose": request.identity.may(.editAccounts), "total": page.totalIsLowerBound ? "Mais de " + BrazilianFormat.integer(page.total - 1) : BrazilianFormat.integer(page.total),
            "pageNumber": page.page, "pageCount": page.totalIsLowerBound ? "" : String(page.pageCount),
            "previousHref": page.hasPrevious ? href(page.page - 1) : "", "nextHref": page.hasNext ? href(page.page + 1) : "",
            "noCompany": request.session.companyId == nil,
        ])
    }

    static func options(_ list: [(Int, String)], selected: Int?) -> [[String: Any]] {
        list.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }

    /// The partial's page; after a refused form it shows the errors beside that form with what was typed.
    static func partial(_ request: PageRequest, ncErrors: [FieldError] = [], reopenErrors: [FieldError] = [],
                        closingRefused: [ClosingBlocker]? = nil, form: FormData? = nil) async throws -> Response {
        let id = try request.id()
        let detail = try await request.store.accounts.partial(id)
        // Patient data was read: LGPD asks for a trail of who saw it.
        try await request.store.audit.recordEvent(actor: request.actor, action: .read, entity: "partial", entityId: String(id),
                                                  detail: "paciente \(detail.patient.externalId ?? String(detail.patient.id ?? 0))")
        let items: [[String: Any]] = detail.items.map { item in
            let unit = item.priced
            return [
                "code": item.code, "description": item.description, "kind": item.kind.label, "table": item.priceTable.label,
                "performedAt": item.performedAt.brazilian, "quantity": item.quantity.description, "porte": item.porte?.description ?? "",
                "fee": unit.map { BrazilianFormat.decimal($0.feePart) } ?? "", "uco": unit.map { BrazilianFormat.decimal($0.operatingCostPart) } ?? "",
                "film": unit.map { BrazilianFormat.decimal($0.filmPart) } ?? "", "other": unit.map { BrazilianFormat.decimal($0.otherPart) } ?? "",
                "unit": unit == nil ? "" : BrazilianFormat.currency(item.unitValue), "total": BrazilianFormat.currency(item.total),
                "examPercentage": item.examPercentage.map(BrazilianFormat.percentage) ?? "", "manual": item.examPercentageManual,
                "priced": item.isPriced, "urgency": unit?.urgency ?? false, "reason": item.pricingMessage ?? "",
                "professional": item.executingProfessional ?? "",
            ]
        }
        var values: [String: Any] = [
            "id": id, "externalId": detail.partial.externalId, "status": detail.partial.status.label, "draft": detail.partial.status == .draft,
            "patient": detail.patient.name, "card": detail.patient.cardNumber ?? "—", "record": detail.patient.medicalRecordNumber ?? "—",
            "payer": detail.payerName, "standard": detail.payerStandard.label, "encounter": detail.encounterExternalId,
            "type": detail.encounterType.label, "sector": detail.sectorName ?? "—", "authorization": detail.authorizationNumber ?? "—",
            "period": BrazilianFormat.date(detail.partial.periodStart) + " a " + BrazilianFormat.date(detail.partial.periodEnd),
            "items": items, "empty": items.isEmpty,
            "totals": try detail.totalsByKind.map { ["label": $0.0.label, "value": BrazilianFormat.currency($0.1)] },
            "total": BrazilianFormat.currency(try detail.total), "unpricedCount": detail.unpricedCount, "hasUnpriced": detail.unpricedCount > 0,
            "canEdit": request.identity.may(.editAccounts) && detail.partial.status == .draft,
        ]
        for (key, value) in try await closingValues(request, detail: detail, ncErrors: ncErrors, reopenErrors: reopenErrors,
                                                    closingRefused: closingRefused, form: form) {
            values[key] = value
        }
        if let result = request.query("precos") {
            let parts = result.split(separator: "-")
            if parts.count == 2 { values["notice"] = "Preços recalculados: \(parts[0]) item(ns) com preço, \(parts[1]) sem preço." }
        }
        let refused = !ncErrors.isEmpty || !reopenErrors.isEmpty || closingRefused != nil
        return try await request.render("partial", title: "Parcial \(detail.partial.externalId)", section: "accounts", values,
                                        status: refused ? .unprocessableContent : .ok)
    }

    static func unpriced(_ request: PageRequest) async throws -> Response {
        let page = try await request.store.accounts.unpricedItems(companyId: request.session.companyId, page: request.queryInt("pagina") ?? 1)
        return try await request.render("unpriced", title: "Itens sem preço", section: "accounts", [
            "rows": page.items.map { item in
                [
                    "href": "/accounts/partials/\(item.partialId)", "code": item.code, "description": item.description,
                    "performedAt": LocalDateTime(iso: item.performedAt)?.brazilian ?? item.performedAt, "reason": item.pricingError ?? "",
                    "payer": item.payerName, "patient": item.patientName,
                ]
            },
            "empty": page.items.isEmpty, "total": page.total,
        ])
    }
}


