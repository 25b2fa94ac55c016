import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Hummingbird

/// *Glosas*: the worklist (filters, deadline in red when late, "recorrer selecionadas"), the import
/// of a payer's statement and each statement's lines waiting for a person, one glosa's page with
/// its decisions (owner, kind, the auditor's opinion, accept, appeal), and the appeals with their
/// TISS file, printable letter, sending and the payer's answer.
enum GlosaPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/glosas", .viewGlosas) { try await list($0) },
        PageRoute(.post, "/glosas/statements", .manageGlosas) { request in
            guard let payerId = Int(request.form["payerId"]) else { throw FaturaError.validation([FieldError("payerId", "Escolha o convênio que enviou o demonstrativo.")]) }
            guard let bytes = request.form.fileBytes["file"], !bytes.isEmpty else {
                throw FaturaError.validation([FieldError("file", "Escolha o arquivo do demonstrativo.")])
            }
            let fileName = request.form.files["file"]?.filename
            if request.form["format"] == "csv" {
                var issuedOn: CalendarDay?
                if let text = request.form.optional("issuedOn") {
                    guard let day = CalendarDay(typed: text) else { throw FaturaError.validation([FieldError("issuedOn", "Data de emissão inválida: use dd/mm/aaaa.")]) }
                    issuedOn = day
                }
                let result = try await request.billing.statements.importCSV(bytes, fileName: fileName, payerId: payerId, number: request.form.optional("number"),
                                                                            issuedOn: issuedOn, by: request.actor)
                return request.redirect(.statement(result.statementId), notice: result.alreadyImported ? .statementAlreadyImported : .statementImported)
            }
            // One door for the payer's TISS files: the message's transaction says which it is.
            switch TISSPayerMessage.transaction(bytes) {
            case "DEMONSTRATIVO_PAGAMENTO":
                let result = try await request.billing.payments.importXML(bytes, fileName: fileName, payerId: payerId, by: request.actor)
                return request.redirect(.paymentStatement(result.statementId), notice: result.alreadyImported ? .statementAlreadyImported : .paymentsImported)
            case "SITUACAO_PROTOCOLO":
                let result = try await request.billing.payments.importSituation(bytes, payerId: payerId, by: request.actor)
                return request.redirect(.invoice(result.invoiceId), notice: .protocolSituationImported)
            default:
                let results = try await request.billing.statements.importXML(bytes, fileName: fileName, payerId: payerId, by: request.actor)
                return request.redirect(.statement(results[0].statementId), notice: results[0].alreadyImported ? .statementAlreadyImported : .statementImported)
            }
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/glosas/payments/:id", .viewGlosas) { try await paymentStatement($0) },
        PageRoute(.get, "/glosas/mappings", .manageGlosas) { try await mapping($0) },
        PageRoute(.post, "/glosas/mappings", .manageGlosas) { request in
            guard let payerId = Int(request.form["payerId"]), try await request.store.payers.find(payerId)?.billingStandard == .convenio else {
                throw FaturaError.validation([FieldError("payerId", "Escolha o convênio.")])
            }
            let columns = try StatementColumns.from { request.form.optional($0) }
            try await request.store.statementMappings.save(columns, payerId: payerId, by: request.actor, at: request.environment.clock.timestamp())
            return request.redirect(SiteURL.glosas.path + "/mappings?convenio=\(payerId)", notice: .saved)
        }.redisplaying { request, refusal in try await mapping(request, refusal: refusal) },
        PageRoute(.get, "/glosas/statements/:id", .viewGlosas) { try await statement($0) },
        PageRoute(.post, "/glosas/statements/:id/lines/:line/match", .manageGlosas) { request in
            let id = try request.id()
            guard let item = Int(request.form["claimItemId"]) else { throw FaturaError.validation([FieldError("claimItemId", "Escolha o item da guia.")]) }
            _ = try await request.billing.statements.match(lineId: try request.id("line"), to: item, by: request.actor)
            return request.redirect(.statement(id), notice: .saved)
        }.redisplaying { request, refusal in try await statement(request, refusal: refusal) },
        PageRoute(.post, "/glosas/appeals", .manageGlosas) { request in
            let ids = request.form.all("glosaId").compactMap(Int.init)
            let scope = AppealScope(rawValue: request.form["scope"]) ?? .items
            let text = request.form["justification"]
            let appeal = try await request.billing.appeals.create(
                .init(glosaIds: ids, scope: scope, justification: text, justifications: Dictionary(uniqueKeysWithValues: Set(ids).map { ($0, text) }),
                      documents: documents(request.form["documents"])), by: request.actor)
            return request.redirect(.appeal(appeal.id!), notice: .appealCreated)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/glosas/appeals", .viewGlosas) { try await appeals($0) },
        PageRoute(.get, "/glosas/appeals/:id", .viewGlosas) { try await appeal($0) },
        PageRoute(.get, "/glosas/appeals/:id/print", .viewGlosas) { request in
            request.environment.renderer.html("appeal_print", try await appealModel(request, refusal: nil))
        },
        PageRoute(.get, "/glosas/appeals/:id/xml", .viewGlosas) { request in
            let id = try request.id()
            let file = try await request.billing.appeals.file(id)
            return InvoicePages.download(file.bytes, name: "recurso-\(id).xml", type: "application/xml")
        },
        PageRoute(.post, "/glosas/appeals/:id/send", .manageGlosas) { request in
            let id = try request.id()
            let day = try typedDay(request, "sentOn")
            _ = try await request.billing.appeals.send(id, on: day, protocol: request.form.optional("protocol"),
                                                       expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.appeal(id), notice: .appealSent)
        }.redisplaying { request, refusal in try await appeal(request, refusal: refusal) },
        PageRoute(.post, "/glosas/appeals/:id/answer", .manageGlosas) { request in
            let id = try request.id()
            let day = try typedDay(request, "answeredOn")
            guard let current = try await request.store.appeals.find(id) else { throw FaturaError.notFound(entity: "recurso") }
            var accepted: [Int: Money] = [:], problems: [FieldError] = []
            for item in current.items {
                let text = request.form["accepted.\(item.glosaId)"].trimmingSpaces()
                if text.isEmpty { continue }
                guard let value = BrazilianFormat.parseMoney(text) else {
                    problems.append(FieldError("accepted.\(item.glosaId)", "Guia \(item.claimNumber), item \(item.sequence): valor acatado inválido (use 1.234,56)."))
                    continue
                }
                accepted[item.glosaId] = value
            }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            _ = try await request.billing.appeals.answer(id, accepted: accepted, on: day, expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.appeal(id), notice: .appealAnswered)
        }.redisplaying { request, refusal in try await appeal(request, refusal: refusal) },
        PageRoute(.post, "/glosas/appeals/:id/payer-file", .manageGlosas) { request in
            let id = try request.id()
            var day: CalendarDay?
            if let text = request.form.optional("answeredOn") {
                guard let typed = CalendarDay(typed: text) else { throw FaturaError.validation([FieldError("answeredOn", "Data da resposta inválida: use dd/mm/aaaa.")]) }
                day = typed
            }
            guard let current = try await request.store.appeals.find(id), current.companyId == request.session.companyId else { throw FaturaError.notFound(entity: "recurso") }
            let result = try await request.billing.appeals.importPayerFile(id, bytes: request.form.fileBytes["file"] ?? [], answeredOn: day,
                                                                            expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.appeal(id), notice: result.outcome == .received ? .appealSent : .appealAnswered)
        }.redisplaying { request, refusal in try await appeal(request, refusal: refusal) },
        PageRoute(.get, "/glosas/:id", .viewGlosas) { try await detail($0) },
        PageRoute(.post, "/glosas/:id/owner", .manageGlosas) { request in
            let id = try request.id()
            let owner = request.form["take"] == "1" ? request.actor.username : request.form.optional("owner")
            _ = try await request.billing.glosas.assign(id, to: owner, expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.glosa(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/glosas/:id/kind", .manageGlosas) { request in
            let id = try request.id()
            guard let kind = GlosaKind(rawValue: request.form["kind"]) else { throw FaturaError.validation([FieldError("kind", "Escolha o tipo da glosa.")]) }
            _ = try await request.billing.glosas.setKind(id, kind, expectedVersion: Int(request.form["version"]) ?? -1,
                                                         auditor: request.identity.may(.giveGlosaOpinion), by: request.actor)
            return request.redirect(.glosa(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/glosas/:id/opinion", .giveGlosaOpinion) { request in
            let id = try request.id()
            guard let opinion = GlosaOpinion(rawValue: request.form["opinion"]) else {
                throw FaturaError.validation([FieldError("opinion", "Escolha se a glosa é procedente ou improcedente.")])
            }
            _ = try await request.billing.glosas.giveOpinion(id, opinion, text: request.form["opinionText"],
                                                             expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.glosa(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/glosas/:id/nonconformity", .manageGlosas) { request in
            let id = try request.id()
            guard request.identity.may(.manageNonConformities) else { throw FaturaError.forbidden }
            _ = try await request.billing.glosas.openNonConformity(id, typeId: Int(request.form["typeId"]), sectorId: Int(request.form["sectorId"]),
                                                                   note: request.form["note"], expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.glosa(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/glosas/:id/accept", .manageGlosas) { request in
            let id = try request.id()
            _ = try await request.billing.glosas.accept(id, note: request.form["note"], expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.glosa(id), notice: .glosaAccepted)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/glosas/:id/appeal", .manageGlosas) { request in
            let id = try request.id()
            var amount: Money?
            if let text = request.form.optional("amount") {
                guard let value = BrazilianFormat.parseMoney(text) else { throw FaturaError.validation([FieldError("amount", "Valor a recorrer inválido (use 1.234,56).")]) }
                amount = value
            }
            let appeal = try await request.billing.appeals.create(
                .init(glosaIds: [id], scope: .items, amounts: amount.map { [id: $0] } ?? [:], justifications: [id: request.form["justification"]],
                      documents: documents(request.form["documents"]), versions: [id: Int(request.form["version"]) ?? -1]), by: request.actor)
            return request.redirect(.appeal(appeal.id!), notice: .appealCreated)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
    ]

    /// One document name a line (the attachments' list).
    static func documents(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    static func typedDay(_ request: PageRequest, _ field: String) throws -> CalendarDay {
        guard let day = CalendarDay(typed: request.form[field]) else { throw FaturaError.validation([FieldError(field, "Data inválida: use dd/mm/aaaa.")]) }
        return day
    }

    // MARK: - Worklist

    static func filter(_ request: PageRequest) -> GlosaFilter {
        GlosaFilter(payerId: request.queryInt("convenio"), competence: request.query("competencia").flatMap(Competence.init),
                    kind: request.query("tipo").flatMap(GlosaKind.init(rawValue:)), reasonCode: request.query("motivo").map { String($0.prefix(4)) },
                    minValue: request.query("valorMinimo").flatMap(BrazilianFormat.parseMoney), owner: request.query("responsavel").map { String($0.prefix(100)) },
                    status: request.query("situacao").flatMap(GlosaStatus.init(rawValue:)),
                    dueBy: request.query("venceAte").flatMap { CalendarDay(typed: $0) }, invoiceId: request.queryInt("fatura"),
                    statementId: request.queryInt("demonstrativo"), awaitingOpinion: request.query("parecer") == "pendente",
                    page: request.queryInt("pagina") ?? 1, perPage: 100)
    }

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let filter = filter(request)
        let payers = try await request.store.payers.all()
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        var scoped = filter
        scoped.companyId = request.session.companyId ?? -1
        let page = try await request.store.glosas.list(scoped)
        let statements = try await request.store.statements.list(payerId: filter.payerId, page: 1, perPage: 10)
        let payments = try await request.store.paymentStatements.list(payerId: filter.payerId, limit: 10)
        let today = request.today
        let canManage = request.identity.may(.manageGlosas)
        let book = GlosaReasonBook.shared
        return try await request.render("glosas", title: "Glosas", section: "glosas", GlosasModel(
            canManage: canManage, refusal: refusal.map { RefusalModel($0, reload: SiteURL.glosas.path, listingFields: true) },
            payers: payers.filter { $0.billingStandard == .convenio }.map { .init(value: String($0.id ?? 0), label: $0.name, selected: $0.id == filter.payerId) },
            kinds: GlosaKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == filter.kind) },
            statuses: GlosaStatus.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == filter.status) },
            competence: filter.competence?.description ?? "", reason: filter.reasonCode ?? "", minValue: filter.minValue.map(BrazilianFormat.decimal) ?? "",
            owner: filter.owner ?? "", dueBy: filter.dueBy.map(BrazilianFormat.date) ?? "", awaitingOpinion: filter.awaitingOpinion,
            rows: page.items.map { glosa in
                let left = glosa.daysLeft(today: today)
                return .init(id: glosa.id, href: SiteURL.glosa(glosa.id).path, payer: names[glosa.payerId] ?? "#\(glosa.payerId)",
                             invoice: "\(glosa.invoiceNumber) · \(glosa.competence.label)", invoiceHref: SiteURL.invoice(glosa.invoiceId).path,
                             claim: glosa.claimNumber, item: "\(glosa.sequence) · \(glosa.itemCode)", reason: book.label(glosa.reasonCode),
                             kind: glosa.kind.label, value: BrazilianFormat.currency(glosa.balance.value),
                             undecided: BrazilianFormat.currency(glosa.balance.undecided), status: glosa.status.label,
                             due: dueText(glosa, today: today), late: (left ?? 0) < 0, soon: left.map { (0...5).contains($0) } ?? false,
                             owner: glosa.owner ?? "—", opinion: glosa.awaitsOpinion ? "Aguardando auditoria" : glosa.opinion?.label ?? "",
                             selectable: canManage && glosa.balance.undecided > .zero && !glosa.awaitsOpinion)
            },
            empty: page.items.isEmpty,
            pager: PagerModel(page) { SiteURL.glosas.page($0, keeping: request.request.uri.query) },
            totalUndecided: BrazilianFormat.currency(page.items.reduce(Money.zero) { $0 + $1.balance.undecided }),
            statements: statements.items.map { s in
                .init(href: SiteURL.statement(s.id).path, number: s.number ?? "sem número", payer: names[s.payerId] ?? "#\(s.payerId)",
                      issuedOn: BrazilianFormat.date(s.issuedOn), source: s.source.label, lines: s.lines, matched: s.matched,
                      glosa: BrazilianFormat.currency(s.glosa), flagged: !s.problems.isEmpty)
            },
            hasStatements: !statements.items.isEmpty,
            payments: payments.map { s in
                .init(href: SiteURL.paymentStatement(s.id).path, number: s.number, payer: names[s.payerId] ?? "#\(s.payerId)",
                      issuedOn: BrazilianFormat.date(s.issuedOn), gross: BrazilianFormat.currency(s.gross), net: BrazilianFormat.currency(s.net),
                      flagged: !s.problems.isEmpty)
            },
            hasPayments: !payments.isEmpty,
            importPayers: payers.filter { $0.billingStandard == .convenio && $0.active }.map {
                .init(value: String($0.id ?? 0), label: $0.name, selected: String($0.id ?? 0) == request.form["payerId"])
            },
            scopes: [AppealScope.items, .wholeClaim].map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == request.form["scope"]) }),
            status: refusal?.status ?? .ok)
    }

    static func dueText(_ glosa: Glosa, today: CalendarDay) -> String {
        guard let due = glosa.appealDue else { return "—" }
        guard let left = glosa.daysLeft(today: today) else { return BrazilianFormat.date(due) }
        if left < 0 { return "\(BrazilianFormat.date(due)) (vencida há \(BrazilianFormat.count(-left, "dia", "dias")))" }
        if left == 0 { return "\(BrazilianFormat.date(due)) (vence hoje)" }
        return "\(BrazilianFormat.date(due)) (\(BrazilianFormat.count(left, "dia", "dias")))"
    }

    // MARK: - One glosa

    static func detail(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        guard let glosa = try await request.store.glosas.find(try request.id()), glosa.companyId == request.session.companyId else {
            throw FaturaError.notFound(entity: "glosa")
        }
        let payer = try await request.store.payers.get(glosa.payerId)
        let sector = try await glosa.originSectorId.asyncMap { try await request.store.sectors.find($0)?.name }
        let appeals = try await request.billing.appeals.of(glosa: glosa.id)
        let today = request.today
        let b = glosa.balance
        let canManage = request.identity.may(.manageGlosas)
        let reason = GlosaReasonBook.shared.reason(glosa.reasonCode)
        let canOpen = canManage && glosa.nonConformityId == nil && request.identity.may(.manageNonConformities)
        let types = canOpen ? try await request.store.nonConformityTypes.all(active: true) : []
        let sectors = canOpen ? try await request.store.sectors.all(active: true) : []
        return try await request.render("glosa", title: "Glosa \(glosa.id)", section: "glosas", GlosaModel(
            id: glosa.id, version: glosa.version, refusal: refusal.map { RefusalModel($0, reload: SiteURL.glosa(glosa.id).path, listingFields: true) },
            payer: payer.name, invoice: "\(glosa.invoiceNumber) · \(glosa.competence.label)", invoiceHref: SiteURL.invoice(glosa.invoiceId).path,
            statementHref: SiteURL.statement(glosa.statementId).path, claim: glosa.claimNumber, protocolNumber: glosa.protocolNumber ?? "sem protocolo",
            item: "\(glosa.sequence) · tabela \(glosa.itemTable) · \(glosa.itemCode)", day: BrazilianFormat.date(glosa.itemDay),
            reason: GlosaReasonBook.shared.label(glosa.reasonCode), guidance: reason?.guidance ?? "", kind: glosa.kind.label, status: glosa.status.label,
            value: BrazilianFormat.currency(b.value),
            parts: [("A decidir", b.undecided), ("Aceita (baixada)", b.writtenOff), ("Em recurso", b.underAppeal), ("Recuperada", b.recovered), ("Perdida", b.lost)]
                .map { .init(label: $0.0, value: BrazilianFormat.currency($0.1)) },
            due: dueText(glosa, today: today), late: (glosa.daysLeft(today: today) ?? 0) < 0, owner: glosa.owner ?? "",
            biller: glosa.biller ?? "—", sector: sector ?? "—", partialHref: SiteURL.partial(glosa.partialId).path,
            opinion: glosa.opinion?.label ?? "", opinionText: glosa.opinionText ?? "", opinionBy: glosa.opinionBy ?? "", decisionNote: glosa.decisionNote ?? "",
            awaitsOpinion: glosa.awaitsOpinion, canManage: canManage, canDecide: canManage && b.undecided > .zero && !glosa.awaitsOpinion,
            canOpine: request.identity.may(.giveGlosaOpinion) && glosa.kind == .technical && b.undecided > .zero,
            kinds: GlosaKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == glosa.kind) },
            undecided: BrazilianFormat.decimal(b.undecided),
            appeals: appeals.map { a in
                let item = a.items.first { $0.glosaId == glosa.id }
                return .init(href: SiteURL.appeal(a.id!).path, number: a.number, round: a.round, status: a.status.label,
                             amount: item.map { BrazilianFormat.currency($0.amount) } ?? "", accepted: item?.accepted.map(BrazilianFormat.currency) ?? "")
            }, hasAppeals: !appeals.isEmpty,
            nonConformity: glosa.nonConformityId.map { "Não conformidade \($0) aberta para o setor de origem" } ?? "",
            canOpenNonConformity: canOpen,
            typeOptions: OptionModel.list(types.map { ($0.id ?? 0, "\($0.name) (\(BrazilianFormat.count($0.deadlineBusinessDays, "dia útil", "dias úteis")))") },
                                          selected: Int(request.form["typeId"])),
            sectorOptions: OptionModel.list(sectors.map { ($0.id ?? 0, $0.name) }, selected: Int(request.form["sectorId"]) ?? glosa.originSectorId)),
            status: refusal?.status ?? .ok)
    }

    // MARK: - Statements

    /// The columns of a payer's statement spreadsheet (chosen payer from the query or the form).
    static func mapping(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let payers = try await request.store.payers.all(active: true).filter { $0.billingStandard == .convenio }
        let payerId = Int(request.form["payerId"]) ?? request.queryInt("convenio")
        let saved = try await payerId.asyncMap { try await request.store.statementMappings.find(payerId: $0) }
        return try await request.render("statement_mapping", title: "Colunas da planilha de demonstrativo", section: "glosas", StatementMappingModel(
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.glosas.path + "/mappings", listingFields: true) },
            payers: payers.map { .init(value: String($0.id ?? 0), label: $0.name, selected: $0.id == payerId) },
            hasPayer: payerId != nil, payerId: payerId ?? 0, saved: saved != nil,
            fields: StatementColumns.fields.map { field in
                .init(name: field.name, label: field.label, required: field.required,
                      value: refusal != nil ? request.form[field.name] : saved?.header(field.name) ?? "")
            }),
            status: refusal?.status ?? .ok)
    }

    static func statement(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        guard let statement = try await request.store.statements.find(try request.id()) else { throw FaturaError.notFound(entity: "demonstrativo") }
        let payer = try await request.store.payers.get(statement.payerId)
        let counts = try await request.store.statements.counts(of: statement.id)
        let pending = try await request.store.statements.lines(of: statement.id, states: [.ambiguous, .unmatched], limit: 200)
        let candidates = try await request.billing.statements.candidates(for: pending, payerId: statement.payerId)
        let canManage = request.identity.may(.manageGlosas)
        let base = SiteURL.statement(statement.id).path
        return try await request.render("statement", title: "Demonstrativo \(statement.number ?? "")", section: "glosas", StatementModel(
            id: statement.id, refusal: refusal.map { RefusalModel($0, reload: base, listingFields: true) }, number: statement.number ?? "sem número",
            payer: payer.name, issuedOn: BrazilianFormat.date(statement.issuedOn), source: statement.source.label, fileName: statement.fileName ?? "",
            importedAt: request.environment.clock.display(statement.importedAt), importedBy: statement.importedBy, lines: statement.lines,
            matched: statement.matched, inferred: counts[.inferred] ?? 0, waiting: (counts[.ambiguous] ?? 0) + (counts[.unmatched] ?? 0),
            informed: BrazilianFormat.currency(statement.informed), released: BrazilianFormat.currency(statement.released),
            glosa: BrazilianFormat.currency(statement.glosa), problems: statement.problems, hasProblems: !statement.problems.isEmpty,
            pending: pending.map { line in
                let options = (candidates[line.id] ?? []).map { StatementModel.Candidate(id: $0.itemId, label: "item \($0.sequence) · \($0.code) · \(BrazilianFormat.date($0.day)) · \(BrazilianFormat.currency($0.total))") }
                return .init(id: line.id, position: line.position + 1, sourceLine: line.sourceLine.map(String.init) ?? "", claim: line.claimNumber,
                             sequence: line.sequence.map(String.init) ?? "—", day: line.day.map(BrazilianFormat.date) ?? "—", code: line.code,
                             informed: BrazilianFormat.currency(line.informed), released: BrazilianFormat.currency(line.released),
                             glosa: BrazilianFormat.currency(line.glosa), state: line.state == .ambiguous ? "Ambígua" : "Sem item",
                             reason: line.reason ?? "", candidates: options, hasCandidates: canManage && !options.isEmpty,
                             matchAction: "\(base)/lines/\(line.id)/match")
            },
            hasPending: !pending.isEmpty, canManage: canManage, glosasHref: SiteURL.glosas.with([("demonstrativo", String(statement.id))])),
            status: refusal?.status ?? .ok)
    }

    // MARK: - Appeals

    static func appeals(_ request: PageRequest) async throws -> Response {
        let payers = try await request.store.payers.all()
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let page = try await request.store.appeals.list(payerId: request.queryInt("convenio"), status: request.query("situacao").flatMap(AppealStatus.init(rawValue:)),
                                                        page: request.queryInt("pagina") ?? 1)
        return try await request.render("appeals", title: "Recursos de glosa", section: "glosas", AppealsModel(
            rows: page.items.map { a in
                .init(href: SiteURL.appeal(a.id!).path, number: a.number, payer: names[a.payerId] ?? "", protocolNumber: a.protocolNumber, round: a.round,
                      scope: a.scope.label, status: a.status.label, total: "", accepted: "", sentOn: a.sentOn.map(BrazilianFormat.date) ?? "")
            },
            empty: page.items.isEmpty, pager: PagerModel(page) { SiteURL.appeals.page($0, keeping: request.request.uri.query) }))
    }

    static func appeal(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let model = try await appealModel(request, refusal: refusal)
        return try await request.render("appeal", title: "Recurso \(model.number)", section: "glosas", model, status: refusal?.status ?? .ok)
    }

    static func appealModel(_ request: PageRequest, refusal: FormRefusal?) async throws -> AppealModel {
        guard let appeal = try await request.store.appeals.find(try request.id()), appeal.companyId == request.session.companyId else {
            throw FaturaError.notFound(entity: "recurso")
        }
        let payer = try await request.store.payers.get(appeal.payerId)
        let company = try await request.store.companies.get(appeal.companyId)
        let canManage = request.identity.may(.manageGlosas)
        let base = SiteURL.appeal(appeal.id!).path
        let book = GlosaReasonBook.shared
        return AppealModel(
            id: appeal.id!, version: appeal.version, refusal: refusal.map { RefusalModel($0, reload: base, listingFields: true) }, number: appeal.number,
            payer: payer.name, ans: payer.ansRegistry ?? "", company: company.name, cnpj: Identifiers.formatCNPJ(company.cnpj),
            batchNumber: appeal.batchNumber, protocolNumber: appeal.protocolNumber, round: appeal.round, scope: appeal.scope.label,
            status: appeal.status.label, justification: appeal.justification ?? "", documents: appeal.documents, hasDocuments: !appeal.documents.isEmpty,
            items: appeal.items.map { item in
                .init(glosaId: item.glosaId, glosaHref: SiteURL.glosa(item.glosaId).path, claim: item.claimNumber, sequence: item.sequence,
                      day: BrazilianFormat.date(item.day), code: item.code, description: item.description, reason: book.label(item.reasonCode),
                      amount: BrazilianFormat.currency(item.amount), amountValue: BrazilianFormat.decimal(item.amount), justification: item.justification,
                      accepted: item.accepted.map(BrazilianFormat.currency) ?? "")
            },
            total: BrazilianFormat.currency(appeal.total), accepted: appeal.status == .answered ? BrazilianFormat.currency(appeal.accepted) : "",
            createdAt: request.environment.clock.display(appeal.createdAt), createdBy: appeal.createdBy,
            sentOn: appeal.sentOn.map(BrazilianFormat.date) ?? "", sentProtocol: appeal.sentProtocol ?? "",
            answeredOn: appeal.answeredOn.map(BrazilianFormat.date) ?? "",
            canSend: canManage && appeal.status == .draft, canAnswer: canManage && appeal.status == .sent,
            canImport: canManage && appeal.status != .answered, today: BrazilianFormat.date(request.today),
            xmlHref: payer.billingStandard == .convenio ? "\(base)/xml" : "", printHref: "\(base)/print", printedAt: BrazilianFormat.date(request.today))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
