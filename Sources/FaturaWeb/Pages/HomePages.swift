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
            return try await request.render("home", title: "Início", section: "home", HomeModel(
                cards: cards,
                counts: [.init(label: "Coligadas ativas", value: companies), .init(label: "Convênios ativos", value: payers),
                         .init(label: "Setores ativos", value: sectors)],
                showCounts: request.identity.may(.viewRegistries)))
        },
    ]
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

    let cards: [Card]
    let counts: [Count]
    let showCounts: Bool
}
