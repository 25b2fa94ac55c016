import FaturaBilling
import FaturaDomain
import FaturaStore

/// The start page: the current company and the modules the user's role opens.
enum HomePages {
    static let routes = [
        PageRoute(.get, "/", .useApplication) { request in
            let store = request.store
            let payers = try await store.payers.list(ListQuery(active: true, perPage: 1)).total
            let companies = try await store.companies.list(ListQuery(active: true, perPage: 1)).total
            let sectors = try await store.sectors.list(ListQuery(active: true, perPage: 1)).total
            let cards = Layout.modules.dropFirst().filter { request.identity.may($0.permission) }.map {
                HomeModel.Card(label: $0.label, href: $0.href, text: ModulePages.summary[$0.section] ?? "")
            }
            let sent = try await sentInvoices(request)
            return try await request.render("home", title: "Início", section: "home", HomeModel(
                work: try await work(request, sent: sent), money: try await money(request, sent: sent), cards: cards,
                counts: [.init(label: "Coligadas ativas", value: companies), .init(label: "Convênios ativos", value: payers),
                         .init(label: "Setores ativos", value: sectors)],
                showCounts: request.identity.may(.viewRegistries)))
        },
    ]

    /// The map's rows of the invoices sent in the last 24 competences, read once for both the day's
    /// work (payments overdue) and the money view (the last 12); nil for who does not see the map.
    static func sentInvoices(_ request: PageRequest) async throws -> [TrackingMapRow]? {
        guard request.identity.may(.viewTrackingMap), let companyId = request.session.companyId else { return nil }
        let range = TrackingMapFilter.lastTwelveMonths(before: request.today)
        return try await request.billing.trackingMap.map(TrackingMapFilter(companyId: companyId, from: range.from.adding(months: -12), to: range.to,
                                                                          sentOnly: true)).map.rows
    }

    /// The last twelve months' money (sent invoices) and the glosa rate by competence.
    static func money(_ request: PageRequest, sent: [TrackingMapRow]?) async throws -> HomeModel.Money? {
        guard let sent, let companyId = request.session.companyId else { return nil }
        let range = TrackingMapFilter.lastTwelveMonths(before: request.today)
        let rows = sent.filter { $0.competence >= range.from }
        let t = TrackingMapTotals(rows)
        let months = try await IndicatorQueries(database: request.store.database).glosaBreakdown(.month, .init(companyId: companyId, from: range.from, to: range.to))
        let points = months.map { IndicatorService.Point(label: Competence($0.key)?.label ?? $0.key, value: Int64($0.rate?.basisPoints ?? 0),
                                                         text: $0.rate.map(BrazilianFormat.percentage) ?? "—") }
        return .init(period: range.from.label + " a " + range.to.label, presented: BrazilianFormat.currency(t.presented), paid: BrazilianFormat.currency(t.paid),
                     glosa: BrazilianFormat.currency(t.glosa), givenUp: BrazilianFormat.currency(t.givenUp), balance: BrazilianFormat.currency(t.balance),
                     rate: GlosaRateRow.ratio(t.glosa, t.presented).map(BrazilianFormat.percentage) ?? "—",
                     trend: points.isEmpty ? "" : SVGChart.line("tendencia", "Taxa de glosa por competência", points), hasTrend: !points.isEmpty,
                     mapHref: SiteURL.map.with([("de", range.from.label), ("ate", range.to.label)]))
    }

