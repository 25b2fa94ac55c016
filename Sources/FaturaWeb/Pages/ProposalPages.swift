import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Propostas de contrato*: the payer's proposal registered with its terms, the impact simulation
/// on the real production (a job), billing's analysis sent to the board, the board's decision, and
/// the printable report for the board meeting.
enum ProposalPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/contracts/proposals", .viewContracts) { try await list($0) },
        PageRoute(.post, "/contracts/proposals", .manageContracts) { request in
            let created = try await request.billing.proposals.create(try await newProposal(request), by: request.actor)
            return request.redirect(.proposal(created.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/contracts/proposals/:id", .viewContracts) { try await detail($0) },
        PageRoute(.get, "/contracts/proposals/:id/print", .viewContracts) { request in
            request.environment.renderer.html("proposal_print", try await model(request, try await request.billing.proposals.get(try request.id())))
        },
        PageRoute(.post, "/contracts/proposals/:id", .manageContracts) { request in
            let id = try request.id()
            var edited = try await request.billing.proposals.get(id).proposal
            let terms = try await ContractPages.read(request.form, request: request, owner: (edited.payerId, edited.companyId))
            var problems: [FieldError] = []
            edited.version = try version(request)
            edited.subject = request.form["subject"]
            if let day = CalendarDay(typed: request.form["receivedOn"]) { edited.receivedOn = day } else {
                problems.append(FieldError("receivedOn", "Data de recebimento inválida: use dd/mm/aaaa."))
            }
            edited.terms = terms
            edited.terms.payerId = edited.payerId
            edited.terms.companyId = edited.companyId
            edited.analysis = request.form.optional("analysis")
            edited.recommendation = request.form.optional("recommendation").flatMap(ProposalRecommendation.init(rawValue:))
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            _ = try await request.billing.proposals.update(edited, by: request.actor)
            return request.redirect(.proposal(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/contracts/proposals/:id/simulate", .manageContracts) { request in
            let id = try request.id()
            guard let months = Int(request.form["months"].trimmingCharacters(in: .whitespaces)) else {
                throw FaturaError.validation([FieldError("months", "Informe quantos meses simular (1 a 36).")])
            }
            let job = try await request.billing.proposals.enqueueSimulation(id, months: months, by: request.actor)
            return request.redirect(SiteURL.proposal(id).with([("simulacao", String(job))]))
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/contracts/proposals/:id/send", .manageContracts) { request in
            let id = try request.id()
            _ = try await request.billing.proposals.send(id, expectedVersion: try version(request), by: request.actor)
            return request.redirect(.proposal(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/contracts/proposals/:id/decide", .decideProposals) { request in
            let id = try request.id()
            guard let action = ProposalAction(rawValue: request.form["decision"]), [.approve, .reject, .counter].contains(action) else {
                throw FaturaError.validation([FieldError("decision", "Escolha a decisão: aprovar, rejeitar ou devolver com contraproposta.")])
            }
            _ = try await request.billing.proposals.decide(id, action, comment: request.form.optional("boardComment"),
                                                           expectedVersion: try version(request), by: request.actor)
            return request.redirect(.proposal(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
    ]

    static func version(_ request: PageRequest) throws -> Int {
        guard let version = Int(request.form["version"]) else { throw FaturaError.badRequest("Versão da proposta ausente: recarregue a página.") }
        return version
    }

    /// A new proposal: subject, date received, the contract it changes (its terms copied as the
    /// starting point) or the payer of a first contract, and the start date.
    static func newProposal(_ request: PageRequest) async throws -> ContractProposal {
        var problems: [FieldError] = []
        let companyId = request.session.companyId ?? 0
        let received = CalendarDay(typed: request.form["receivedOn"])
        if received == nil { problems.append(FieldError("receivedOn", "Data de recebimento inválida: use dd/mm/aaaa.")) }
        let start = CalendarDay(typed: request.form["validFrom"])
        if start == nil { problems.append(FieldError("validFrom", "Início proposto inválido: use dd/mm/aaaa.")) }
        var terms: Contract?
        if let base = Int(request.form["baseContractId"]) {
            let contract = try? await request.store.contracts.get(ID(base))
            if let contract, contract.companyId == companyId { terms = contract } else {
                problems.append(FieldError("baseContractId", "Escolha um contrato desta empresa."))
            }
        } else if let payerId = Int(request.form["payerId"]) {
            terms = Contract(payerId: payerId, companyId: companyId, name: request.form["subject"].trimmingCharacters(in: .whitespaces), validFrom: start ?? request.today)
        } else {
            problems.append(FieldError("baseContractId", "Escolha o contrato que a proposta altera, ou o convênio de um contrato novo."))
        }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        var proposed = terms!
        let base = proposed.id?.rawValue
        proposed.id = nil
        proposed.previousId = nil
        proposed.validFrom = start!
        proposed.validTo = nil
        return ContractProposal(companyId: companyId, payerId: proposed.payerId, subject: request.form["subject"], receivedOn: received!,
                                baseContractId: base, terms: proposed)
    }

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let proposals = try await request.billing.proposals.list(companyId: companyId)
        let payers = try await request.store.payers.all()
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let contracts = try await request.store.contracts.list(companyId: companyId).filter { $0.isValid(on: request.today) || $0.validFrom > request.today }
        var fields = [
            FormField(name: "subject", label: "Assunto", value: "", required: true, hint: "Como na carta ou e-mail do convênio."),
            FormField(name: "receivedOn", label: "Recebida em", value: BrazilianFormat.date(request.today), required: true, hint: "dd/mm/aaaa"),
            FormField(name: "baseContractId", label: "Contrato que a proposta altera", kind: .select, value: "",
                      options: [("", "— nenhum: contrato novo —")] + contracts.map { (String($0.id?.rawValue ?? 0), "\($0.name) — versão \($0.version)") },
                      hint: "Os termos começam como os deste contrato; altere na proposta o que o convênio propõe."),
            FormField(name: "payerId", label: "Convênio (contrato novo)", kind: .select, value: "",
                      options: [("", "—")] + payers.filter { $0.billingStandard == .convenio }.map { (String($0.id ?? 0), $0.name) }),
            FormField(name: "validFrom", label: "Início proposto", value: "", required: true, hint: "dd/mm/aaaa"),
        ]
        fields = fields.refused(refusal, typed: request.form)
        return try await request.render("proposals", title: "Propostas de contrato", section: "contracts", ProposalListModel(
            rows: proposals.map { stored in
                let p = stored.proposal
                return .init(href: SiteURL.proposal(p.id ?? 0).path, subject: p.subject, payer: names[p.payerId] ?? "convênio \(p.payerId)",
                             received: BrazilianFormat.date(p.receivedOn), start: BrazilianFormat.date(p.terms.validFrom), status: p.status.label,
                             statusKey: p.status.rawValue,
                             difference: stored.simulation.map { signed($0.total.difference) + ($0.total.percent.map { " (" + signedPercent($0) + ")" } ?? "") } ?? "não simulada")
            },
            empty: proposals.isEmpty, canManage: request.identity.may(.manageContracts), fields: fields.map(\.context),
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.proposals.path) }), status: refusal?.status ?? .ok)
    }

    static func detail(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let stored = try await request.billing.proposals.get(try request.id())
        var model = try await model(request, stored)
        var fields = [
            FormField(name: "subject", label: "Assunto", value: stored.proposal.subject, required: true),
            FormField(name: "receivedOn", label: "Recebida em", value: BrazilianFormat.date(stored.proposal.receivedOn), required: true, hint: "dd/mm/aaaa"),
        ] + (try await ContractPages.fields(request, stored.proposal.terms)).filter { !["payerId", "companyId"].contains($0.name) }
        fields = fields.refused(refusal, typed: request.form)
        model.fields = fields.map(\.context)
        model.refusal = refusal.map { RefusalModel($0, reload: SiteURL.proposal(stored.proposal.id ?? 0).path, listingFields: true) }
        if refusal != nil, request.form.optional("analysis") != nil { model.analysis = request.form["analysis"] }
        return try await request.render("proposal", title: "Proposta: \(stored.proposal.subject)", section: "contracts", model, status: refusal?.status ?? .ok)
    }

    /// "+R$ 151,75", "−R$ 11,48" (the minus sign, as in the percentages), "R$ 0,00".
    static func signed(_ money: Money) -> String {
        money.cents > 0 ? "+" + BrazilianFormat.currency(money) : money.cents < 0 ? "−" + BrazilianFormat.currency(Money(cents: -money.cents)) : BrazilianFormat.currency(money)
    }
    static func signedPercent(_ p: Percentage) -> String { (p.basisPoints > 0 ? "+" : "") + BrazilianFormat.percentage(p) }

    static func model(_ request: PageRequest, _ stored: ProposalRepository.Stored) async throws -> ProposalModel {
        let p = stored.proposal
        let id = p.id ?? 0
        guard p.companyId == request.session.companyId else { throw FaturaError.notFound(entity: "proposta de contrato") }
        let payer = try await request.store.payers.find(p.payerId)?.name ?? "convênio \(p.payerId)"
        let company = try await request.store.companies.find(p.companyId)?.name ?? ""
        let base = try await p.baseContractId.asyncMap { try? await request.store.contracts.get(ID($0)) }
        let created = try await p.createdContractId.asyncMap { try? await request.store.contracts.get(ID($0)) }
        let jobs = try await request.billing.proposals.simulationJobs(of: p)
        let pending = jobs.first(where: \.status.isActive)
        let failed = pending == nil ? jobs.first.flatMap { $0.status == .failed ? $0 : nil } : nil
        let editable = [.analysis, .returned].contains(p.status)
        func line(_ l: ImpactSimulation.Line) -> IndicatorsModel.Row {
            .init(cells: [.init(text: l.label, numeric: false), .init(text: BrazilianFormat.integer(l.items), numeric: true),
                          .init(text: BrazilianFormat.currency(l.current), numeric: true), .init(text: BrazilianFormat.currency(l.proposed), numeric: true),
                          .init(text: signed(l.difference), numeric: true), .init(text: l.percent.map(signedPercent) ?? "—", numeric: true)])
        }
        let headers = ["", "Itens", "Contrato atual", "Proposta", "Diferença", "%"]
        func table(_ id: String, _ title: String, _ first: String, _ lines: [ImpactSimulation.Line]) -> ProposalModel.Table {
            .init(id: id, title: title, headers: ([first] + headers.dropFirst()).enumerated().map { .init(label: $1, numeric: $0 > 0) },
                  rows: lines.map(line), empty: lines.isEmpty)
        }
        var tables: [ProposalModel.Table] = []
        var unpriced: [IndicatorsModel.Row] = []
        if let r = stored.simulation {
            tables = [table("mes", "Por mês de atendimento", "Mês", r.byMonth), table("tipo", "Por tipo de item", "Tipo", r.byKind),
                      table("grupo", "Por grupo de exames", "Grupo", r.byExamGroup), table("setor", "Por setor de origem", "Setor", r.bySector),
                      table("codigos", "Os 20 procedimentos que mais mudam", "Código", r.topCodes)]
            unpriced = r.unpriced.map { u in
                .init(cells: [.init(text: u.code, numeric: false), .init(text: u.description, numeric: false), .init(text: u.under, numeric: false),
                              .init(text: u.reason, numeric: false), .init(text: BrazilianFormat.integer(u.items), numeric: true)])
            }
        }
        let total = stored.simulation?.total
        return ProposalModel(
            id: id, subject: p.subject, payer: payer, company: company, status: p.status.label, statusKey: p.status.rawValue,
            received: BrazilianFormat.date(p.receivedOn), start: BrazilianFormat.date(p.terms.validFrom),
            base: base.map { "\($0.name) — versão \($0.version)" } ?? "nenhum (contrato novo)", baseHref: base.map { SiteURL.contract($0.id?.rawValue ?? 0).path } ?? "",
            version: p.version, canEdit: editable && request.identity.may(.manageContracts),
            canDecide: p.status == .atBoard && request.identity.may(.decideProposals),
            fields: [], refusal: nil, analysis: p.analysis ?? "",
            recommendations: ProposalRecommendation.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == p.recommendation) },
            recommendation: p.recommendation?.label ?? "—", hasAnalysis: !(p.analysis ?? "").isEmpty,
            running: pending != nil, runningText: pending.map { job in
                job.status == .running ? "Simulando: \(BrazilianFormat.integer(job.progressDone)) itens lidos…" : "Na fila: a simulação começa em instantes."
            } ?? "",
            failedText: failed.map { "A última simulação (tarefa \($0.id)) falhou: \($0.error ?? "motivo não registrado")" } ?? "",
            hasSimulation: stored.simulation != nil, months: String(stored.simulationMonths ?? 12),
            period: stored.simulationFrom.map { BrazilianFormat.date($0) + " a " + (stored.simulationTo.map(BrazilianFormat.date) ?? "") } ?? "",
            simulatedAt: request.environment.clock.display(stored.simulatedAt),
            itemsRead: BrazilianFormat.integer(stored.simulation?.itemsRead ?? 0), compared: BrazilianFormat.integer(total?.items ?? 0),
            currentTotal: total.map { BrazilianFormat.currency($0.current) } ?? "", proposedTotal: total.map { BrazilianFormat.currency($0.proposed) } ?? "",
            difference: total.map { signed($0.difference) } ?? "", percent: total?.percent.map(signedPercent) ?? "—",
            increase: (total?.difference.cents ?? 0) > 0, tables: tables, unpriced: unpriced, hasUnpriced: !unpriced.isEmpty,
            unpricedItems: BrazilianFormat.integer(stored.simulation?.unpricedItems ?? 0),
            boardComment: p.boardComment ?? "", decided: p.decidedOn != nil,
            decision: p.decidedOn.map { "\(p.status.label) por \(p.decidedBy ?? "—") em \(BrazilianFormat.date($0))" } ?? "",
            createdContract: created.map { "\($0.name) — versão \($0.version), a partir de \(BrazilianFormat.date($0.validFrom))" } ?? "",
            createdHref: created.map { SiteURL.contract($0.id?.rawValue ?? 0).path } ?? "",
            printHref: SiteURL.proposal(id).path + "/print", printedOn: BrazilianFormat.date(request.today),
            terms: termsSummary(p.terms, base: base))
    }

    /// The terms as the board reads them, each with the current contract's value beside it.
    static func termsSummary(_ t: Contract, base: Contract?) -> [ProposalModel.Term] {
        func pct(_ p: Percentage) -> String { BrazilianFormat.percentage(p) }
        func rate(_ r: Rate?) -> String { r.map { "R$ " + $0.description } ?? "da série de valores" }
        let rows: [(String, (Contract) -> String)] = [
            ("Tabela de procedimentos", { $0.procedureTable.label }),
            ("Série de valores", { $0.valueSeries ?? "—" }),
            ("Ajuste do porte", { pct($0.porteAdjustment) }),
            ("UCO", { rate($0.ucoValue) }), ("CH", { rate($0.chValue) }), ("Filme (m²)", { rate($0.filmValue) }),
            ("Urgência (+30%)", { $0.urgencySurcharge ? "sim" : "não" }),
            ("Medicamentos", { pct($0.drugPercentage) }), ("Materiais", { pct($0.materialPercentage) }),
            ("Faixas de incidência", { $0.bands.isEmpty ? "padrão da tabela" : $0.bands.map { "faixa \($0.band): 2ª \(pct($0.second))" + ($0.third.map { ", 3ª \(pct($0))" } ?? "") }.joined(separator: "; ") }),
            ("Vigência", { BrazilianFormat.date($0.validFrom) + ($0.validTo.map { " a " + BrazilianFormat.date($0) } ?? " em diante") }),
        ]
        return rows.map { label, value in
            let proposed = value(t), current = base.map(value) ?? "—"
            return .init(label: label, current: current, proposed: proposed, changed: base != nil && current != proposed && label != "Vigência")
        }
    }
}
