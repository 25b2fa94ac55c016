import FaturaDomain
import FaturaStore
import Foundation

/// The audit log: who changed what and when, each change as "campo: antes → depois"; and apart,
/// the LGPD access log of who read patient data.
enum AuditPages {
    static let entities: [(String, String)] = [
        ("", "Todas"), ("company", "Coligada"), ("payer", "Convênio"), ("sector", "Setor"), ("user", "Usuário"), ("api_token", "Token de API"),
        ("contract", "Contrato"), ("price_table", "Tabela de preços"), ("value_table", "Tabela de valores"), ("exam_group", "Grupo de exames"),
        ("partial", "Parcial"), ("charge_item", "Lançamento"), ("his_document", "Documento do HIS"), ("nonconformity", "Não conformidade"),
        ("nonconformity_type", "Tipo de não conformidade"), ("record_return", "Devolução de prontuários"), ("sector_queue", "Fila do setor"),
        ("exam_rule_run", "Regra de exames em lote"), ("job", "Trabalho em segundo plano"), ("session", "Sessão"),
    ]

    static let routes = [
        PageRoute(.get, "/audit", .viewAuditLog) { request in
            var problems: [String] = []
            let from = request.dayFilter("de", label: "De", problems: &problems)
            let to = request.dayFilter("ate", label: "Até", problems: &problems)
            let action = request.query("acao")
            // Reads of patient data have their own page; the change log lists them only when asked.
            let query = AuditQuery(entity: request.query("entidade"), entityId: request.query("id"),
                                   username: request.query("usuario")?.lowercased(), action: action,
                                   from: from?.iso, to: to?.iso, excludingAction: action == nil ? AuditAction.read.rawValue : nil,
                                   page: request.queryInt("pagina") ?? 1)
            let page = problems.isEmpty ? try await request.store.audit.list(query) : Page(items: [], page: 1, perPage: 50, total: 0)
            let filters: [(String, String?)] = [("entidade", query.entity), ("id", query.entityId), ("usuario", query.username),
                                                ("acao", query.action), ("de", from.map(BrazilianFormat.date)), ("ate", to.map(BrazilianFormat.date))]
            func href(_ number: Int) -> String { SiteURL.audit.with(filters + [("pagina", String(number))]) }
            return try await request.render("audit", title: "Auditoria", section: "audit", AuditModel(
                page: page, query: query, typedFrom: request.query("de"), typedTo: request.query("ate"), entities: entities,
                changes: try await changes(request), problems: problems, pager: PagerModel(page, href: href)),
                status: problems.isEmpty ? .ok : .unprocessableContent)
        },
        PageRoute(.get, "/audit/access", .viewAuditLog) { request in
            var problems: [String] = []
            let from = request.dayFilter("de", label: "De", problems: &problems)
            let to = request.dayFilter("ate", label: "Até", problems: &problems)
            let query = AuditQuery(entity: request.query("entidade"), username: request.query("usuario")?.lowercased(), action: AuditAction.read.rawValue,
                                   from: from?.iso, to: to?.iso, page: request.queryInt("pagina") ?? 1)
            let page = problems.isEmpty ? try await request.store.audit.list(query) : Page(items: [], page: 1, perPage: 50, total: 0)
            let filters: [(String, String?)] = [("entidade", query.entity), ("usuario", query.username),
                                                ("de", from.map(BrazilianFormat.date)), ("ate", to.map(BrazilianFormat.date))]
            let labels = Dictionary(uniqueKeysWithValues: entities)
            return try await request.render("audit_access", title: "Acessos a dados de pacientes", section: "audit", AccessLogModel(
                rows: page.items.map { .init(at: HospitalClock.display($0.at), username: $0.username ?? "—",
                                             what: labels[$0.entity] ?? $0.entity, entityId: $0.entityId ?? "", detail: $0.detail ?? "") },
                empty: page.items.isEmpty, entities: OptionModel.list([("", "Todos"), ("partial", "Parcial"), ("sector_queue", "Fila do setor"),
                                                                       ("record_return", "Devolução de prontuários")], selected: query.entity ?? ""),
                usuario: query.username ?? "", de: request.query("de") ?? "", ate: request.query("ate") ?? "", problems: problems,
                hasProblems: !problems.isEmpty,
                pager: PagerModel(page) { SiteURL.auditAccess.with(filters + [("pagina", String($0))]) }),
                status: problems.isEmpty ? .ok : .unprocessableContent)
        },
    ]

