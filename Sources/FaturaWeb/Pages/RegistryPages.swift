import Foundation
import FaturaDomain
import FaturaStore
import Hummingbird

/// List, new, create, edit, update, deactivate and activate pages for one registry.
struct RegistryPages<Adapter: RegistryPageAdapter>: Sendable {
    let adapter: Adapter

    init(_ adapter: Adapter) { self.adapter = adapter }

    var routes: [PageRoute] {
        let a = adapter
        return [
            PageRoute(.get, a.path, a.viewPermission) { try await list($0) },
            PageRoute(.get, a.path + "/new", a.managePermission) { request in
                try await form(request, title: a.newTitle, action: a.path, fields: try await a.fields(nil, request: request))
            },
            PageRoute(.post, a.path, a.managePermission) { request in
                let record = a.record(from: request.form)
                do {
                    let saved = try await a.create(record, request: request)
                    return request.redirect(a.path + "/\(saved.id ?? 0)/edit", notice: .created)
                } catch FaturaError.validation(let errors) {
                    let fields = try await a.fields(record, request: request).withErrors(errors)
                    return try await form(request, title: a.newTitle, action: a.path, fields: fields, errors: errors)
                }
            },
            PageRoute(.get, a.path + "/:id/edit", a.managePermission) { request in
                let record = try await a.registry(request.store).get(try request.id())
                return try await form(request, title: a.editTitle, action: a.path + "/\(try request.id())",
                                      fields: try await a.fields(record, request: request), record: record)
            },
            PageRoute(.post, a.path + "/:id", a.managePermission) { request in
                let id = try request.id()
                let existing = try await a.registry(request.store).get(id)
                var record = a.record(from: request.form)
                record.active = existing.active
                do {
                    _ = try await a.registry(request.store).update(id, with: record, by: request.actor)
                    return request.redirect(a.path + "/\(id)/edit", notice: .saved)
                } catch FaturaError.validation(let errors) {
                    let fields = try await a.fields(record, request: request).withErrors(errors)
                    return try await form(request, title: a.editTitle, action: a.path + "/\(id)", fields: fields,
                                          errors: errors, record: existing)
                }
            },
            PageRoute(.post, a.path + "/:id/deactivate", a.managePermission) { request in
                try a.checkSetActive(try request.id(), active: false, request: request)
                _ = try await a.registry(request.store).setActive(try request.id(), false, by: request.actor)
                return request.redirect(a.path, notice: .deactivated)
            },
            PageRoute(.post, a.path + "/:id/activate", a.managePermission) { request in
                _ = try await a.registry(request.store).setActive(try request.id(), true, by: request.actor)
                return request.redirect(a.path + "?situacao=inativos", notice: .activated)
            },
        ]
    }

    /// Filters: `q` (text), `situacao` (ativos | inativos | todos), `pagina`.
    func list(_ request: PageRequest) async throws -> Response {
        let state = request.query("situacao") ?? "ativos"
        let active: Bool? = state == "todos" ? nil : state != "inativos"
        let query = ListQuery(text: request.query("q"), active: active, page: request.queryInt("pagina") ?? 1)
        let page = try await adapter.registry(request.store).list(query)
        let canManage = request.identity.may(adapter.managePermission)
        let rows: [[String: Any]] = page.items.map { record in
            [
                "cells": adapter.cells(record).enumerated().map { ["text": $0.element, "first": $0.offset == 0] as [String: Any] },
                "editHref": "\(adapter.path)/\(record.id ?? 0)/edit",
                "toggleHref": "\(adapter.path)/\(record.id ?? 0)/" + (record.active ? "deactivate" : "activate"),
                "toggleLabel": record.active ? "Desativar" : "Reativar",
                "active": record.active,
            ]
        }
        func pageHref(_ number: Int) -> String {
            var parts = ["pagina=\(number)", "situacao=\(state)"]
            if let text = query.text { parts.append("q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            return adapter.path + "?" + parts.joined(separator: "&")
        }
        return try await request.render("registry_list", title: adapter.pluralTitle, section: adapter.section, [
            "heading": adapter.pluralTitle,
            "path": adapter.path,
            "columns": adapter.columns,
            "rows": rows,
            "empty": rows.isEmpty,
            "canManage": canManage,
            "newHref": adapter.path + "/new",
            "q": query.text ?? "",
            "states": [("ativos", "Ativos"), ("inativos", "Inativos"), ("todos", "Todos")].map {
                ["value": $0.0, "label": $0.1, "selected": $0.0 == state] as [String: Any]
            },
            "total": page.total,
            "pageNumber": page.page,
            "pageCount": page.pageCount,
            "previousHref": page.hasPrevious ? pageHref(page.page - 1) : "",
            "nextHref": page.hasNext ? pageHref(page.page + 1) : "",
        ])
    }

    func form(_ request: PageRequest, title: String, action: String, fields: [FormField],
              errors: [FieldError] = [], record: Adapter.Record? = nil) async throws -> Response {
        var values: [String: Any] = [
            "heading": title,
            "action": action,
            "fields": fields.map(\.context),
            "cancelHref": adapter.path,
            "errorSummary": errors.isEmpty ? "" : FaturaError.validation(errors).message,
        ]
        if let record, let id = record.id {
            values["toggleHref"] = "\(adapter.path)/\(id)/" + (record.active ? "deactivate" : "activate")
            values["toggleLabel"] = record.active ? "Desativar" : "Reativar"
            values["inactive"] = !record.active
        }
        if let extra = record.flatMap({ adapter.extraFormSection($0) }) { values["extra"] = extra }
        return try await request.render("registry_form", title: title, section: adapter.section, values,
                                        status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

extension RegistryPageAdapter {
    /// An optional block under the edit form (the user page's password reset).
    func extraFormSection(_ record: Record) -> [String: Any]? { nil }
}
