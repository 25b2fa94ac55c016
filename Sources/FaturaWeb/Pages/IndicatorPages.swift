import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Hummingbird

/// *Indicadores*: glosa rates by payer, month, reason, kind and origin sector, the appeals'
/// recovery, days to payment, production not yet invoiced, where each competence's money is and
/// the billers' figures — each a chart drawn on the server with its table and CSV.
enum IndicatorPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/map/indicators", .viewTrackingMap) { request in
            try await request.render("indicators", title: "Indicadores", section: "map", try await model(request))
        },
        PageRoute(.get, "/map/indicators/export.csv", .viewTrackingMap) { request in
            let (scope, _) = scope(request)
            let sections = try await request.billing.indicators.sections(scope)
            let period = "\(scope.from.description)-a-\(scope.to.description)"
            // Without a section: every table of the page in one file, each under its title.
            guard let wanted = request.query("quadro") else {
                return InvoicePages.download(CSVWriter.write(sections.map(\.table)), name: "indicadores-\(period).csv", type: "text/csv; charset=utf-8")
            }
            guard let section = sections.first(where: { $0.id == wanted }) else { throw FaturaError.notFound(entity: "quadro de indicadores") }
            return InvoicePages.download(CSVWriter.write(section.table), name: "indicador-\(section.id)-\(period).csv", type: "text/csv; charset=utf-8")
        },
    ]

    /// The period asked for (the last twelve months when none or an unreadable one), and the messages for what could not be read.
    static func scope(_ request: PageRequest) -> (IndicatorQueries.Scope, [String]) {
        var problems: [String] = []
        let standard = TrackingMapFilter.lastTwelveMonths(before: request.today)
        var from = standard.from, to = standard.to
        if let text = request.query("de") {
            if let value = Competence(String(text.prefix(10))) { from = value } else { problems.append("Competência inicial “\(text.prefix(10))” inválida: use mm/aaaa.") }
        }
        if let text = request.query("ate") {
            if let value = Competence(String(text.prefix(10))) { to = value } else { problems.append("Competência final “\(text.prefix(10))” inválida: use mm/aaaa.") }
        }
        if from > to {
            problems.append("A competência inicial (\(from.label)) é posterior à final (\(to.label)): mostrando os últimos 12 meses.")
            (from, to) = standard
        }
        return (IndicatorQueries.Scope(companyId: request.session.companyId ?? -1, from: from, to: to, payerId: request.queryInt("convenio")), problems)
    }

    /// The sections of the kept sums (and the payer list), kept per data version; the work in
    /// progress read fresh (see `PageCache`).
    struct MoneyPart: Sendable {
        let sections: [IndicatorsModel.Section]
        let billerRates: [String: GlosaRateRow]
        let payers: [IndicatorsModel.Option]
    }

    static func model(_ request: PageRequest) async throws -> IndicatorsModel {
        let (scope, problems) = scope(request)
        let query: [(String, String?)] = [("convenio", scope.payerId.map(String.init)), ("de", scope.from.label), ("ate", scope.to.label)]
        let version = try await request.store.database.moneyVersion()
        let key = "\(scope.companyId)|\(scope.payerId ?? 0)|\(scope.from)|\(scope.to)|\(request.today)"
        let money = try await request.environment.indicatorModels.value(key, version: version) {
            let money = try await request.billing.indicators.moneySections(scope)
            let payers = try await request.store.payers.all().filter { $0.billingStandard == .convenio }.sorted { $0.name < $1.name }
            return MoneyPart(sections: money.sections.map { section(request, $0, query) }, billerRates: money.billerRates,
                             payers: payers.map { .init(value: String($0.id ?? 0), label: $0.name, selected: $0.id == scope.payerId) })
        }
        let work = try await request.billing.indicators.workSections(scope, billerRates: money.billerRates).map { section(request, $0, query) }
        return IndicatorsModel(
            problems: problems, hasProblems: !problems.isEmpty, payers: money.payers,
            from: scope.from.label, to: scope.to.label, allCsvHref: SiteURL.indicatorExport.with(query),
            sections: IndicatorService.ordered(money.sections + work, id: \.id))
    }

    static func section(_ request: PageRequest, _ section: IndicatorService.Section, _ query: [(String, String?)]) -> IndicatorsModel.Section {
        let svg: String
        switch section.chart {
        case .bars: svg = SVGChart.bars(section.id, section.title, section.points)
        case .line: svg = SVGChart.line(section.id, section.title, section.points)
        case .stacked: svg = SVGChart.stacked(section.id, section.title, section.series)
        }
        let empty = section.table.rows.isEmpty
        var model = IndicatorsModel.Section(id: section.id, title: section.title, note: section.note, svg: empty ? "" : svg, empty: empty,
                                            headers: section.table.headers.enumerated().map { .init(label: $1, numeric: $0 > 0) },
                                            rows: section.table.rows.map { row in .init(cells: row.cells.map(cell)) },
                                            csvHref: SiteURL.indicatorExport.with(query + [("quadro", section.id)]))
        model.html = IndicatorSectionHTML.render(model)
        return model
    }

    static func cell(_ cell: SpreadsheetTable.Cell) -> IndicatorsModel.Cell {
        switch cell {
        case .text(let text): .init(text: text, numeric: false)
        case .integer(let value): .init(text: BrazilianFormat.integer(value), numeric: true)
        case .money(let value): .init(text: BrazilianFormat.currency(value), numeric: true)
        case .date(let day): .init(text: BrazilianFormat.date(day), numeric: false)
        case .percent(let value): .init(text: BrazilianFormat.percentage(value), numeric: true)
        case .tenths(let value): .init(text: IndicatorService.tenths(value), numeric: true)
        case .empty: .init(text: "", numeric: false)
        }
    }
}

/// `indicators.mustache`.
struct IndicatorsModel: Sendable {
    typealias Option = OptionModel
    struct Header: Sendable { let label: String; let numeric: Bool }
    struct Cell: Sendable { let text: String; let numeric: Bool }
    struct Row: Sendable { let cells: [Cell] }
    struct Section: Sendable {
        let id: String
        let title: String
        let note: String
        /// The chart's SVG, built with every text escaped (`SVGChart`), inserted as markup.
        let svg: String
        let empty: Bool
        let headers: [Header]
        let rows: [Row]
        let csvHref: String
        /// The whole section's markup (`IndicatorSectionHTML`), inserted with `{{{html}}}`.
        var html = ""
    }
    let problems: [String]
    let hasProblems: Bool
    let payers: [Option]
    let from: String
    let to: String
    let allCsvHref: String
    let sections: [Section]
}