    /// The formatter with the names the log's ids stand for.
    static func changes(_ request: PageRequest) async throws -> AuditChanges {
        let sectors = try await request.store.sectors.all()
        let payers = try await request.store.payers.all()
        let companies = try await request.store.companies.all()
        let types = try await request.store.nonConformityTypes.all()
        func map<T>(_ list: [T], _ id: (T) -> Int?, _ name: (T) -> String) -> [Int: String] {
            Dictionary(list.compactMap { item in id(item).map { ($0, name(item)) } }, uniquingKeysWith: { a, _ in a })
        }
        return AuditChanges(names: ["sectorId": map(sectors, \.id, \.name), "payerId": map(payers, \.id, \.name),
                                    "companyId": map(companies, \.id, \.name), "typeId": map(types, \.id, \.name)])
    }
}

extension PageRequest {
    /// A day filter of a list (`?de=…`): nil when empty; a typed day that is not one is said in
    /// `problems` (never silently ignored, which would show everything).
    func dayFilter(_ name: String, label: String, problems: inout [String]) -> CalendarDay? {
        guard let text = query(name) else { return nil }
        guard let day = CalendarDay(typed: text), InputLimits.isPlausible(day) else {
            problems.append("Data inválida em “\(label)”: \(text) (use dd/mm/aaaa).")
            return nil
        }
        return day
    }
}

/// `audit.mustache`: a page of the change log, its filters and pager.
struct AuditModel: Sendable {
    struct Row: Sendable {
        let at: String
        let username: String
        let action: String
        let entity: String
        let entityId: String
        let changes: [String]
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
    let problems: [String]
    let hasProblems: Bool
    let pager: PagerModel

    init(page: Page<AuditEntry>, query: AuditQuery, typedFrom: String?, typedTo: String?, entities: [(String, String)],
         changes: AuditChanges, problems: [String], pager: PagerModel) {
        let labels = Dictionary(uniqueKeysWithValues: entities)
        rows = page.items.map { entry in
            Row(at: HospitalClock.display(entry.at), username: entry.username ?? "—",
                action: AuditAction(rawValue: entry.action)?.label ?? entry.action, entity: labels[entry.entity] ?? entry.entity,
                entityId: entry.entityId ?? "", changes: changes.lines(before: entry.beforeJson, after: entry.afterJson), detail: entry.detail ?? "")
        }
        empty = rows.isEmpty
        self.entities = OptionModel.list(entities, selected: query.entity ?? "")
        actions = OptionModel.list([("", "Todas as alterações")] + AuditAction.allCases.map { ($0.rawValue, $0.label) }, selected: query.action ?? "")
        usuario = query.username ?? ""
        entityIdFilter = query.entityId ?? ""
        de = typedFrom ?? ""
        ate = typedTo ?? ""
        self.problems = problems
        hasProblems = !problems.isEmpty
        self.pager = pager
    }
}

/// `audit_access.mustache`: who read patient data (LGPD), and where.
struct AccessLogModel: Sendable {
    struct Row: Sendable {
        let at: String
        let username: String
        let what: String
        let entityId: String
        let detail: String
    }

    let rows: [Row]
    let empty: Bool
    let entities: [OptionModel]
    let usuario: String
    let de: String
    let ate: String
    let problems: [String]
    let hasProblems: Bool
    let pager: PagerModel
}
