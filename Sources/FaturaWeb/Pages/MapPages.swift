import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Hummingbird

/// *Mapa de acompanhamento de faturas*: one row per invoice of the company, always derived from the
/// data; filters in the query string so a filtered map is a link one can send; the CSV, XLSX and
/// A4 print of exactly the rows, order and groups on screen.
enum MapPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/map", .viewTrackingMap) { try await page($0) },
        PageRoute(.get, "/map/export.csv", .viewTrackingMap) { request in
            let (filter, _) = filter(request)
            let result = try await request.billing.trackingMap.map(filter)
            return InvoicePages.download(CSVWriter.write(TrackingMapService.table(result.map)), name: fileName(filter, ext: "csv"), type: "text/csv; charset=utf-8")
        },
        PageRoute(.get, "/map/export.xlsx", .viewTrackingMap) { request in
            let (filter, _) = filter(request)
            let result = try await request.billing.trackingMap.map(filter)
            return InvoicePages.download(try XLSXWriter.write(TrackingMapService.table(result.map)), name: fileName(filter, ext: "xlsx"),
                                         type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        },
        PageRoute(.get, "/map/print", .viewTrackingMap) { request in
            request.environment.renderer.html("map_print", try await cachedPage(request).model)
        },
    ]

    /// The filter the query asks for, and a pt-BR message for each value that could not be read
    /// (the map is shown without it). No competence in the query at all: the last twelve months.
    static func filter(_ request: PageRequest) -> (TrackingMapFilter, [String]) {
        var problems: [String] = []
        var filter = TrackingMapFilter(companyId: request.session.companyId ?? -1)
        filter.payerId = request.queryInt("convenio")
        let asked = request.request.uri.queryParameters
        if asked.get("de") == nil && asked.get("ate") == nil {
            (filter.from, filter.to) = TrackingMapFilter.lastTwelveMonths(before: request.today)
        } else {
            for (name, label) in [("de", "inicial"), ("ate", "final")] {
                guard let text = request.query(name) else { continue }
                guard let competence = Competence(String(text.prefix(10))) else {
                    problems.append("Competência \(label) “\(text.prefix(10))” inválida: use mm/aaaa.")
                    continue
                }
                if name == "de" { filter.from = competence } else { filter.to = competence }
            }
            if let from = filter.from, let to = filter.to, from > to {
                problems.append("A competência inicial (\(from.label)) é posterior à final (\(to.label)): mostrando os últimos 12 meses.")
                (filter.from, filter.to) = TrackingMapFilter.lastTwelveMonths(before: request.today)
            }
        }
        if let text = request.query("situacao") {
            if let status = InvoiceStatus(rawValue: text) { filter.status = status } else { problems.append("Situação “\(text.prefix(20))” desconhecida.") }
        }
        filter.lateOnly = request.query("atrasadas") == "1"
        filter.withBalance = request.query("saldo") == "1"
        filter.groupByPayer = request.query("agrupar") == "1"
        if let text = request.query("ordem") { filter.sort = TrackingMapColumn(rawValue: text) ?? .competence }
        filter.descending = request.query("desc") == "1"
        return (filter, problems)
    }

    /// The query that asks for `filter` (the export, print and sort links keep every choice).
    static func query(_ filter: TrackingMapFilter, sort: TrackingMapColumn? = nil, descending: Bool? = nil) -> [(String, String?)] {
        [("convenio", filter.payerId.map(String.init)), ("de", filter.from?.label ?? ""), ("ate", filter.to?.label ?? ""),
         ("situacao", filter.status?.rawValue), ("atrasadas", filter.lateOnly ? "1" : nil), ("saldo", filter.withBalance ? "1" : nil),
         ("agrupar", filter.groupByPayer ? "1" : nil), ("ordem", (sort ?? filter.sort).rawValue), ("desc", (descending ?? filter.descending) ? "1" : nil)]
    }

    static func fileName(_ filter: TrackingMapFilter, ext: String) -> String {
        "mapa-faturas" + (filter.from.map { "-\($0.description)" } ?? "") + (filter.to.map { "-a-\($0.description)" } ?? "") + "." + ext
    }

    static func page(_ request: PageRequest) async throws -> Response {
        try await request.render("map", title: "Mapa de faturas", section: "map", MapPage.Content(contentHTML: try await cachedPage(request).contentHTML))
    }

    /// The model and the page's content for this company, query and day, kept while the data has
    /// not changed (`PageCache`): the version is read before the data the model is built from. The
    /// content (everything but the layout, which names the user) is rendered once with the model.
    static func cachedPage(_ request: PageRequest) async throws -> MapPage {
        @Sendable func build() async throws -> MapPage {
            let model = try await model(request)
            return MapPage(model: model, contentHTML: request.environment.renderer.string("map_content", model))
        }
        let query = request.request.uri.query ?? ""
        // An absurdly long query is answered, not kept.
        guard query.utf8.count <= 1_000 else { return try await build() }
        let version = try await request.store.database.moneyVersion()
        let key = "\(request.session.companyId ?? -1)|\(request.today)|\(query)"
        return try await request.environment.mapModels.value(key, version: version, build: build)
    }

    static func model(_ request: PageRequest) async throws -> MapModel {
        let (filter, problems) = filter(request)
        let result = try await request.billing.trackingMap.map(filter)
        let map = result.map, today = request.today
        let payers = try await request.store.payers.all().sorted { $0.name < $1.name }
        func money(_ value: Money) -> String { BrazilianFormat.currency(value) }
        func day(_ value: CalendarDay?) -> String { value.map(BrazilianFormat.date) ?? "—" }
        func row(_ r: TrackingMapRow) -> MapModel.Row {
            MapModel.Row(href: SiteURL.invoice(r.invoiceId).path, payer: r.payerName, competence: r.competence.label, number: r.number,
                         batches: r.batchNumbers.map { "lote \($0)" }.joined(separator: " · "), hasBatches: !r.batchNumbers.isEmpty, protocols: r.protocols.joined(separator: ", "),
                         claims: r.claims, presented: money(r.presented), deadline: day(r.deadline), sentOn: r.sentOn.map(BrazilianFormat.date) ?? "não enviada",
                         deliveryLate: r.isDeliveryLate(today: today), paymentExpected: day(r.paymentExpected), paymentOverdue: r.isPaymentOverdue(today: today),
                         paid: money(r.paid), glosa: money(r.glosa), underAppeal: money(r.underAppeal), recovered: money(r.recovered),
                         givenUp: money(r.givenUp), balance: money(r.balance), status: r.status.label)
        }
        func totals(_ label: String, _ t: TrackingMapTotals) -> MapModel.Totals {
            MapModel.Totals(label: label, invoices: BrazilianFormat.count(t.invoices, "fatura", "faturas"), claims: t.claims, presented: money(t.presented),
                            paid: money(t.paid), glosa: money(t.glosa), underAppeal: money(t.underAppeal), recovered: money(t.recovered),
                            givenUp: money(t.givenUp), balance: money(t.balance))
        }
        let groups: [MapModel.Group] = map.groups.map { groups in
            groups.map { MapModel.Group(payer: $0.payerName, rows: $0.rows.map(row), subtotal: totals("Subtotal \($0.payerName)", $0.subtotal)) }
        } ?? [MapModel.Group(payer: "", rows: map.rows.map(row), subtotal: totals("", map.totals))]
        let headers = TrackingMapColumn.allCases.map { column in
            let active = column == filter.sort
            let nextDescending = active ? !filter.descending : column.isNumeric
            return MapModel.Header(label: column.label, href: SiteURL.map.with(query(filter, sort: column, descending: nextDescending)),
                                   numeric: column.isNumeric, sorted: active, descending: active && filter.descending,
                                   ariaSort: active ? (filter.descending ? "descending" : "ascending") : "none")
        }
        let company = try await request.session.companyId.asyncMap { try await request.store.companies.find($0)?.name }
        var summary: [String] = []
        if let id = filter.payerId { summary.append(payers.first { $0.id == id }?.name ?? "convênio \(id)") } else { summary.append("todos os convênios") }
        summary.append("competências " + (filter.from?.label ?? "…") + " a " + (filter.to?.label ?? "…"))
        if let status = filter.status { summary.append(status.label.lowercased()) }
        if filter.lateOnly { summary.append("só atrasadas") }
        if filter.withBalance { summary.append("só com saldo") }
        let current = query(filter), allTotals = totals("Total", map.totals)
        let table = MapTableHTML.render(caption: summary.joined(separator: " · "), headers: headers, groups: groups, grouped: filter.groupByPayer, totals: allTotals)
        return MapModel(
            problems: problems, hasProblems: !problems.isEmpty,
            payers: payers.filter { $0.billingStandard == .convenio || $0.id == filter.payerId }.map {
                .init(value: String($0.id ?? 0), label: $0.name, selected: $0.id == filter.payerId)
            },
            statuses: InvoiceStatus.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == filter.status) },
            from: filter.from?.label ?? "", to: filter.to?.label ?? "", lateOnly: filter.lateOnly, withBalance: filter.withBalance,
            grouped: filter.groupByPayer, sort: filter.sort.rawValue, descending: filter.descending, headers: headers, groups: groups,
            totals: allTotals, empty: map.rows.isEmpty, truncated: result.truncated,
            limit: BrazilianFormat.integer(TrackingMapQueries.rowLimit),
            csvHref: SiteURL.mapExport("csv").with(current), xlsxHref: SiteURL.mapExport("xlsx").with(current), printHref: SiteURL.mapPrint.with(current),
            company: company ?? "", printedOn: BrazilianFormat.date(today), filterSummary: summary.joined(separator: " · "), mapTable: table)
    }
}
