import FaturaDomain
import FaturaStore
import FaturaTISS

/// The indicators page: each breakdown read as grouped sums, labelled, and turned into the table
/// the page draws its chart from — the same table its CSV holds.
public struct IndicatorService: BillingService {
    let context: ServiceContext

    /// How a section's numbers are drawn.
    public enum Chart: Sendable { case bars, line, stacked }

    /// One bar or point: its label, its size in the section's unit (basis points, centavos, tenths
    /// of a day) and the text written beside it.
    public struct Point: Sendable, Hashable {
        public let label: String
        public let value: Int64
        public let text: String

        public init(label: String, value: Int64, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    public struct Section: Sendable {
        public let id: String
        public let title: String
        public let note: String
        public let chart: Chart
        /// What the chart draws: bars or the line's points, or for `.stacked` one point list per series.
        public let points: [Point]
        public let series: [(name: String, points: [Point])]
        /// The numbers of the chart (first column the label): shown below it and downloaded as CSV.
        public let table: SpreadsheetTable

        init(id: String, title: String, note: String, chart: Chart, points: [Point] = [], series: [(name: String, points: [Point])] = [], table: SpreadsheetTable) {
            self.id = id
            self.title = title
            self.note = note
            self.chart = chart
            self.points = points
            self.series = series
            self.table = table
        }
    }

    /// The page's sections in their order: those of the kept sums, then the work in progress.
    public func sections(_ scope: IndicatorQueries.Scope) async throws -> [Section] {
        let money = try await moneySections(scope)
        return Self.ordered(money.sections + (try await workSections(scope, billerRates: money.billerRates)))
    }

    /// The order the page shows the sections in, whichever part built them.
    public static let order = ["convenio", "mes", "motivo", "tipo", "setor", "prazo", "producao", "dinheiro", "bloqueadas", "prazos", "faturistas"]

    public static func ordered(_ sections: [Section]) -> [Section] { ordered(sections, id: \.id) }

    /// Anything drawn from the sections (the page's models) in the page's order, by section id.
    public static func ordered<T>(_ items: [T], id: (T) -> String) -> [T] {
        items.sorted { (order.firstIndex(of: id($0)) ?? order.count) < (order.firstIndex(of: id($1)) ?? order.count) }
    }

    /// What the kept sums say (glosa rates, payment delays, where each competence's money is): these
    /// change only with the invoices' money, so the page may keep them per `DataVersion.money`.
    public struct MoneySections: Sendable {
        public let sections: [Section]
        /// Each biller's glosa rate, for the billers' section (which also counts their work).
        public let billerRates: [String: GlosaRateRow]
    }

    public func moneySections(_ scope: IndicatorQueries.Scope) async throws -> MoneySections {
        let queries = IndicatorQueries(database: database)
        let payers = Dictionary(try await store.payers.all().map { (String($0.id ?? 0), $0.name) }, uniquingKeysWith: { a, _ in a })
        let sectors = Dictionary(try await store.sectors.all().map { (String($0.id ?? 0), $0.name) }, uniquingKeysWith: { a, _ in a })
        let book = GlosaReasonBook.shared
        func labelled(_ rows: [GlosaRateRow], _ label: (String) -> String) -> [GlosaRateRow] {
            rows.map { var row = $0; row.label = label(row.key); return row }
        }
        let breakdowns = try await queries.glosaBreakdowns(IndicatorQueries.Dimension.allCases, scope)
        let byPayer = labelled(breakdowns[.payer] ?? []) { payers[$0] ?? "convênio \($0)" }.sorted { $0.label < $1.label }
        let byMonth = labelled(breakdowns[.month] ?? []) { Competence($0)?.label ?? $0 }
        let byReason = labelled(breakdowns[.reason] ?? []) { book.label($0) }.filter { $0.count > 0 }.sorted { ($0.glosa, $1.key) > ($1.glosa, $0.key) }
        let byKind = labelled(breakdowns[.kind] ?? []) { GlosaKind(rawValue: $0)?.label ?? $0 }.filter { $0.count > 0 }
        let bySector = labelled(breakdowns[.sector] ?? []) { $0.isEmpty ? "sem setor de origem" : sectors[$0] ?? "setor \($0)" }
        let byBiller = labelled(breakdowns[.biller] ?? []) { $0.isEmpty ? "não registrado" : $0 }
        let delays = PaymentDelay.byPayer(try await queries.paymentDelays(scope))
        let mapRows = try await TrackingMapQueries(database: database).rows(TrackingMapFilter(companyId: scope.companyId, payerId: scope.payerId, from: scope.from,
                                                                                            to: scope.to, sentOnly: true))
        let money = CompetenceMoney.byCompetence(mapRows)

        func rate(_ value: Percentage?) -> SpreadsheetTable.Cell { value.map { .percent($0) } ?? .empty }
        func rateTable(_ title: String, _ first: String, _ rows: [GlosaRateRow]) -> SpreadsheetTable {
            SpreadsheetTable(title: title, headers: [first, "Apresentado", "Glosa", "Glosas", "Taxa de glosa", "Recuperado em recurso", "Perdido em recurso", "Taxa de recuperação"],
                             rows: rows.map { .init([.text($0.label), .money($0.presented), .money($0.glosa), .integer($0.count), rate($0.rate),
                                                     .money($0.recovered), .money($0.lost), rate($0.recoveryRate)]) })
        }
        func ratePoints(_ rows: [GlosaRateRow]) -> [Point] {
            rows.map { Point(label: $0.label, value: Int64($0.rate?.basisPoints ?? 0), text: $0.rate.map(BrazilianFormat.percentage) ?? "—") }
        }
        func glosaPoints(_ rows: [GlosaRateRow]) -> [Point] {
            rows.map { Point(label: $0.label, value: $0.glosa.cents, text: BrazilianFormat.currency($0.glosa)) }
        }
        let sections: [Section] = [
            Section(id: "convenio", title: "Taxa de glosa por convênio", note: "Glosa ÷ apresentado das faturas enviadas no período; recuperação = recuperado ÷ (recuperado + perdido) nos recursos respondidos.",
                    chart: .bars, points: ratePoints(byPayer), table: rateTable("Glosa por convênio", "Convênio", byPayer)),
            Section(id: "mes", title: "Taxa de glosa por competência", note: "A tendência mês a mês.",
                    chart: .line, points: ratePoints(byMonth), table: rateTable("Glosa por competência", "Competência", byMonth)),
            Section(id: "motivo", title: "Glosa por motivo (TUSS 38)", note: "Valor glosado por motivo; a taxa é sobre todo o apresentado no período.",
                    chart: .bars, points: glosaPoints(Array(byReason.prefix(12))), table: rateTable("Glosa por motivo", "Motivo", byReason)),
            Section(id: "tipo", title: "Glosa por tipo", note: "Administrativa, técnica e contratual.",
                    chart: .bars, points: glosaPoints(byKind), table: rateTable("Glosa por tipo", "Tipo", byKind)),
            Section(id: "setor", title: "Taxa de glosa por setor de origem", note: "O setor que gerou a conta: onde a causa da glosa pode ser corrigida.",
                    chart: .bars, points: ratePoints(bySector), table: rateTable("Glosa por setor", "Setor", bySector)),
            Section(id: "prazo", title: "Prazo médio do envio ao pagamento", note: "Dias corridos entre o envio da fatura e o primeiro pagamento, nas faturas já pagas.",
                    chart: .bars, points: delays.map { Point(label: $0.payerName, value: Int64($0.averageTenths), text: Self.tenths($0.averageTenths) + " dias") },
                    table: SpreadsheetTable(title: "Prazo de pagamento", headers: ["Convênio", "Faturas pagas", "Dias (média)"], rows: delays.map {
                        .init([.text($0.payerName), .integer($0.invoices), .tenths($0.averageTenths)])
                    })),
            Section(id: "dinheiro", title: "Onde está o dinheiro de cada competência", note: "Pago, baixado (glosa aceita ou perdida), glosa recuperada a receber e o restante em aberto: somam o apresentado.",
                    chart: .stacked, series: [
                        ("Pago", money.map { Point(label: $0.competence.label, value: $0.paid.cents, text: BrazilianFormat.currency($0.paid)) }),
                        ("Baixado", money.map { Point(label: $0.competence.label, value: $0.givenUp.cents, text: BrazilianFormat.currency($0.givenUp)) }),
                        ("Recuperado a receber", money.map { Point(label: $0.competence.label, value: $0.recoveredToReceive.cents, text: BrazilianFormat.currency($0.recoveredToReceive)) }),
                        ("Em aberto", money.map { Point(label: $0.competence.label, value: $0.open.cents, text: BrazilianFormat.currency($0.open)) }),
                    ],
                    table: SpreadsheetTable(title: "Dinheiro por competência", headers: ["Competência", "Apresentado", "Pago", "Baixado", "Recuperado a receber", "Em aberto"],
                                                             rows: money.map { .init([.text($0.competence.label), .money($0.presented), .money($0.paid), .money($0.givenUp),
                                                                                      .money($0.recoveredToReceive), .money($0.open)]) })),
        ]
        return MoneySections(sections: sections, billerRates: Dictionary(byBiller.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// What the work in progress says (production not yet invoiced, partials held by
    /// non-conformities, deadlines at risk, each biller's work): read on every request.
    public func workSections(_ scope: IndicatorQueries.Scope, billerRates: [String: GlosaRateRow]) async throws -> [Section] {
        let queries = IndicatorQueries(database: database)
        let today = clock.today()
        let production = AgeBucket.buckets(try await queries.uninvoicedProduction(companyId: scope.companyId, payerId: scope.payerId), today: today)
        let billers = try await queries.billers(scope, clock: clock)
        let blocked = try await queries.blockedPartials(companyId: scope.companyId)
        let atRisk = try await queries.deadlinesAtRisk(companyId: scope.companyId, until: today.adding(days: 7))
        func rate(_ value: Percentage?) -> SpreadsheetTable.Cell { value.map { .percent($0) } ?? .empty }
        var sections: [Section] = [
            Section(id: "producao", title: "Produção ainda não faturada, por idade", note: "Parciais (em aberto ou encerradas) fora de qualquer fatura, pelo fim do período de atendimento.",
                    chart: .bars, points: production.map { Point(label: $0.label, value: $0.total.cents, text: BrazilianFormat.currency($0.total)) },
                    table: SpreadsheetTable(title: "Produção não faturada", headers: ["Idade", "Parciais", "Valor"], rows: production.map {
                        .init([.text($0.label), .integer($0.partials), .money($0.total)])
                    })),
        ]
        sections.append(Section(id: "bloqueadas", title: "Parciais retidas por não conformidades", note: "Parciais em elaboração com não conformidade no setor (aberta) ou aguardando a conferência do faturamento, por setor.",
                                chart: .bars, points: blocked.map { Point(label: $0.sectorName, value: $0.total.cents, text: BrazilianFormat.currency($0.total) + " · " + BrazilianFormat.count($0.partials, "parcial", "parciais")) },
                                table: SpreadsheetTable(title: "Parciais retidas", headers: ["Setor", "Parciais", "Valor"], rows: blocked.map {
                                    .init([.text($0.sectorName), .integer($0.partials), .money($0.total)])
                                })))
        sections.append(Section(id: "prazos", title: "Prazos de entrega em risco", note: "Faturas ainda não enviadas com prazo de entrega vencido ou nos próximos 7 dias.",
                                chart: .bars, points: atRisk.map { r in
                                    let days = r.deadline.daysSinceEpoch - today.daysSinceEpoch
                                    return Point(label: "\(r.payerName) · fatura \(r.number)", value: r.total.cents,
                                                 text: days < 0 ? "atrasada \(BrazilianFormat.count(-days, "dia", "dias"))" : days == 0 ? "vence hoje" : "vence em \(BrazilianFormat.count(days, "dia", "dias"))")
                                }, table: SpreadsheetTable(title: "Prazos em risco", headers: ["Convênio", "Fatura", "Competência", "Prazo", "Dias até o prazo", "Valor"], rows: atRisk.map { r in
                                    .init([.text(r.payerName), .integer(r.number), .text(Competence(r.competence)?.label ?? r.competence), .date(r.deadline),
                                           .integer(r.deadline.daysSinceEpoch - today.daysSinceEpoch), .money(r.total)])
                                })))
        sections.append(Section(id: "faturistas", title: "Faturistas", note: "Parciais encerradas no período, faturas enviadas (e no prazo) e a taxa de glosa do que cada um faturou.",
                                chart: .bars, points: billers.map { b in
                                    let r = billerRates[b.username]
                                    return Point(label: b.username, value: Int64(r?.rate?.basisPoints ?? 0), text: r?.rate.map(BrazilianFormat.percentage) ?? "—")
                                }, table: SpreadsheetTable(title: "Faturistas", headers: ["Faturista", "Parciais encerradas", "Faturas enviadas", "No prazo", "Apresentado", "Glosa", "Taxa de glosa"],
                                                                      rows: billers.map { b in
                                                                          let r = billerRates[b.username]
                                                                          return .init([.text(b.username), .integer(b.partialsClosed), .integer(b.invoicesSent), .integer(b.sentOnTime),
                                                                                        .money(r?.presented ?? .zero), .money(r?.glosa ?? .zero), rate(r?.rate)])
                                                                      })))
        return sections
    }

    /// 325 → "32,5".
    public static func tenths(_ value: Int) -> String { SpreadsheetTable.decimal(Int64(value), digits: 1, separator: ",") }
}
