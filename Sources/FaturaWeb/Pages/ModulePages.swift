import FaturaDomain

/// The modules whose screens come with later work: each has its place in the navigation, its
/// permission, and a page that says what it will do, so the guard is in force from the start.
enum ModulePages {
    static let summary: [String: String] = [
        "contracts": "Contratos e condições contratuais por convênio: tabelas, valores, percentuais de incidência, prazos.",
        "accounts": "Atendimentos, contas e parciais: preços, regra de cobrança de exames, não conformidades e encerramento.",
        "invoices": "Faturas por convênio e competência, lotes TISS e calendário de entrega.",
        "glosas": "Demonstrativos de análise de conta, glosas e recursos com a auditoria.",
        "map": "Mapa de acompanhamento de faturas: apresentado, pago, glosado, recursado, recuperado, saldo.",
        "management": "Propostas de contrato, comunicados de convênios aos setores, cópias de prontuário e equipe.",
        "nonconformities": "Prontuários devolvidos aos setores: o que corrigir, prazos, conferência do faturamento e indicadores por setor.",
        "registries": "Coligadas, convênios, setores e usuários.",
    ]

    /// Sections whose pages exist already.
    static let built: Set<String> = ["home", "registries", "contracts", "accounts", "nonconformities", "invoices", "glosas", "map", "management"]

    static let routes: [PageRoute] = Layout.modules.filter { !built.contains($0.section) }.map { item in
        PageRoute(.get, item.href, item.permission) { request in
            try await request.render("message", title: item.label, section: item.section, MessagePageModel(
                heading: item.label, text: summary[item.section] ?? "", note: "Este módulo está em implantação."))
        }
    }
}
