import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// Tabelas de preços: AMB/CBHPM editions, own tables, drugs and materials, and the value tables;
/// each imported from CSV (every bad row reported by line, all or nothing).
enum TablePages {
    static let routes = [
        PageRoute(.get, "/tables", .viewContracts) { try await list($0) },
        PageRoute(.post, "/tables", .manageContracts) { request in
            let table = PriceTable(kind: PriceTableKind(rawValue: request.form["kind"]) ?? .cbhpm, name: request.form["name"],
                                   edition: request.form.optional("edition"))
            do {
                let saved = try await request.store.priceTables.create(table, by: request.actor)
                return request.redirect(.table(saved.id ?? 0), notice: .created)
            } catch FaturaError.validation(let errors) {
                return try await list(request, errors: errors)
            }
        },
        PageRoute(.post, "/tables/values", .manageContracts) { request in
            do {
                guard let file = request.form.files["file"], !file.text.isEmpty else {
                    throw FaturaError.validation([FieldError("file", "Escolha o arquivo CSV da tabela de valores.")])
                }
                guard let from = request.form.optional("validFrom").flatMap(CalendarDay.init(typed:)) else {
                    throw FaturaError.validation([FieldError("validFrom", "Informe o início da vigência (dd/mm/aaaa).")])
                }
                let table = try await TableImporter.readValueTable(series: request.form["series"], validFrom: from,
                                                                   validTo: request.form.optional("validTo").flatMap(CalendarDay.init(typed:)),
                                                                   from: TextLines(file.text, encoding: file.encoding))
                _ = try await request.store.valueTables.save(table, by: request.actor)
                return request.redirect(.tables, notice: file.encoding == .windows1252 ? .savedWindows1252 : .saved)
            } catch FaturaError.validation(let errors) {
                return try await list(request, errors: errors)
            }
        },
        PageRoute(.get, "/tables/:id", .viewContracts) { try await show($0) },
        PageRoute(.post, "/tables/:id/import", .manageContracts) { request in
            let table = try await request.store.priceTables.get(try request.id())
            do {
                guard let file = request.form.files["file"], !file.text.isEmpty else {
                    throw FaturaError.validation([FieldError("file", "Escolha o arquivo CSV.")])
                }
                let source = TextLines(file.text, encoding: file.encoding)
                let summary = table.isProcedureTable
                    ? try await request.store.importer.importProcedures(into: table, from: source, by: request.actor)
                    : try await request.store.importer.importValues(into: table, from: source, by: request.actor)
                return request.redirect(SiteURL.table(table.id ?? 0).with([
                    ("importadas", String(summary.rows)), ("codificacao", summary.encoding == .windows1252 ? "windows-1252" : nil),
                ]))
            } catch FaturaError.validation(let errors) {
                return try await show(request, errors: errors)
            }
        },
    ]

    static func list(_ request: PageRequest, errors: [FieldError] = []) async throws -> Response {
        let tables = try await request.store.priceTables.all()
        let values = try await request.store.valueTables.list()
        return try await request.render("tables", title: "Tabelas de preços", section: "contracts", TableListModel(
            tables: tables.map { .init(href: SiteURL.table($0.id ?? 0).path, name: $0.name, kind: $0.kind.label, edition: $0.edition ?? "—") },
            values: values.map { v in
                .init(series: v.series, validity: validity(v.validFrom, v.validTo), portes: v.porteValues.count,
                      uco: v.ucoValue.map { "R$ " + $0.description } ?? "—", ch: v.chValue.map { "R$ " + $0.description } ?? "—",
                      film: v.filmValue.map { "R$ " + $0.description } ?? "—")
            },
            kinds: PriceTableKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: false) },
            canManage: request.identity.may(.manageContracts), errors: errors.map { .init(field: $0.field, message: $0.message) },
            hasErrors: !errors.isEmpty), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func validity(_ from: CalendarDay, _ to: CalendarDay?) -> String {
        BrazilianFormat.date(from) + (to.map { " a " + BrazilianFormat.date($0) } ?? " em diante")
    }

    static func show(_ request: PageRequest, errors: [FieldError] = []) async throws -> Response {
        let table = try await request.store.priceTables.get(try request.id())
        let page = try await request.store.tableQueries.entries(of: table, code: request.query("q"), page: request.queryInt("pagina") ?? 1)
        let rows = page.items.map { e in
            TableModel.Row(code: e.code, description: e.description, porte: e.procedure.map { $0.porte?.description ?? "—" },
                           uco: e.procedure?.uco.description, film: e.procedure?.film.description, ch: e.procedure?.ch.description,
                           value: e.priced.map { BrazilianFormat.currency($0.value) }, validity: e.priced.map { validity($0.validFrom, $0.validTo) })
        }
        let header = switch table.kind {
        case .cbhpm: "codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico"
        case .amb: "codigo;descricao;ch;filme"
        case .sigtap: "codigo;descricao;valor_sh;valor_sa;valor_sp;competencia"
        default: "codigo;descricao;valor;inicio_vigencia;fim_vigencia"
        }
        var notice: String?
        if let imported = request.queryInt("importadas") {
            let encoding = request.query("codificacao") == "windows-1252" ? " " + (TextEncoding.windows1252.notice ?? "") : ""
            notice = "Importação concluída: \(imported) linha(s)." + encoding
        }
        let tableURL = SiteURL.table(table.id ?? 0)
        return try await request.render("table", title: table.name, section: "contracts", TableModel(
            id: table.id ?? 0, name: table.name, kind: table.kind.label, edition: table.edition ?? "—",
            procedure: table.isProcedureTable, cbhpm: table.kind == .cbhpm, rows: rows, empty: rows.isEmpty, total: page.total,
            q: request.query("q") ?? "", header: header, canManage: request.identity.may(.manageContracts),
            errors: errors.map { .init(field: $0.field, message: $0.message) }, hasErrors: !errors.isEmpty,
            pager: PagerModel(page) { tableURL.with([("pagina", String($0)), ("q", request.query("q"))]) }, notice: notice),
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
