import FaturaDomain
import FaturaStore

/// The data every page's layout needs: navigation for the user's role, the company picker,
/// the CSRF token for forms and the notice of the last action.
enum Layout {
    struct NavItem {
        let label: String
        let href: String
        let section: String
        let permission: Permission
    }

    /// The modules of the product; those still to come already have their place and their guard.
    static let modules: [NavItem] = [
        NavItem(label: "Início", href: "/", section: "home", permission: .useApplication),
        NavItem(label: "Contratos", href: "/contracts", section: "contracts", permission: .viewContracts),
        NavItem(label: "Contas", href: "/accounts", section: "accounts", permission: .viewAccounts),
        NavItem(label: "Não conformidades", href: "/nonconformities", section: "nonconformities", permission: .viewSectorQueue),
        NavItem(label: "Faturas", href: "/invoices", section: "invoices", permission: .viewInvoices),
        NavItem(label: "Glosas", href: "/glosas", section: "glosas", permission: .viewGlosas),
        NavItem(label: "Mapa", href: "/map", section: "map", permission: .viewTrackingMap),
        NavItem(label: "Gestão", href: "/management", section: "management", permission: .viewManagement),
        NavItem(label: "Cadastros", href: "/companies", section: "registries", permission: .viewRegistries),
    ]

    static let registries: [NavItem] = [
        NavItem(label: "Coligadas", href: "/companies", section: "companies", permission: .viewRegistries),
        NavItem(label: "Convênios", href: "/payers", section: "payers", permission: .viewRegistries),
        NavItem(label: "Setores", href: "/sectors", section: "sectors", permission: .viewRegistries),
        NavItem(label: "Profissionais", href: "/professionals", section: "professionals", permission: .viewRegistries),
        NavItem(label: "Usuários", href: "/users", section: "users", permission: .viewUsers),
        NavItem(label: "Auditoria", href: "/audit", section: "audit", permission: .viewAuditLog),
    ]

    /// Non-conformities: billing's worklist, the sectors' queues, record returns, figures, the catalogue.
    static let nonConformities: [NavItem] = [
        NavItem(label: "Pendências", href: "/nonconformities", section: "nonconformities", permission: .viewAccounts),
        NavItem(label: "Filas dos setores", href: "/queue", section: "queue", permission: .viewSectorQueue),
        NavItem(label: "Devolução de prontuários", href: "/record-returns", section: "record-returns", permission: .viewSectorQueue),
        NavItem(label: "Indicadores por setor", href: "/nonconformities/stats", section: "nc-stats", permission: .viewAccounts),
        NavItem(label: "Tipos", href: "/nonconformity-types", section: "nc-types", permission: .viewRegistries),
    ]

    /// The department: notices, record copies, the protocol book, the team.
    static let management: [NavItem] = [
        NavItem(label: "Visão geral", href: "/management", section: "management", permission: .viewManagement),
        NavItem(label: "Comunicados", href: "/notices", section: "notices", permission: .viewNotices),
        NavItem(label: "Cópias de prontuário", href: "/record-copies", section: "record-copies", permission: .viewRecordCopies),
        NavItem(label: "Protocolo", href: "/protocol", section: "protocol", permission: .viewProtocolBook),
        NavItem(label: "Equipe", href: "/team", section: "team", permission: .viewTeam),
        NavItem(label: "Treinamentos", href: "/team/trainings", section: "trainings", permission: .viewTeam),
        NavItem(label: "Reuniões", href: "/team/meetings", section: "meetings", permission: .viewTeam),
        NavItem(label: "Orientações", href: "/team/guidelines", section: "guidelines", permission: .viewTeam),
        NavItem(label: "Desempenho", href: "/team/performance", section: "performance", permission: .viewTeam),
        NavItem(label: "Avaliações", href: "/team/evaluations", section: "evaluations", permission: .evaluateTeam),
    ]

    /// Modules with a second row of links: the module, the row's accessible name, its links.
    static let subnavs: [(module: String, label: String, items: [NavItem])] = [
        ("registries", "Cadastros", registries),
        ("nonconformities", "Não conformidades", nonConformities),
        ("management", "Gestão", management),
    ]

    static func model(title: String, section: String, request: PageRequest) async throws -> LayoutModel {
        let identity = request.identity
        let subnav = subnavs.first { $0.items.contains { $0.section == section } }
        let activeModule = subnav?.module ?? section
        func items(_ list: [NavItem], active: String) -> [LayoutModel.Link] {
            list.filter { identity.may($0.permission) }
                .map { LayoutModel.Link(label: $0.label, href: $0.href, active: $0.section == active) }
        }
        let companies = try await request.environment.companies.active()
        return LayoutModel(
            title: title, nav: items(modules, active: activeModule), csrf: request.session.csrfToken,
            user: .init(fullName: identity.user.fullName, username: identity.user.username, roleLabel: identity.role.label),
            companies: companies, currentCompanyId: request.session.companyId, returnTo: request.request.uri.path,
            subnav: subnav.map { (label: $0.label, items: items($0.items, active: section)) },
            notice: request.query("aviso").flatMap(Notice.init(rawValue:))?.message)
    }
}

/// What `layout.mustache` reads around every page.
struct LayoutModel: Sendable {
    struct Link: Sendable, Equatable {
        let label: String
        let href: String
        let active: Bool
    }

    struct User: Sendable {
        let fullName: String
        let username: String
        let roleLabel: String
    }

    struct CompanyOption: Sendable, Equatable {
        let id: Int
        let name: String
        let selected: Bool
    }

    let title: String
    let nav: [Link]
    let csrf: String
    let user: User
    let companies: [CompanyOption]
    let currentCompany: String
    let returnTo: String
    let subnav: [Link]?
    let subnavLabel: String?
    let hasSubnav: Bool
    let notice: String?

    init(title: String, nav: [Link], csrf: String, user: User, companies: [Company], currentCompanyId: Int?, returnTo: String,
         subnav: (label: String, items: [Link])?, notice: String?) {
        let current = companies.first { $0.id == currentCompanyId }
        self.title = title
        self.nav = nav
        self.csrf = csrf
        self.user = user
        self.companies = companies.map { CompanyOption(id: $0.id ?? 0, name: $0.name, selected: $0.id == current?.id) }
        // An inactive or unknown current company is "none", as the picker cannot show it.
        self.currentCompany = current?.name ?? "nenhuma selecionada"
        self.returnTo = returnTo
        self.subnav = subnav?.items
        self.subnavLabel = subnav?.label
        self.hasSubnav = subnav != nil
        self.notice = notice
    }
}
