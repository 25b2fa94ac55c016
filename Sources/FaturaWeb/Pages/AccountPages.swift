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
            let summary = try await request.billing.pricing.repricePartial(ID(id), by: request.actor)
            return request.redirect(SiteURL.partial(id).with([("precos", "\(summary.priced)-\(summary.unpriced)-\(summary.manualReapplied)")]))
        },
    ]

    static func worklist(_ request: PageRequest) async throws -> Response {
        let payers = try await request.store.payers.all()
        let sectors = try await request.store.sectors.all()
        let status = request.query("situacao").flatMap(PartialStatus.init(rawValue:))
        // A date that is not one is said above the list (never ignored, which would list everything).
        var problems: [String] = []
        let from = request.dayFilter("de", label: "De", problems: &problems)
        let to = request.dayFilter("ate", label: "Até", problems: &problems)
        let filter = AccountQueries.PartialFilter(
            companyId: request.session.companyId, payerId: request.queryInt("convenio"), status: status,
            from: from, to: to, sectorId: request.queryInt("setor"),
            onlyUnpriced: request.query("sempreco") == "1", onlyPending: request.query("pendencias") == "1", page: request.queryInt("pagina") ?? 1)
        // A refused filter lists nothing (not everything): the message above says why.
        let page = problems.isEmpty ? try await request.store.accounts.partials(filter) : Page(items: [], page: 1, perPage: filter.perPage, total: 0)
        let rows = page.items.map(WorklistRow.init)
        let rawQuery = request.request.uri.query
        func href(_ n: Int) -> String { SiteURL.accounts.page(n, keeping: rawQuery) }
        return try await request.render("partials", title: "Contas — parciais", section: "accounts", WorklistModel(
            rowsHTML: WorklistRow.tableBody(rows, canClose: request.identity.may(.editAccounts)), empty: rows.isEmpty,
            payers: OptionModel.list(payers.map { ($0.id ?? 0, $0.name) }, selected: filter.payerId),
            sectors: OptionModel.list(sectors.map { ($0.id ?? 0, $0.name) }, selected: filter.sectorId),
            statuses: OptionModel.list(PartialStatus.allCases.map { ($0.rawValue, $0.label) }, selected: status?.rawValue),
            de: request.query("de") ?? "", ate: request.query("ate") ?? "", problems: problems, hasProblems: !problems.isEmpty,
            onlyUnpriced: filter.onlyUnpriced, onlyPending: filter.onlyPending, canClose: request.identity.may(.editAccounts),
            pager: PagerModel(page, href: href),
            noCompany: request.session.companyId == nil), status: problems.isEmpty ? .ok : .unprocessableContent)
    }

    /// The partial's page; after a refused form it shows the errors beside that form with what was typed.
    static func partial(_ request: PageRequest, ncErrors: [FieldError] = [], reopenErrors: [FieldError] = [],
                        closingRefused: [String]? = nil, stale: Bool = false, form: FormData? = nil) async throws -> Response {
        let id = try request.id()
        let detail = try await request.store.accounts.partial(ID(id))
        // Patient data was read: LGPD asks for a trail of who saw it.
        try await request.store.audit.recordEvent(actor: request.actor, action: .read, entity: "partial", entityId: String(id),
                                                  detail: "paciente \(detail.patient.externalId ?? String(detail.patient.id ?? 0))")
        let closing = try await closingModel(request, detail: detail, ncErrors: ncErrors, reopenErrors: reopenErrors,
                                             closingRefused: closingRefused, stale: stale, form: form)
        var notice: String?
        if let result = request.query("precos") {
            let parts = result.split(separator: "-").compactMap { Int($0) }
            if parts.count >= 2 {
                notice = "Preços recalculados: \(BrazilianFormat.count(parts[0], "item com preço", "itens com preço")), \(BrazilianFormat.count(parts[1], "sem preço", "sem preço"))."
                if parts.count == 3, parts[2] > 0 {
                    notice! += " A regra de exames foi aplicada de novo, mantendo \(BrazilianFormat.count(parts[2], "percentual manual", "percentuais manuais")): o valor cobrado é o do percentual mostrado."
                }
            }
        }
        let removals = try await request.store.database.read { sql in try await ItemCorrectionRepository.removals(ofPartial: ID(id), on: sql) }
        let model = try PartialModel(detail, removals: removals, canEdit: request.identity.may(.editAccounts), notice: notice)
        let refused = !ncErrors.isEmpty || !reopenErrors.isEmpty || closingRefused != nil
        let risk = try await riskModel(request, detail: detail)
        return try await request.render("partial", title: "Parcial \(detail.partial.externalId)", section: "accounts",
                                        Merged(Merged(model, closing), risk), status: stale ? .conflict : refused ? .unprocessableContent : .ok)
    }

    /// The draft's codes its payer has often denied (the company's glosa-risk rule), for the biller to check before closing.
    static func riskModel(_ request: PageRequest, detail: AccountQueries.PartialDetail) async throws -> GlosaRiskBoxModel {
        guard detail.partial.status == .draft, detail.payerStandard == .convenio else { return GlosaRiskBoxModel(hasRisks: false, rule: "", risks: []) }
        let (rule, flags) = try await request.billing.glosaRisk.flags(for: detail.partial, items: detail.items)
        return GlosaRiskBoxModel(hasRisks: !flags.isEmpty, rule: rule.description, risks: flags.map {
            .init(code: $0.history.code, descriptions: $0.descriptions.joined(separator: "; "), hasDescriptions: !$0.descriptions.isEmpty,
                  sentence: $0.sentence(payerName: detail.payerName, rule: rule))
        })
    }

    static func unpriced(_ request: PageRequest) async throws -> Response {
        let page = try await request.store.accounts.unpricedItems(companyId: request.session.companyId, page: request.queryInt("pagina") ?? 1)
        let rawQuery = request.request.uri.query
        return try await request.render("unpriced", title: "Itens sem preço", section: "accounts",
                                        UnpricedModel(page) { SiteURL.unpriced.page($0, keeping: rawQuery) })
    }
}

/// The glosa-risk box of a draft partial's page.
struct GlosaRiskBoxModel: Sendable {
    struct Risk: Sendable { let code: String; let descriptions: String; let hasDescriptions: Bool; let sentence: String }
    let hasRisks: Bool
    let rule: String
    let risks: [Risk]
}
