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
                let saved = try await a.create(a.record(from: request.form), request: request)
                await a.didChange(request)
                return request.redirect(.registryEdit(a.path, saved.id ?? 0), notice: .created)
            }.redisplaying { request, refusal in
                try await form(request, title: a.newTitle, action: a.path, fields: try await a.fields(nil, request: request),
                               refusal: refusal, reload: SiteURL.registryNew(a.path).path)
            },
            PageRoute(.get, a.path + "/:id/edit", a.managePermission) { request in
                let record = try await a.registry(request.store).get(try request.id())
                return try await form(request, title: a.editTitle, action: SiteURL.registryRecord(a.path, try request.id()).path,
                                      fields: try await a.fields(record, request: request), record: record)
            },
            PageRoute(.post, a.path + "/:id", a.managePermission) { request in
                let id = try request.id()
                let existing = try await a.registry(request.store).get(id)
                var record = a.record(from: request.form)
                record.active = existing.active
                _ = try await a.registry(request.store).update(id, with: record, by: request.actor)
                await a.didChange(request)
                return request.redirect(.registryEdit(a.path, id), notice: .saved)
            }.redisplaying { request, refusal in
                let id = try request.id()
                let existing = try await a.registry(request.store).get(id)
                return try await form(request, title: a.editTitle, action: SiteURL.registryRecord(a.path, id).path,
                                      fields: try await a.fields(existing, request: request), refusal: refusal,
                                      reload: SiteURL.registryEdit(a.path, id).path, record: existing)
            },
            // Deactivating takes two steps without JavaScript: the first post asks, the second (with
            // `confirmar=1`) does it.
            PageRoute(.post, a.path + "/:id/deactivate", a.managePermission) { request in
                let id = try request.id()
                try a.checkSetActive(id, active: false, request: request)
                guard request.form["confirmar"] == "1" else {
                    let record = try await a.registry(request.store).get(id)
                    return try await request.render("confirm", title: "Desativar", section: a.section, ConfirmModel(
                        heading: "Desativar \(a.displayName(record))?",
                        text: "O registro deixa de aparecer nas listas de escolha; o que já foi lançado com ele não muda. Ele pode ser reativado depois.",
                        action: SiteURL.registryToggle(a.path, id, active: true).path, button: "Desativar",
                        cancelHref: SiteURL.registryEdit(a.path, id).path))
                }
                _ = try await a.registry(request.store).setActive(id, false, by: request.actor)
                await a.didChange(request)
                return request.redirect(.registry(a.path), notice: .deactivated)
            },
            PageRoute(.post, a.path + "/:id/activate", a.managePermission) { request in
                _ = try await a.registry(request.store).setActive(try request.id(), true, by: request.actor)
                await a.didChange(request)
                return request.redirect(SiteURL.registry(a.path).with([("situacao", "inativos")]), notice: .activated)
            },
        ]
    }

    /// Filters: `q` (text), `situacao` (ativos | inativos | todos), `pagina`.
    func list(_ request: PageRequest) async throws -> Response {
        let state = request.query("situacao") ?? "ativos"
        let active: Bool? = state == "todos" ? nil : state != "inativos"
        let query = ListQuery(text: request.query("q"), active: active, page: request.queryInt("pagina") ?? 1)
        let page = try await adapter.registry(request.store).list(query)
        let base = SiteURL.registry(adapter.path)
        func pageHref(_ number: Int) -> String {
            base.with([("pagina", String(number)), ("situacao", state), ("q", query.text)])
        }
        let cells = try await adapter.rows(page.items, request: request)
        let rows = zip(page.items, cells).map { record, cells in
            RegistryListModel.Row(cells: cells, editHref: SiteURL.registryEdit(adapter.path, record.id ?? 0).path,
                                  toggle: SiteURL.registryToggle(adapter.path, record.id ?? 0, active: record.active), active: record.active)
        }
        return try await request.render("registry_list", title: adapter.pluralTitle, section: adapter.section, RegistryListModel(
            heading: adapter.pluralTitle, path: adapter.path, columns: adapter.columns, rows: rows, empty: rows.isEmpty,
            canManage: request.identity.may(adapter.managePermission), newHref: SiteURL.registryNew(adapter.path).path, q: query.text ?? "",
            states: OptionModel.list([("ativos", "Ativos"), ("inativos", "Inativos"), ("todos", "Todos")], selected: state),
            pager: PagerModel(page, href: pageHref)))
    }

    /// The record's form; after a refusal, with what was typed and each message beside its field.
    func form(_ request: PageRequest, title: String, action: String, fields: [FormField],
              refusal: FormRefusal? = nil, reload: String = "", record: Adapter.Record? = nil) async throws -> Response {
        let toggle = record.flatMap { record in record.id.map { SiteURL.registryToggle(adapter.path, $0, active: record.active) } }
        let model = RegistryFormModel(
            heading: title, action: action, fields: fields.refused(refusal, typed: request.form).map(\.context), cancelHref: adapter.path,
            refusal: refusal.map { RefusalModel($0, reload: reload) },
            toggleHref: toggle?.path, toggleLabel: toggle.map { _ in record?.active == true ? "Desativar" : "Reativar" },
            inactive: toggle.map { _ in record?.active != true }, extra: record.flatMap { adapter.extraFormSection($0) })
        return try await request.render("registry_form", title: title, section: adapter.section, model,
                                        status: refusal?.status ?? .ok)
    }
}

extension RegistryPageAdapter {
    /// How the confirmation names the record: its list row's first cell (the name).
    func displayName(_ record: Record) -> String { cells(record).first ?? "" }

    /// An optional block under the edit form (the user page's password reset).
    func extraFormSection(_ record: Record) -> RegistryFormModel.Extra? { nil }
    func didChange(_ request: PageRequest) async {}
}
