import FaturaDomain
import FaturaStore
import Foundation

/// The audit log page: who changed what and when, filterable by entity, user, action and period.
enum AuditPages {
    static let entities: [(String, String)] = [
        ("", "Todas"), ("company", "Coligada"), ("payer", "Convênio"), ("sector", "Setor"), ("user", "Usuário"), ("api_token", "Token de API"),
    ]

    static let routes = [
        PageRoute(.get, "/audit", .viewAuditLog) { request in
            let from = request.query("de").flatMap(CalendarDay.init(typed:))
            let to = request.query("ate").flatMap(CalendarDay.init(typed:))
            let query = AuditQuery(entity: request.query("entidade"), entityId: request.query("id"),
                                   username: request.query("usuario")?.lowercased(), action: request.query("acao"),
                                   from: from?.iso, to: to?.iso, page: request.queryInt("pagina") ?? 1)
            let page = try await request.store.audit.list(query)
            let filters: [(String, String?)] = [("entidade", query.entity), ("id", query.entityId), ("usuario", query.username),
                                                ("acao", query.action), ("de", from.map(BrazilianFormat.date)), ("ate", to.map(BrazilianFormat.date))]
            func href(_ number: Int) -> String { SiteURL.audit.with(filters + [("pagina", String(number))]) }
            return try await request.render("audit", title: "Auditoria", section: "audit", AuditModel(
                page: page, query: query, from: from, to: to, entities: entities, pager: PagerModel(page, href: href)))
        },
    ]
}

/// `audit.mustache`: a page of the log, its filters and pager.
struct AuditModel: Sendable {
    struct Row: Sendable {
        let at: String
        let username: String
        let action: String
        let entity: String
        let entityId: String
        let before: String
        let after: String
        let detail: String
    }

    let rows: [Row]
    let empty: Bool
    let entities: [OptionModel]
    let actions: [OptionModel]
    let usuario: String
    let entityIdFilter: String
    let de: String
    let ate: String
    let pager: PagerModel

    init(page: Page<AuditEntry>, query: AuditQuery, from: CalendarDay?, to: CalendarDay?, entities: [(String, String)], pager: PagerModel) {
        let labels = Dictionary(uniqueKeysWithValues: entities)
        rows = page.items.map { entry in
            Row(at: HospitalClock.display(entry.at), username: entry.username ?? "—",
                action: AuditAction(rawValue: entry.action)?.label ?? entry.action, entity: labels[entry.entity] ?? entry.entity,
                entityId: entry.entityId ?? "", before: entry.beforeJson ?? "", after: entry.afterJson ?? "", detail: entry.detail ?? "")
        }
        empty = rows.isEmpty
        self.entities = OptionModel.list(entities, selected: query.entity ?? "")
        actions = OptionModel.list([("", "Todas")] + AuditAction.allCases.map { ($0.rawValue, $0.label) }, selected: query.action ?? "")
        usuario = query.username ?? ""
        entityIdFilter = query.entityId ?? ""
        de = from.map(BrazilianFormat.date) ?? ""
        ate = to.map(BrazilianFormat.date) ?? ""
        self.pager = pager
    }
}
