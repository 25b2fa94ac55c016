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
        NavItem(label: "Usuários", href: "/users", section: "users", permission: .viewUsers),
        NavItem(label: "Auditoria", href: "/audit", section: "audit", permission: .viewAuditLog),
    ]

    static func context(title: String, section: String, request: PageRequest) async throws -> [String: Any] {
        let identity = request.identity
        let registrySections = Set(registries.map(\.section))
        let activeModule = registrySections.contains(section) ? "registries" : section
        func items(_ list: [NavItem], active: String) -> [[String: Any]] {
            list.filter { identity.may($0.permission) }
                .map { ["label": $0.label, "href": $0.href, "active": $0.section == active] }
        }
        let companies = try await request.store.companies.list(ListQuery(active: true, perPage: 200)).items
        let current = companies.first { $0.id == request.session.companyId }
        var page: [String: Any] = [
            "title": title,
            "nav": items(modules, active: activeModule),
            "csrf": request.session.csrfToken,
            "user": ["fullName": identity.user.fullName, "username": identity.user.username, "roleLabel": identity.role.label],
            "companies": companies.map { ["id": $0.id ?? 0, "name": $0.name, "selected": $0.id == current?.id] as [String: Any] },
            "currentCompany": current?.name ?? "nenhuma selecionada",
            "returnTo": request.request.uri.path,
        ]
        if registrySections.contains(section) {
            page["subnav"] = items(registries, active: section)
            page["hasSubnav"] = true
        }
        if let code = request.query("aviso"), let notice = Notice(rawValue: code) { page["notice"] = notice.message }
        return page
    }
}
