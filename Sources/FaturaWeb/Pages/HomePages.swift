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
                ["label": $0.label, "href": $0.href, "text": ModulePages.summary[$0.section] ?? ""]
            }
            return try await request.render("home", title: "Início", section: "home", [
                "cards": cards,
                "counts": [
                    ["label": "Coligadas ativas", "value": companies],
                    ["label": "Convênios ativos", "value": payers],
                    ["label": "Setores ativos", "value": sectors],
                ] as [[String: Any]],
                "showCounts": request.identity.may(.viewRegistries),
            ])
        },
    ]
}
