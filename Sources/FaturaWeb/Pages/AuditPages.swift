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
            let labels = Dictionary(uniqueKeysWithValues: entities)
            let rows: [[String: Any]] = page.items.map { entry in
                [
                    "at": HospitalClock.display(entry.at),
                    "username": entry.username ?? "—",
                    "action": AuditAction(rawValue: entry.action)?.label ?? entry.action,
                    "entity": labels[entry.entity] ?? entry.entity,
                    "entityId": entry.entityId ?? "",
                    "before": entry.beforeJson ?? "",
                    "after": entry.afterJson ?? "",
                    "detail": entry.detail ?? "",
                ]
            }
            var filters: [String] = []
            for (name, value) in [("entidade", query.entity), ("id", query.entityId), ("usuario", query.username),
                                  ("acao", query.action), ("de", from.map(BrazilianFormat.date)), ("ate", to.map(BrazilianFormat.date))] {
                if let value { filters.append(name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            }
            func href(_ number: Int) -> String { "/audit?" + (filters + ["pagina=\(number)"]).joined(separator: "&") }
            return try await request.render("audit", title: "Auditoria", section: "audit", [
                "rows": rows,
                "empty": rows.isEmpty,
                "entities": entities.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == (query.entity ?? "")] as [String: Any] },
                "actions": ([("", "Todas")] + AuditAction.allCases.map { ($0.rawValue, $0.label) }).map {
                    ["value": $0.0, "label": $0.1, "selected": $0.0 == (query.action ?? "")] as [String: Any]
                },
                "usuario": query.username ?? "",
                "entityIdFilter": query.entityId ?? "",
                "de": from.map(BrazilianFormat.date) ?? "",
                "ate": to.map(BrazilianFormat.date) ?? "",
                "total": page.total,
                "pageNumber": page.page,
                "pageCount": page.pageCount,
                "previousHref": page.hasPrevious ? href(page.page - 1) : "",
                "nextHref": page.hasNext ? href(page.page + 1) : "",
            ])
        },
    ]
}
