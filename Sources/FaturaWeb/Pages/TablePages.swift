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
                return request.redirect("/tables/\(saved.id ?? 0)", notice: .created)
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
                return request.redirect("/tables", notice: file.encoding == .windows1252 ? .savedWindows1252 : .saved)
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
                let encoding = summary.encoding == .windows1252 ? "&codificacao=windows-1252" : ""
                return request.redirect("/tables/\(table.id ?? 0)?importadas=\(summary.rows)\(encoding)")
            } catch FaturaError.validation(let errors) {
                return try await show(request, errors: errors)
            }
        },
    ]

    static func list(_ request: PageRequest, errors: [FieldError] = []) async throws -> Response {
        let tables = try await request.store.priceTables.all()
        let values = try await request.store.valueTables.list()
        return try await request.render("tables", title: "Tabelas de preços", section: "contracts", [
            "tables": tables.map { ["href": "/tables/\($0.id ?? 0)", "name": $0.name, "kind": $0.kind.label, "edition": $0.edition ?? "—"] },
            "values": values.map { v in
                [
                    "series": v.series, "validity": BrazilianFormat.date(v.validFrom) + (v.validTo.map { " a " + BrazilianFormat.date($0) } ?? " em diante"),
                    "portes": v.porteValues.count, "uco": v.ucoValue.map { "R$ " + $0.description } ?? "—",
                    "ch": v.chValue.map { "R$ " + $0.description } ?? "—", "film": v.filmValue.map { "R$ " + $0.description } ?? "—",
                ] as [String: Any]
            },
            "kinds": PriceTableKind.allCases.map { ["value": $0.rawValue, "label": $0.label] },
            "canManage": request.identity.may(.manageContracts),
            "errors": errors.map { ["field": $0.field, "message": $0.message] }, "hasErrors": !errors.isEmpty,
        ], status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func show(_ request: PageRequest, errors: [FieldError] = []) async throws -> Response {
        let table = try await request.store.priceTables.get(try request.id())
        let page = try await request.store.tableQueries.entries(of: table, code: request.query("q"), page: request.queryInt("pagina") ?? 1)
        let rows: [[String: Any]] = page.items.map { e in
            var row: [String: Any] = ["code": e.code, "description": e.description]
            if let p = e.procedure {
                row["porte"] = p.porte?.description ?? "—"
                row["uco"] = p.uco.description
                row["film"] = p.film.description
                row["ch"] = p.ch.description
            }
            if let v = e.priced {
                row["value"] = BrazilianFormat.currency(v.value)
                row["validity"] = BrazilianFormat.date(v.validFrom) + (v.validTo.map { " a " + BrazilianFormat.date($0) } ?? " em diante")
            }
            return row
        }
        let header = switch table.kind {
        case .cbhpm: "codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico"
        case .amb: "codigo;descricao;ch;filme"
        default: "codigo;descricao;valor;inicio_vigencia;fim_vigencia"
        }
        var values: [String: Any] = [
            "id": table.id ?? 0, "name": table.name, "kind": table.kind.label, "edition": table.edition ?? "—",
            "procedure": table.isProcedureTable, "cbhpm": table.kind == .cbhpm, "rows": rows, "empty": rows.isEmpty, "total": page.total,
            "q": request.query("q") ?? "", "header": header, "canManage": request.identity.may(.manageContracts),
            "errors": errors.map { ["field": $0.field, "message": $0.message] }, "hasErrors": !errors.isEmpty,
            "pageNumber": page.page, "pageCount": page.pageCount,
            "nextHref": page.hasNext ? "/tables/\(table.id ?? 0)?pagina=\(page.page + 1)" : "",
            "previousHref": page.hasPrevious ? "/tables/\(table.id ?? 0)?pagina=\(page.page - 1)" : "",
        ]
        if let imported = request.queryInt("importadas") {
            let encoding = request.query("codificacao") == "windows-1252" ? " " + (TextEncoding.windows1252.notice ?? "") : ""
            values["notice"] = "Importação concluída: \(imported) linha(s)." + encoding
        }
        return try await request.render("table", title: table.name, section: "contracts", values,
                                        status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
