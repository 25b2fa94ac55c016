import FaturaBilling
import FaturaDomain
import Hummingbird

/// *Gestão*: the supervisor's department — notices to the sectors, record copies, the protocol
/// book — each card with what waits there, only the ones the user's role opens.
enum ManagementPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/management", .viewManagement) { request in
            let companyId = request.session.companyId ?? -1
            let identity = request.identity
            var cards: [ManagementModel.Card] = []
            if identity.may(.viewNotices) {
                let (open, late) = try await request.billing.notices.openCount(companyId: companyId, sectorId: identity.confinedSectorId)
                cards.append(.init(href: SiteURL.notices.path, title: "Comunicados de convênio",
                                   text: "Cartas e e-mails dos convênios distribuídos aos setores, com a ciência de cada um.",
                                   count: BrazilianFormat.count(open, "ciência pendente", "ciências pendentes") + (late > 0 ? ", \(late) em atraso" : "")))
            }
            if identity.may(.viewRecordCopies) {
                let (open, overdue) = try await request.billing.recordCopies.openCounts(companyId: companyId)
                cards.append(.init(href: SiteURL.recordCopies.path, title: "Cópias de prontuário",
                                   text: "Pedidos de pacientes: SAME prepara, o supervisor aprova, entrega com recibo.",
                                   count: BrazilianFormat.count(open, "pedido em aberto", "pedidos em aberto") + (overdue > 0 ? ", \(overdue) em atraso" : "")))
            }
            if identity.may(.viewProtocolBook) {
                cards.append(.init(href: SiteURL.protocolBook.path, title: "Protocolo",
                                   text: "Documentos expedidos e recebidos pelo faturamento, numerados por ano, com recibo.", count: ""))
            }
            if identity.may(.viewTeam) {
                cards.append(.init(href: SiteURL.team.path, title: "Equipe",
                                   text: "Colaboradores, treinamentos e reciclagem, reuniões, orientações da diretoria, desempenho e avaliações.", count: ""))
            }
            if identity.may(.viewContracts) {
                cards.append(.init(href: SiteURL.proposals.path, title: "Propostas de contrato",
                                   text: "Propostas dos convênios simuladas sobre a produção real e decididas pela diretoria.", count: ""))
            }
            return try await request.render("management", title: "Gestão", section: "management", ManagementModel(cards: cards))
        },
    ]
}
