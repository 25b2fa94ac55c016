import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Equipe*: the billing team's staff, trainings with their recycling, meetings and follow-ups, the
/// board's guidelines with each member's acknowledgement, the computed performance, and the
/// evaluations (supervisor and admin only).
enum TeamPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/team", .viewTeam) { try await staff($0) },
        PageRoute(.post, "/team", .manageTeam) { request in
            guard let hired = CalendarDay(typed: request.form["hiredOn"]) else { throw FaturaError.validation([FieldError("hiredOn", "Admissão inválida: use dd/mm/aaaa.")]) }
            _ = try await request.billing.team.saveStaff(StaffMember(
                companyId: request.session.companyId ?? 0, username: request.form["username"], position: request.form["position"], hiredOn: hired,
                payerIds: request.form.all("payerIds").compactMap { Int($0) }, sectorIds: request.form.all("sectorIds").compactMap { Int($0) },
                active: request.form["active"] == "true"), by: request.actor)
            return request.redirect(.team, notice: .saved)
        }.redisplaying { request, refusal in try await staff(request, refusal: refusal) },
        PageRoute(.get, "/team/trainings", .viewTeam) { try await trainings($0) },
        PageRoute(.post, "/team/trainings", .manageTeam) { request in
            var problems: [FieldError] = []
            let day = CalendarDay(typed: request.form["day"])
            if day == nil { problems.append(FieldError("day", "Data inválida: use dd/mm/aaaa.")) }
            let hours = Decimal(string: request.form["hours"].replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
            if hours == nil { problems.append(FieldError("hours", "Informe a carga horária em horas (ex.: 2 ou 1,5).")) }
            var recycling: Int?
            if let typed = request.form.optional("recyclingMonths") {
                recycling = Int(typed)
                if recycling == nil { problems.append(FieldError("recyclingMonths", "Reciclagem em meses (1 a 60), ou em branco.")) }
            }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            let minutes = NSDecimalNumber(decimal: min(max(hours! * 60, 0), 100_000)).intValue
            let attended = Set(request.form.all("attended"))
            _ = try await request.billing.team.registerTraining(Training(
                companyId: request.session.companyId ?? 0, topic: request.form["topic"], day: day!, minutes: minutes, instructor: request.form["instructor"],
                material: request.form["material"], recyclingMonths: recycling,
                attendees: request.form.all("invited").map { .init(username: $0, attended: attended.contains($0)) }), by: request.actor)
            return request.redirect(.trainings, notice: .created)
        }.redisplaying { request, refusal in try await trainings(request, refusal: refusal) },
        PageRoute(.get, "/team/meetings", .viewTeam) { try await meetings($0) },
        PageRoute(.post, "/team/meetings", .manageTeam) { request in
            guard let day = CalendarDay(typed: request.form["day"]) else { throw FaturaError.validation([FieldError("day", "Data inválida: use dd/mm/aaaa.")]) }
            let saved = try await request.billing.team.registerMeeting(Meeting(
                companyId: request.session.companyId ?? 0, day: day, withSectorId: Int(request.form["sectorId"]), attendees: request.form["attendees"],
                agenda: request.form["agenda"], decisions: request.form["decisions"]), by: request.actor)
            return request.redirect(.meeting(saved.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await meetings(request, refusal: refusal) },
        PageRoute(.get, "/team/meetings/:id", .viewTeam) { try await meeting($0) },
        PageRoute(.post, "/team/meetings/:id/tasks", .manageTeam) { request in
            let id = try request.id()
            guard let due = CalendarDay(typed: request.form["dueOn"]) else { throw FaturaError.validation([FieldError("dueOn", "Prazo inválido: use dd/mm/aaaa.")]) }
            _ = try await request.billing.team.addTask(MeetingTask(description: request.form["description"], owner: request.form["owner"], dueOn: due),
                                                       to: id, companyId: request.session.companyId ?? -1, by: request.actor)
            return request.redirect(.meeting(id), notice: .saved)
        }.redisplaying { request, refusal in try await meeting(request, refusal: refusal) },
        PageRoute(.post, "/team/meetings/:id/tasks/:item/done", .manageTeam) { request in
            let id = try request.id()
            try await request.billing.team.completeTask(try request.id("item"), of: id, companyId: request.session.companyId ?? -1, by: request.actor)
            return request.redirect(.meeting(id), notice: .saved)
        }.redisplaying { request, refusal in try await meeting(request, refusal: refusal) },
        PageRoute(.get, "/team/guidelines", .viewTeam) { try await guidelines($0) },
        PageRoute(.post, "/team/guidelines", .issueGuidelines) { request in
            guard let day = CalendarDay(typed: request.form["issuedOn"]) else { throw FaturaError.validation([FieldError("issuedOn", "Data inválida: use dd/mm/aaaa.")]) }
            let saved = try await request.billing.team.issueGuideline(Guideline(companyId: request.session.companyId ?? 0, issuedOn: day,
                                                                               title: request.form["title"], text: request.form["text"]), by: request.actor)
            return request.redirect(.guideline(saved.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await guidelines(request, refusal: refusal) },
        PageRoute(.get, "/team/guidelines/:id", .viewTeam) { try await guideline($0) },
        PageRoute(.post, "/team/guidelines/:id/acknowledge", .viewTeam) { request in
            let id = try request.id()
            try await request.billing.team.acknowledgeGuideline(id, companyId: request.session.companyId ?? -1, by: request.actor)
            return request.redirect(.guideline(id), notice: .saved)
        },
        PageRoute(.get, "/team/performance", .viewTeam) { try await performance($0) },
        PageRoute(.get, "/team/evaluations", .evaluateTeam) { try await evaluations($0) },
        PageRoute(.post, "/team/evaluations", .evaluateTeam) { request in
            var problems: [FieldError] = []
            let from = CalendarDay(typed: request.form["periodFrom"]), to = CalendarDay(typed: request.form["periodTo"])
            if from == nil { problems.append(FieldError("periodFrom", "Início do período inválido: use dd/mm/aaaa.")) }
            if to == nil { problems.append(FieldError("periodTo", "Fim do período inválido: use dd/mm/aaaa.")) }
            var scores: [Evaluation.Score] = []
            for (index, criterion) in Evaluation.criteria.enumerated() {
                guard let score = Int(request.form["score\(index)"]) else {
                    problems.append(FieldError("score\(index)", "Dê uma nota de 1 a 5 em “\(criterion)”."))
                    continue
                }
                scores.append(.init(criterion: criterion, score: score))
            }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            let saved = try await request.billing.team.evaluate(Evaluation(
                companyId: request.session.companyId ?? 0, username: request.form["username"], periodFrom: from!, periodTo: to!, scores: scores,
                comments: request.form["comments"], improvementPlan: request.form["improvementPlan"], evaluatedOn: request.today), by: request.actor)
            return request.redirect(.evaluation(saved.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await evaluations(request, refusal: refusal) },
        PageRoute(.get, "/team/evaluations/:id", .evaluateTeam) { try await evaluation($0) },
    ]

    static func page(_ request: PageRequest, section: String, _ model: TeamPageModel, refusal: FormRefusal?) async throws -> Response {
        try await request.render("team_page", title: model.heading, section: section, model, status: refusal?.status ?? .ok)
    }

    static func model(heading: String, intro: String, tables: [SimpleTable], canEdit: Bool = false, formTitle: String = "", formAction: String = "",
                      fields: [FormField] = [], checks: [Check] = [], checksLegend: String = "", texts: [TextArea] = [], button: String = "Salvar",
                      request: PageRequest, refusal: FormRefusal?, filters: [FormField] = [], filterAction: String = "") -> TeamPageModel {
        TeamPageModel(heading: heading, intro: intro, tables: tables, canEdit: canEdit, formTitle: formTitle, formAction: formAction,
                      fields: fields.refused(refusal, typed: request.form).map(\.context), checks: checks, checksLegend: checksLegend,
                      texts: texts.map { TextArea(name: $0.name, label: $0.label, value: refusal == nil ? $0.value : request.form[$0.name], rows: $0.rows, maxLength: $0.maxLength) },
                      button: button, refusal: refusal.map { RefusalModel($0, reload: request.request.uri.path, listingFields: true) },
                      filters: filters.map(\.context), filterAction: filterAction)
    }

    /// The company's users who may be on the team (billing's roles), as (username, name).
    static func people(_ request: PageRequest) async throws -> [(String, String)] {
        try await request.store.users.registry.all(active: true).filter { [Role.supervisor, .biller, .auditor].contains($0.role) }.map { ($0.username, $0.fullName) }
    }

    static func staff(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let members = try await request.billing.team.staff(companyId: companyId)
        let payers = try await request.store.payers.all()
        let sectors = try await request.store.sectors.all()
        let payerNames = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let sectorNames = Dictionary(sectors.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let table = SimpleTable(id: "equipe", headers: ["Colaborador", "Usuário", "Função", "Admissão", "Convênios", "Setores", "Situação"], rows: members.map { m in
            .init(cells: [m.fullName, m.username, m.position, BrazilianFormat.date(m.hiredOn), m.payerIds.compactMap { payerNames[$0] }.joined(separator: ", "),
                          m.sectorIds.compactMap { sectorNames[$0] }.joined(separator: ", "), m.active ? "Ativo" : "Desligado"], href: "", late: false)
        })
        let canEdit = request.identity.may(.manageTeam)
        let people = canEdit ? try await people(request) : []
        let chosen = Set(refusal == nil ? [] : request.form.all("payerIds") + request.form.all("sectorIds").map { "s" + $0 })
        return try await page(request, section: "team", model(
            heading: "Equipe do faturamento", intro: "Colaboradores, o que cada um cobre, e os atalhos para treinamentos, reuniões, orientações e desempenho.",
            tables: [table], canEdit: canEdit, formTitle: "Incluir ou atualizar colaborador", formAction: "/team",
            fields: [
                FormField(name: "username", label: "Usuário", kind: .select, value: "", options: people.map { ($0.0, "\($0.1) (\($0.0))") }, required: true),
                FormField(name: "position", label: "Função", value: "Faturista", required: true),
                FormField(name: "hiredOn", label: "Admissão", value: "", required: true, hint: "dd/mm/aaaa"),
                FormField(name: "active", label: "Ativo na equipe", kind: .checkbox, value: "true"),
            ],
            checks: payers.filter(\.active).map { Check(name: "payerIds", value: String($0.id ?? 0), label: $0.name, checked: chosen.contains(String($0.id ?? 0))) }
                + sectors.filter(\.active).map { Check(name: "sectorIds", value: String($0.id ?? 0), label: "Setor " + $0.name, checked: chosen.contains("s\($0.id ?? 0)")) },
            checksLegend: "Convênios e setores que cobre", request: request, refusal: refusal), refusal: refusal)
    }

    static func trainings(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let today = request.today
        let list = try await request.billing.team.trainings(companyId: companyId)
        let names = Dictionary(try await request.store.users.registry.all().map { ($0.username, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        func hours(_ minutes: Int) -> String { minutes % 60 == 0 ? "\(minutes / 60) h" : String(format: "%.2f h", Double(minutes) / 60).replacingOccurrences(of: ".", with: ",") }
        let trainingsTable = SimpleTable(id: "treinamentos", title: "Treinamentos dados", headers: ["Tema", "Data", "Carga", "Instrutor", "Presentes", "Reciclagem"], rows: list.map { t in
            .init(cells: [t.topic, BrazilianFormat.date(t.day), hours(t.minutes), t.instructor,
                          "\(t.attendees.filter(\.attended).count) de \(t.attendees.count)", t.recyclingMonths.map { "a cada \($0) meses" } ?? "—"], href: "", late: false)
        })
        let recycling = Training.recycling(list)
        let recyclingTable = SimpleTable(id: "reciclagem", title: "Reciclagem por colaborador e tema", headers: ["Colaborador", "Tema", "Último treinamento", "Reciclagem até"], rows: recycling.map { r in
            .init(cells: [names[r.username] ?? r.username, r.topic, BrazilianFormat.date(r.lastOn),
                          BrazilianFormat.date(r.dueOn) + (r.dueOn < today ? " · vencida" : "")], href: "", late: r.dueOn < today)
        })
        let canEdit = request.identity.may(.manageTeam)
        let people = canEdit ? try await request.billing.team.staff(companyId: companyId).filter(\.active) : []
        let typed = Set(request.form.all("attended"))
        return try await page(request, section: "trainings", model(
            heading: "Treinamentos", intro: "Treinamentos dados à equipe, presença, e quando cada tema vence para cada colaborador (reciclagem).",
            tables: [recyclingTable, trainingsTable], canEdit: canEdit, formTitle: "Registrar treinamento", formAction: "/team/trainings",
            fields: [
                FormField(name: "topic", label: "Tema", value: "", required: true, hint: "Ex.: Regra de cobrança de exames, TISS 4.03, glosas técnicas."),
                FormField(name: "day", label: "Data", value: BrazilianFormat.date(today), required: true, hint: "dd/mm/aaaa"),
                FormField(name: "hours", label: "Carga horária (horas)", value: "2", required: true),
                FormField(name: "instructor", label: "Instrutor", value: "", required: true),
                FormField(name: "recyclingMonths", label: "Reciclagem a cada (meses)", value: "12", hint: "Em branco: o tema não vence."),
            ],
            checks: people.flatMap { p in [
                Check(name: "invited", value: p.username, label: "\(p.fullName): convocado", checked: true),
                Check(name: "attended", value: p.username, label: "presente", checked: refusal == nil || typed.contains(p.username)),
            ] },
            checksLegend: "Participantes", texts: [TextArea(name: "material", label: "Material (apostila, link, POP)", value: "", rows: 2, maxLength: 2_000)],
            button: "Registrar", request: request, refusal: refusal), refusal: refusal)
    }

    static func meetings(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let today = request.today
        let list = try await request.billing.team.meetings(companyId: companyId)
        let sectors = try await request.store.sectors.all()
        let sectorNames = Dictionary(sectors.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let table = SimpleTable(id: "reunioes", headers: ["Data", "Com", "Pauta", "Tarefas", "Em atraso"], rows: list.map { m in
            let late = m.tasks.filter { $0.doneOn == nil && $0.isLate(today: today) }.count
            return .init(cells: [BrazilianFormat.date(m.day), m.withSectorId.flatMap { sectorNames[$0] } ?? "Equipe", String(m.agenda.prefix(80)),
                                 "\(m.tasks.filter { $0.doneOn != nil }.count) de \(m.tasks.count) concluídas", String(late)],
                         href: SiteURL.meeting(m.id ?? 0).path, late: late > 0)
        })
        let canEdit = request.identity.may(.manageTeam)
        return try await page(request, section: "meetings", model(
            heading: "Reuniões", intro: "Reuniões periódicas com a equipe ou com os setores: pauta, decisões e tarefas de acompanhamento.",
            tables: [table], canEdit: canEdit, formTitle: "Registrar reunião", formAction: "/team/meetings",
            fields: [
                FormField(name: "day", label: "Data", value: BrazilianFormat.date(today), required: true, hint: "dd/mm/aaaa"),
                FormField(name: "sectorId", label: "Com o setor", kind: .select, value: "", options: [("", "— só a equipe —")] + sectors.filter(\.active).map { (String($0.id ?? 0), $0.name) }),
            ],
            texts: [TextArea(name: "attendees", label: "Participantes", value: "", rows: 2, maxLength: 2_000),
                    TextArea(name: "agenda", label: "Pauta", value: "", rows: 3, maxLength: 4_000),
                    TextArea(name: "decisions", label: "Decisões", value: "", rows: 4, maxLength: 10_000)],
            button: "Registrar", request: request, refusal: refusal), refusal: refusal)
    }

    static func meeting(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let m = try await request.billing.team.meeting(try request.id(), companyId: request.session.companyId ?? -1)
        let id = m.id ?? 0
        let today = request.today
        let sector = try await m.withSectorId.asyncMap { try await request.store.sectors.find($0)?.name }
        let canEdit = request.identity.may(.manageTeam)
        let tasks = SimpleTable(id: "tarefas", title: "Tarefas de acompanhamento", headers: ["Tarefa", "Responsável", "Prazo", "Situação"], rows: m.tasks.map { t in
            .init(cells: [t.description, t.owner, BrazilianFormat.date(t.dueOn),
                          t.doneOn.map { "Concluída em \(BrazilianFormat.date($0))" } ?? (t.isLate(today: today) ? "Em atraso" : "Em aberto")],
                  href: "", late: t.doneOn == nil && t.isLate(today: today))
        })
        return try await request.render("team_detail", title: "Reunião de \(BrazilianFormat.date(m.day))", section: "meetings", TeamDetailModel(
            heading: "Reunião de \(BrazilianFormat.date(m.day))", backHref: SiteURL.meetings.path,
            facts: [.init(label: "Com", value: (sector ?? nil) ?? "Equipe", id: "com"), .init(label: "Participantes", value: m.attendees, id: "participantes")],
            blocks: [.init(title: "Pauta", text: m.agenda, id: "pauta"), .init(title: "Decisões", text: m.decisions.isEmpty ? "—" : m.decisions, id: "decisoes")],
            tables: [tasks], warning: "", canAcknowledge: false, acknowledgeAction: "", acknowledged: "",
            taskForm: canEdit, taskAction: "/team/meetings/\(id)/tasks",
            fields: [FormField(name: "description", label: "Tarefa", value: "", required: true),
                     FormField(name: "owner", label: "Responsável", value: "", required: true),
                     FormField(name: "dueOn", label: "Prazo", value: "", required: true, hint: "dd/mm/aaaa")].refused(refusal, typed: request.form).map(\.context),
            completeActions: canEdit ? m.tasks.filter { $0.doneOn == nil }.map { .init(href: "/team/meetings/\(id)/tasks/\($0.id ?? 0)/done", label: "Concluir: \($0.description.prefix(60))") } : [],
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.meeting(id).path, listingFields: true) }), status: refusal?.status ?? .ok)
    }

    static func guidelines(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let list = try await request.billing.team.guidelines(companyId: companyId)
        let staff = try await request.billing.team.staff(companyId: companyId).filter(\.active)
        let me = request.identity.user.username
        let table = SimpleTable(id: "orientacoes", headers: ["Orientação", "Data", "Da diretoria por", "Ciência da equipe", "Minha ciência"], rows: list.map { g, acks in
            let pending = Guideline.pending(staff: staff, acknowledged: acks).count
            return .init(cells: [g.title, BrazilianFormat.date(g.issuedOn), g.issuedBy,
                                 "\(staff.count - pending) de \(staff.count)", acks.contains(me) ? "Ciente" : "Pendente"],
                         href: SiteURL.guideline(g.id ?? 0).path, late: pending > 0)
        })
        return try await page(request, section: "guidelines", model(
            heading: "Orientações da diretoria", intro: "O que a diretoria orienta, repassado à equipe: cada colaborador dá ciência; o supervisor vê quem ainda não deu.",
            tables: [table], canEdit: request.identity.may(.issueGuidelines), formTitle: "Repassar orientação", formAction: "/team/guidelines",
            fields: [FormField(name: "title", label: "Título", value: "", required: true),
                     FormField(name: "issuedOn", label: "Data da orientação", value: BrazilianFormat.date(request.today), required: true, hint: "dd/mm/aaaa")],
            texts: [TextArea(name: "text", label: "Orientação (e como aplicá-la no faturamento)", value: "", rows: 6, maxLength: 20_000)],
            button: "Repassar à equipe", request: request, refusal: refusal), refusal: refusal)
    }

    static func guideline(_ request: PageRequest) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let found = try await request.billing.team.guideline(try request.id(), companyId: companyId)
        let g = found.guideline
        let staff = try await request.billing.team.staff(companyId: companyId).filter(\.active)
        let acked = Set(found.acks.map(\.username))
        let pending = Guideline.pending(staff: staff, acknowledged: acked)
        let clock = request.environment.clock
        let names = Dictionary(staff.map { ($0.username, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let mine = found.acks.first { $0.username == request.identity.user.username }
        return try await request.render("team_detail", title: g.title, section: "guidelines", TeamDetailModel(
            heading: g.title, backHref: SiteURL.guidelines.path,
            facts: [.init(label: "Data", value: BrazilianFormat.date(g.issuedOn), id: "data"), .init(label: "Repassada por", value: g.issuedBy, id: "por")],
            blocks: [.init(title: "Orientação", text: g.text, id: "texto")],
            tables: [SimpleTable(id: "ciencias", title: "Ciências", headers: ["Colaborador", "Ciência em"], rows: found.acks.map {
                .init(cells: [names[$0.username] ?? $0.username, clock.display($0.at)], href: "", late: false)
            })],
            warning: pending.isEmpty ? "" : "Ainda não deram ciência: " + pending.map(\.fullName).joined(separator: ", ") + ".",
            canAcknowledge: mine == nil, acknowledgeAction: "/team/guidelines/\(g.id ?? 0)/acknowledge",
            acknowledged: mine.map { "Você deu ciência em \(clock.display($0.at))." } ?? "",
            taskForm: false, taskAction: "", fields: [], completeActions: [], refusal: nil))
    }

    static func performance(_ request: PageRequest) async throws -> Response {
        let today = request.today
        let from = request.query("de").flatMap { CalendarDay(typed: $0) } ?? CalendarDay(year: today.year, month: today.month, day: 1)!.adding(months: -2)
        let to = request.query("ate").flatMap { CalendarDay(typed: $0) } ?? today
        let rows = try await request.billing.team.performance(companyId: request.session.companyId ?? -1, from: from, to: to)
        let names = Dictionary(try await request.store.users.registry.all().map { ($0.username, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let table = SimpleTable(id: "desempenho", headers: ["Colaborador", "Parciais encerradas", "Itens", "Não conformidades registradas",
                                                            "Faturas enviadas", "No prazo", "Faturado (guias)", "Glosa", "Taxa de glosa"], rows: rows.map { p in
            .init(cells: [names[p.username] ?? p.username, BrazilianFormat.integer(p.partialsClosed), BrazilianFormat.integer(p.items),
                          BrazilianFormat.integer(p.nonConformitiesFound), BrazilianFormat.integer(p.invoicesSent),
                          p.invoicesSent == 0 ? "—" : "\(p.invoicesOnTime) de \(p.invoicesSent)", BrazilianFormat.currency(p.billed),
                          BrazilianFormat.currency(p.glosa), p.glosaRate.map(BrazilianFormat.percentage) ?? "—"],
                  href: "", late: p.invoicesOnTime < p.invoicesSent)
        })
        return try await page(request, section: "performance", model(
            heading: "Desempenho da equipe",
            intro: "Calculado dos dados, nunca digitado: parciais que cada um encerrou no período e seus itens, não conformidades que registrou, faturas que enviou (e quantas no prazo), e a glosa sobre as guias das parciais que encerrou.",
            tables: [table], request: request, refusal: nil,
            filters: [FormField(name: "de", label: "De", value: BrazilianFormat.date(from)), FormField(name: "ate", label: "Até", value: BrazilianFormat.date(to))],
            filterAction: "/team/performance"), refusal: nil)
    }

    static func evaluations(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let list = try await request.billing.team.evaluations(companyId: companyId)
        let staff = try await request.billing.team.staff(companyId: companyId)
        let names = Dictionary(staff.map { ($0.username, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let table = SimpleTable(id: "avaliacoes", headers: ["Colaborador", "Período", "Média", "Avaliado por", "Em"], rows: list.map { e in
            .init(cells: [names[e.username] ?? e.username, BrazilianFormat.date(e.periodFrom) + " a " + BrazilianFormat.date(e.periodTo),
                          e.averageHundredths.map(average) ?? "—", e.evaluatedBy, BrazilianFormat.date(e.evaluatedOn)], href: SiteURL.evaluation(e.id ?? 0).path, late: false)
        })
        let today = request.today
        let scoreOptions = [("", "—")] + (1...5).map { (String($0), String($0)) }
        return try await page(request, section: "evaluations", model(
            heading: "Avaliações", intro: "Avaliação periódica de cada colaborador: notas de 1 a 5 por critério, comentários e plano de melhoria. Só o supervisor e o administrador veem.",
            tables: [table], canEdit: true, formTitle: "Nova avaliação", formAction: "/team/evaluations",
            fields: [FormField(name: "username", label: "Colaborador", kind: .select, value: "", options: staff.filter(\.active).map { ($0.username, $0.fullName) }, required: true),
                     FormField(name: "periodFrom", label: "Período de", value: BrazilianFormat.date(today.adding(months: -6)), required: true, hint: "dd/mm/aaaa"),
                     FormField(name: "periodTo", label: "até", value: BrazilianFormat.date(today), required: true, hint: "dd/mm/aaaa")]
                + Evaluation.criteria.enumerated().map { FormField(name: "score\($0.offset)", label: $0.element, kind: .select, value: "", options: scoreOptions, required: true) },
            texts: [TextArea(name: "comments", label: "Comentários", value: "", rows: 3, maxLength: 4_000),
                    TextArea(name: "improvementPlan", label: "Plano de melhoria (treinamentos, acompanhamento)", value: "", rows: 3, maxLength: 4_000)],
            button: "Registrar avaliação", request: request, refusal: refusal), refusal: refusal)
    }

    static func average(_ hundredths: Int) -> String { "\(hundredths / 100)," + String(format: "%02d", hundredths % 100) }

    static func evaluation(_ request: PageRequest) async throws -> Response {
        let e = try await request.billing.team.evaluation(try request.id(), companyId: request.session.companyId ?? -1)
        let name = try await request.billing.team.staff(companyId: e.companyId).first { $0.username == e.username }?.fullName ?? e.username
        return try await request.render("team_detail", title: "Avaliação de \(name)", section: "evaluations", TeamDetailModel(
            heading: "Avaliação de \(name)", backHref: SiteURL.evaluations.path,
            facts: [.init(label: "Período", value: BrazilianFormat.date(e.periodFrom) + " a " + BrazilianFormat.date(e.periodTo), id: "periodo"),
                    .init(label: "Média", value: e.averageHundredths.map(average) ?? "—", id: "media"),
                    .init(label: "Avaliado por", value: "\(e.evaluatedBy) em \(BrazilianFormat.date(e.evaluatedOn))", id: "avaliador")],
            blocks: [.init(title: "Comentários", text: e.comments.isEmpty ? "—" : e.comments, id: "comentarios"),
                     .init(title: "Plano de melhoria", text: e.improvementPlan.isEmpty ? "—" : e.improvementPlan, id: "plano")],
            tables: [SimpleTable(id: "notas", title: "Notas por critério", headers: ["Critério", "Nota"], rows: e.scores.map { .init(cells: [$0.criterion, String($0.score)], href: "", late: false) })],
            warning: "", canAcknowledge: false, acknowledgeAction: "", acknowledged: "", taskForm: false, taskAction: "", fields: [], completeActions: [], refusal: nil))
    }
}