    /// Today's work of the person's role, each a link to the list that holds it.
    static func work(_ request: PageRequest, sent: [TrackingMapRow]?) async throws -> [HomeModel.Work] {
        let store = request.store, identity = request.identity, today = request.today
        guard let companyId = request.session.companyId else { return [] }
        var work: [HomeModel.Work] = []
        func item(_ count: Int, _ singular: String, _ plural: String, _ href: String, late: Bool = false) {
            work.append(.init(text: BrazilianFormat.count(count, singular, plural), href: href, late: late && count > 0))
        }
        if let sectorId = identity.confinedSectorId {
            let (queue, overdue) = try await store.nonConformityQueries.entries(
                .init(companyId: companyId, sectorId: sectorId, statuses: [.open]), page: 1, perPage: 1, today: today)
            item(queue.total, "prontuário para corrigir", "prontuários para corrigir", SiteURL.queue(sector: sectorId).path)
            item(overdue, "com prazo vencido", "com prazo vencido", SiteURL.queue(sector: sectorId).path, late: true)
            try await department(request, companyId: companyId, sectorId: sectorId, item)
            return work
        }
        try await department(request, companyId: companyId, sectorId: nil, item)
        // Contract proposals: the board's to decide; billing's returned with a counter-proposal or in analysis.
        if identity.may(.decideProposals) || identity.may(.manageContracts) {
            let proposals = try await request.billing.proposals.counts(companyId: companyId)
            if identity.may(.decideProposals) {
                item(proposals[.atBoard] ?? 0, "proposta de contrato aguardando a decisão da diretoria",
                     "propostas de contrato aguardando a decisão da diretoria", SiteURL.proposals.path)
            }
            if identity.may(.manageContracts) {
                item(proposals[.returned] ?? 0, "proposta devolvida pela diretoria com contraproposta",
                     "propostas devolvidas pela diretoria com contraproposta", SiteURL.proposals.path, late: true)
                item(proposals[.analysis] ?? 0, "proposta de contrato em análise", "propostas de contrato em análise", SiteURL.proposals.path)
            }
        }
        if identity.may(.viewGlosas) {
            let glosas = try await store.glosas.dueSoon(companyId: companyId, today: today, days: 5)
            item(glosas.late, "glosa com prazo de recurso vencido", "glosas com prazo de recurso vencido",
                 SiteURL.glosas.with([("venceAte", BrazilianFormat.date(today.adding(days: -1)))]), late: true)
            item(glosas.count - glosas.late, "glosa vencendo em 5 dias", "glosas vencendo em 5 dias",
                 SiteURL.glosas.with([("venceAte", BrazilianFormat.date(today.adding(days: 5)))]), late: true)
            item(glosas.awaitingOpinion, "glosa técnica aguardando parecer da auditoria", "glosas técnicas aguardando parecer da auditoria",
                 SiteURL.glosas.with([("parecer", "pendente")]))
            let payers = try await store.payers.all().filter { $0.billingStandard == .convenio }.compactMap(\.id)
            item(try await store.statements.awaitingMatch(payerIds: payers), "demonstrativo com linhas a associar", "demonstrativos com linhas a associar", SiteURL.glosas.path)
        }
        guard identity.may(.viewAccounts) else { return work }
        // Invoices due this week: the payers whose next delivery deadline is within 7 days.
        if identity.may(.viewInvoices) {
            let due = try await store.payerTerms.all(companyId: companyId).filter { terms in
                terms.upcoming(from: today, count: 1).first.map { $0.deadline.daysSinceEpoch - today.daysSinceEpoch <= 7 } ?? false
            }.count
            item(due, "convênio com faturas a entregar nesta semana", "convênios com faturas a entregar nesta semana", SiteURL.deliveryCalendar.path, late: true)
            let unsent = try await store.invoices.unsent(companyId: companyId)
            let late = unsent.filter { $0.isLate(today: today) }.count
            let soon = unsent.filter { invoice in invoice.deadline.map { $0 >= today && $0.daysSinceEpoch - today.daysSinceEpoch <= 7 } ?? false }.count
            item(late, "fatura com prazo de entrega vencido, não enviada", "faturas com prazo de entrega vencido, não enviadas", SiteURL.invoices.path, late: true)
            item(soon, "fatura a entregar nesta semana", "faturas a entregar nesta semana", SiteURL.invoices.path)
        }
        if let sent {
            // Sent invoices whose payment day passed with what was released still unpaid (the map's "atrasadas").
            let range = TrackingMapFilter.lastTwelveMonths(before: today)
            let overdue = sent.filter { $0.isPaymentOverdue(today: today) }.count
            item(overdue, "fatura com pagamento vencido", "faturas com pagamento vencido",
                 SiteURL.map.with([("de", range.from.adding(months: -12).label), ("ate", range.to.label), ("atrasadas", "1")]), late: true)
        }
        let drafts = try await store.accounts.partials(.init(companyId: companyId, status: .draft, perPage: 1))
        work.append(.init(text: (drafts.totalIsLowerBound ? "Mais de " + BrazilianFormat.integer(drafts.total - 1) : BrazilianFormat.integer(drafts.total))
                              + (drafts.total == 1 ? " parcial em elaboração" : " parciais em elaboração"),
                          href: SiteURL.accounts.with([("situacao", PartialStatus.draft.rawValue)]), late: false))
        let unpriced = try await store.accounts.unpricedItems(companyId: companyId, page: 1, perPage: 1).total
        item(unpriced, "item sem preço", "itens sem preço", SiteURL.unpriced.path, late: true)
        let (toCheck, _) = try await store.nonConformityQueries.entries(.init(companyId: companyId, statuses: [.corrected]), page: 1, perPage: 1, today: today)
        item(toCheck.total, "correção de setor a conferir", "correções de setor a conferir", SiteURL.nonConformities.with([("situacao", "corrected")]))
        let (_, overdue) = try await store.nonConformityQueries.entries(.init(companyId: companyId, statuses: [.open]), page: 1, perPage: 1, today: today)
        item(overdue, "não conformidade atrasada nos setores", "não conformidades atrasadas nos setores",
             SiteURL.nonConformities.with([("situacao", "overdue")]), late: true)
        return work
    }
}

extension HomePages {
    /// Notices not yet concluded (a sector's own, or all sectors' for billing) and record copies waiting.
    static func department(_ request: PageRequest, companyId: Int, sectorId: Int?,
                           _ item: (Int, String, String, String, Bool) -> Void) async throws {
        if request.identity.may(.viewNotices) {
            let (open, late) = try await request.billing.notices.openCount(companyId: companyId, sectorId: sectorId)
            if sectorId != nil {
                item(open, "comunicado de convênio para dar ciência", "comunicados de convênio para dar ciência", SiteURL.notices.path, false)
            }
            item(late, "ciência de comunicado em atraso", "ciências de comunicado em atraso", SiteURL.notices.path, true)
        }
        if request.identity.may(.viewRecordCopies) {
            let (open, overdue) = try await request.billing.recordCopies.openCounts(companyId: companyId)
            item(open, "pedido de cópia de prontuário em aberto", "pedidos de cópia de prontuário em aberto", SiteURL.recordCopies.path, false)
            item(overdue, "pedido de cópia de prontuário com prazo legal vencido", "pedidos de cópia de prontuário com prazo legal vencido", SiteURL.recordCopies.path, true)
        }
    }
}

/// `home.mustache`: a card per module the role opens, and the registries' counts.
struct HomeModel: Sendable {
    struct Card: Sendable {
        let label: String
        let href: String
        let text: String
    }

    struct Count: Sendable {
        let label: String
        let value: Int
    }

    /// One line of the day's work: "3 itens sem preço", linked to its list.
    struct Work: Sendable {
        let text: String
        let href: String
        let late: Bool
    }

    /// The money of the last twelve months and the glosa rate trend (for who sees the map: the board's home).
    struct Money: Sendable {
        let period: String
        let presented: String
        let paid: String
        let glosa: String
        let givenUp: String
        let balance: String
        let rate: String
        let trend: String
        let hasTrend: Bool
        let mapHref: String
    }

    let work: [Work]
    let money: Money?
    let cards: [Card]
    let counts: [Count]
    let showCounts: Bool
}
