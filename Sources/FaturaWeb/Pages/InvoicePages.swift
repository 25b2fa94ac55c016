import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Faturas*: the invoices of the current company (filters, a new one for a payer and competence),
/// and each invoice's page: its partials (add, remove while open), what blocks closing, close,
/// reopen, the batches to download (XML, ZIP), the printable cover and delivery protocol, and
/// "Marcar como enviada" with the payer's protocol.
enum InvoicePages {
    static let routes = [
        PageRoute(.get, "/invoices", .viewInvoices) { try await list($0) },
        PageRoute(.post, "/invoices", .manageInvoices) { request in
            guard let companyId = request.session.companyId else {
                throw FaturaError.validation([FieldError("companyId", "Escolha a coligada atual no topo da página.")])
            }
            guard let payerId = Int(request.form["payerId"]) else { throw FaturaError.validation([FieldError("payerId", "Escolha o convênio.")]) }
            let invoice = try await request.billing.invoices.create(companyId: companyId, payerId: payerId, competence: request.form["competence"],
                                                                    by: request.actor)
            return request.redirect(.invoice(invoice.id!.rawValue), notice: .created)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/invoices/:id", .viewInvoices) { try await detail($0) },
        PageRoute(.post, "/invoices/:id/partials", .manageInvoices) { request in
            let ids = request.form.all("partialId").compactMap(Int.init).map { ID<PartialBill>($0) }
            let id = try request.id(of: Invoice.self)
            _ = try await request.billing.invoices.add(ids, to: id, expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.invoice(id.rawValue), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/partials/:partial/remove", .manageInvoices) { request in
            let id = try request.id(of: Invoice.self)
            _ = try await request.billing.invoices.remove(try request.id("partial", of: PartialBill.self), from: id,
                                                          expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.invoice(id.rawValue), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/close", .manageInvoices) { request in
            let id = try request.id(of: Invoice.self)
            // Checked now (what blocks closing comes back on this page at once), generated and
            // validated by the job runner while the page shows the progress.
            let job = try await request.billing.invoices.requestClose(id, expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(SiteURL.invoice(id.rawValue).with([("fechamento", String(job))]))
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/reopen", .manageInvoices) { request in
            let id = try request.id(of: Invoice.self)
            _ = try await request.billing.invoices.reopen(id, expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.invoice(id.rawValue), notice: .invoiceReopened)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/settle", .manageInvoices) { request in
            let invoice = try await require(request)
            _ = try await request.billing.trackingMap.settle(invoice.id!.rawValue, expectedVersion: Int(request.form["version"]) ?? -1, by: request.actor)
            return request.redirect(.invoice(invoice.id!.rawValue), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/sent", .manageInvoices) { request in
            let id = try request.id(of: Invoice.self)
            var problems: [FieldError] = []
            let day = request.form.optional("sentOn").flatMap { text -> CalendarDay? in
                guard let day = CalendarDay(typed: text) else { problems.append(FieldError("sentOn", "Data inválida: use dd/mm/aaaa.")); return nil }
                return day
            }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            _ = try await request.billing.invoices.markSent(id, on: day, channel: SendChannel(rawValue: request.form["channel"]),
                                                            protocolNumber: request.form.optional("protocolNumber"),
                                                            expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.invoice(id.rawValue), notice: .invoiceSent)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/receipt", .manageInvoices) { request in
            let id = try request.id(of: Invoice.self)
            _ = try await request.billing.invoices.importReceipt(request.form.fileBytes["file"] ?? [], into: id,
                                                                 expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.invoice(id.rawValue), notice: .receiptImported)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/payments", .manageGlosas) { request in
            let id = try request.id(of: Invoice.self)
            _ = try await require(request)
            var problems: [FieldError] = []
            let day = CalendarDay(typed: request.form["paidOn"])
            if day == nil { problems.append(FieldError("paidOn", "Data inválida: use dd/mm/aaaa.")) }
            let amount = BrazilianFormat.parseMoney(request.form["amount"])
            if amount == nil { problems.append(FieldError("amount", "Valor pago inválido (use 1.234,56).")) }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            try await request.billing.statements.recordPayment(invoiceId: id.rawValue, on: day!, amount: amount!, reference: request.form.optional("reference"),
                                                               by: request.actor)
            return request.redirect(SiteURL.invoice(id.rawValue).path + "#conciliacao", notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/invoices/:id/statement", .manageGlosas) { request in
            let id = try request.id(of: Invoice.self)
            _ = try await require(request)
            var problems: [FieldError] = [], items: [StatementService.TypedItem] = []
            for item in try await request.billing.statements.typeableItems(of: id.rawValue) {
                func amount(_ field: String) -> Money? {
                    guard let text = request.form.optional("\(field).\(item.itemId)") else { return nil }
                    guard let value = BrazilianFormat.parseMoney(text) else {
                        problems.append(FieldError("\(field).\(item.itemId)", "Guia \(item.claimNumber), item \(item.sequence): valor “\(text.prefix(15))” inválido (use 1.234,56)."))
                        return nil
                    }
                    return value
                }
                items.append(.init(claimItemId: item.itemId, released: amount("released"), glosa: amount("glosa"), reasonCode: request.form["reason.\(item.itemId)"]))
            }
            var issuedOn: CalendarDay?
            if let text = request.form.optional("issuedOn") {
                issuedOn = CalendarDay(typed: text)
                if issuedOn == nil { problems.append(FieldError("issuedOn", "Data de emissão inválida: use dd/mm/aaaa.")) }
            }
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            let result = try await request.billing.statements.importTyped(invoiceId: id.rawValue, number: request.form.optional("number"), issuedOn: issuedOn,
                                                                          items: items, by: request.actor)
            return request.redirect(.statement(result.statementId), notice: result.alreadyImported ? .statementAlreadyImported : .statementImported)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.get, "/invoices/:id/batches/:number", .viewInvoices) { request in
            let id = try request.id(of: Invoice.self)
            let file = try await request.store.invoices.batchFile(invoiceId: id, number: try request.id("number"))
            return download(file.bytes, name: "lote-\(file.batch.number).xml", type: "application/xml")
        },
        PageRoute(.get, "/invoices/:id/zip", .viewInvoices) { request in
            let invoice = try await require(request)
            var files: [(String, [UInt8])] = []
            for batch in try await request.store.invoices.batches(of: invoice.id!) {
                files.append(("lote-\(batch.number).xml", try await request.store.invoices.batchFile(invoiceId: invoice.id!, number: batch.number).bytes))
            }
            guard !files.isEmpty else { throw FaturaError.notFound(entity: "lotes da fatura (feche a fatura para gerá-los)") }
            return download(try ZipArchiveWriter.archive(files), name: "fatura-\(invoice.number)-lotes.zip", type: "application/zip")
        },
        PageRoute(.get, "/invoices/:id/print", .viewInvoices) { request in
            let model = try await printModel(request)
            return request.environment.renderer.html("invoice_print", model)
        },
    ]

    static func download(_ bytes: [UInt8], name: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func require(_ request: PageRequest) async throws -> Invoice {
        guard let invoice = try await request.store.invoices.find(try request.id(of: Invoice.self)),
              invoice.companyId == request.session.companyId else { throw FaturaError.notFound(entity: "fatura") }
        return invoice
    }

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let payers = try await request.store.payers.all(active: true)
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let status = request.query("situacao").flatMap(InvoiceStatus.init(rawValue:))
        let filter = InvoiceRepository.Filter(companyId: request.session.companyId ?? -1, payerId: request.queryInt("convenio"),
                                              competence: request.query("competencia").flatMap(Competence.init), status: status,
                                              page: request.queryInt("pagina") ?? 1)
        let page = try await request.store.invoices.list(filter)
        let today = request.today
        let invoicable = payers.filter { $0.billingStandard != .sus }
        return try await request.render("invoices", title: "Faturas", section: "invoices", InvoicesModel(
            noCompany: request.session.companyId == nil, canCreate: request.identity.may(.manageInvoices),
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.invoices.path) },
            payers: invoicable.map { .init(id: $0.id ?? 0, name: $0.name, selected: String($0.id ?? 0) == request.form["payerId"]) },
            competence: request.form.optional("competence") ?? Competence.of(today.adding(days: -28))?.description ?? "",
            filterPayers: payers.map { .init(id: $0.id ?? 0, name: $0.name, selected: $0.id == filter.payerId) },
            filterCompetence: filter.competence?.description ?? "",
            statuses: InvoiceStatus.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            rows: page.items.map { invoice in
                .init(href: SiteURL.invoice(invoice.id!.rawValue).path, number: invoice.number, payer: names[invoice.payerId] ?? "#\(invoice.payerId)",
                      competence: invoice.competence.label, status: invoice.status.label,
                      deadline: invoice.deadline.map(BrazilianFormat.date) ?? "—", late: invoice.isLate(today: today),
                      sent: invoice.sending.map { BrazilianFormat.date($0.on) } ?? "", claims: invoice.claims,
                      total: invoice.status == .open ? "" : BrazilianFormat.currency(invoice.total))
            },
            empty: page.items.isEmpty,
            pager: PagerModel(page) { SiteURL.invoices.with([("convenio", filter.payerId.map(String.init)), ("competencia", filter.competence?.description),
                                                             ("situacao", status?.rawValue), ("pagina", String($0))]) }),
            status: refusal?.status ?? .ok)
    }

    static func detail(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let invoice = try await require(request)
        let payer = try await request.store.payers.get(invoice.payerId)
        let partials = try await request.store.invoices.partials(of: invoice.id!)
        let canManage = request.identity.may(.manageInvoices)
        let asked = request.queryInt("fechamento")
        let closeJobs = invoice.status == .open || asked != nil ? try await request.billing.invoices.closeJobs(of: invoice) : []
        let pending = closeJobs.first(where: \.status.isActive)
        let failed = invoice.status == .open && pending == nil ? closeJobs.first.flatMap { $0.status == .failed ? $0 : nil } : nil
        let finished = asked.flatMap { id in closeJobs.first { $0.id == id && $0.status == .done } }
        var problems: [ClaimProblem] = []
        var candidates: [InvoiceRepository.PartialLine] = []
        // While the close runs, the invoice is the job's: no problems to recompute, nothing to add.
        if invoice.status == .open && pending == nil {
            problems = try await request.billing.invoices.claims(of: invoice).problems
            if canManage { candidates = try await request.store.invoices.candidates(for: invoice) }
        }
        let batches = try await request.store.invoices.batches(of: invoice.id!)
        let claims = invoice.status == .open ? [] : try await request.store.invoices.claims(of: invoice.id!)
        let today = request.today
        let open = invoice.status == .open
        let balances = open || !request.identity.may(.viewGlosas) ? [] : try await request.store.statements.reconciliation(of: invoice.id!.rawValue)
        let reconciliation = balances.contains { $0.analysed > 0 } ? try await reconciliationModel(balances, invoice: invoice, request: request) : nil
        // A short statement typed on this page (a payer that answers on paper): up to 200 items.
        let typeable = invoice.sending != nil && request.identity.may(.manageGlosas) ? try await request.billing.statements.typeableItems(of: invoice.id!.rawValue) : []
        let editable = open && pending == nil && canManage
        let total = partials.reduce(Money.zero) { $0 + $1.total }
        let base = SiteURL.invoice(invoice.id!.rawValue).path
        let timeline = try await timelineModel(invoice.id!.rawValue, request: request)
        // Settling: offered once the money is all accounted for; otherwise what still holds it, said plainly.
        let settleable = (invoice.status == .sent || invoice.status == .partiallyReceived) && canManage
        let mapRow = settleable ? try await request.billing.trackingMap.row(of: invoice.id!.rawValue, companyId: invoice.companyId) : nil
        return try await request.render("invoice", title: "Fatura \(invoice.number)", section: "invoices", InvoiceModel(
            id: invoice.id!.rawValue, version: invoice.version, number: invoice.number, payer: payer.name, competence: invoice.competence.label,
            status: invoice.status.label, tiss: payer.billingStandard == .convenio ? "TISS \(payer.tissVersion.rawValue), hash \(payer.tissHashEncoding.label)" : "",
            particular: payer.billingStandard == .particular,
            deadline: invoice.deadline.map(BrazilianFormat.date) ?? "sem prazo cadastrado (Calendário de entrega)",
            late: invoice.isLate(today: today), total: BrazilianFormat.currency(open ? total : invoice.total),
            count: BrazilianFormat.count(partials.count, "parcial", "parciais"),
            refusal: refusal.map { RefusalModel($0, reload: base, listingFields: true) },
            partials: partials.map { .init(id: $0.id, href: SiteURL.partial($0.id).path, externalId: $0.externalId, patient: $0.patientName,
                                           period: BrazilianFormat.date($0.periodStart) + " a " + BrazilianFormat.date($0.periodEnd),
                                           total: BrazilianFormat.currency($0.total), removeAction: editable ? "\(base)/partials/\($0.id)/remove" : "") },
            problems: problems.map { .init(partial: $0.partial, field: $0.field, message: $0.message) },
            candidates: candidates.map { .init(id: $0.id, externalId: $0.externalId, patient: $0.patientName,
                                               period: BrazilianFormat.date($0.periodStart) + " a " + BrazilianFormat.date($0.periodEnd),
                                               total: BrazilianFormat.currency($0.total)) },
            canAdd: editable && !candidates.isEmpty, canClose: editable && !partials.isEmpty,
            canReopen: invoice.status == .closed && canManage, canSend: invoice.status == .closed && canManage,
            canImportReceipt: !open && !batches.isEmpty && canManage,
            sentOn: request.form.optional("sentOn") ?? BrazilianFormat.date(today),
            channels: SendChannel.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == request.form["channel"]) },
            protocolNumber: request.form["protocolNumber"],
            batches: batches.map { .init(number: $0.number, type: $0.claimType.label, claims: $0.claims, total: BrazilianFormat.currency($0.total),
                                         hash: $0.hash, href: "\(base)/batches/\($0.number)", protocolNumber: $0.protocolNumber ?? invoice.sending?.protocolNumber ?? "",
                                         situation: Self.situationText($0)) },
            zipHref: batches.isEmpty ? "" : "\(base)/zip", printHref: open ? "" : "\(base)/print",
            claims: claims.map { .init(number: $0.number, type: $0.type.label, batch: $0.batch, total: BrazilianFormat.currency($0.total),
                                       refused: $0.refusedAtReceipt ?? "") },
            sending: invoice.sending.map { s in
                "Enviada em \(BrazilianFormat.date(s.on)) por \(s.by) (\(s.channel.label))" + (s.protocolNumber.map { ", protocolo \($0)" } ?? ", sem protocolo ainda")
                    + (invoice.deadline.map { s.on > $0 ? " — após o prazo de \(BrazilianFormat.date($0))" : " — no prazo" } ?? "")
            } ?? "",
            sentLate: invoice.sending.flatMap { s in invoice.deadline.map { s.on > $0 } } ?? false,
            hasProblems: !problems.isEmpty, hasPartials: !partials.isEmpty, hasBatches: !batches.isEmpty, hasClaims: !claims.isEmpty,
            closing: pending.map(closingModel), closeDone: finished == nil ? "" : payer.billingStandard == .particular
                ? "Fatura fechada: a conta detalhada de cada paciente está pronta para imprimir." : Notice.invoiceClosed.message,
            closeFailed: failed.map { "O último fechamento (tarefa \($0.id), \(request.environment.clock.display($0.finishedAt))) falhou: \($0.error ?? "motivo não registrado")" } ?? "",
            reconciliation: reconciliation,
            typing: typeable.isEmpty || typeable.count > 200 ? nil : .init(
                action: "\(base)/statement", issuedOn: request.form.optional("issuedOn") ?? BrazilianFormat.date(today), number: request.form["number"],
                items: typeable.map { item in
                    .init(id: item.itemId, claim: item.claimNumber, sequence: item.sequence, code: item.code, day: BrazilianFormat.date(item.day),
                          presented: BrazilianFormat.currency(item.total), released: request.form["released.\(item.itemId)"],
                          glosa: request.form["glosa.\(item.itemId)"], reason: request.form["reason.\(item.itemId)"])
                }),
            timeline: timeline, hasTimeline: !timeline.isEmpty,
            settle: mapRow.map { row in .init(can: row.settlementBlocker == nil, blocker: row.settlementBlocker ?? "",
                                              balance: BrazilianFormat.currency(row.balance)) }),
            status: refusal?.status ?? .ok)
    }

    /// The invoice's events for its page; links only to what the person may open.
    static func timelineModel(_ invoiceId: Int, request: PageRequest) async throws -> [InvoiceModel.TimelineItem] {
        let glosas = request.identity.may(.viewGlosas)
        return try await request.billing.trackingMap.timeline(of: invoiceId).map { e in
            let href: String
            switch e.entry.subject {
            case .none: href = ""
            case .statement(let id): href = glosas ? SiteURL.statement(id).path : ""
            case .appeal(let id): href = glosas ? SiteURL.appeal(id).path : ""
            case .paymentStatement(let id): href = glosas ? SiteURL.paymentStatement(id).path : ""
            }
            return .init(day: BrazilianFormat.date(e.day), iso: e.day.iso, time: e.time ?? "", hasTime: e.time != nil, kindKey: String(describing: e.entry.kind),
                         text: e.entry.text, by: e.entry.by ?? "", hasBy: !(e.entry.by ?? "").isEmpty, href: href, hasLink: !href.isEmpty)
        }
    }

    static func reconciliationModel(_ balances: [StatementRepository.ClaimBalance], invoice: Invoice, request: PageRequest) async throws -> InvoiceModel.Reconciliation {
        let total = balances.reduce(Reconciliation()) { $0 + $1.balance }
        let paid = try await request.store.statements.paid(invoiceId: invoice.id!.rawValue)
        return .init(rows: balances.map { c in
                         .init(claim: c.claimNumber, batch: c.batchNumber, presented: BrazilianFormat.currency(c.balance.presented),
                               released: BrazilianFormat.currency(c.balance.released), glosa: BrazilianFormat.currency(c.balance.glosa),
                               pending: BrazilianFormat.currency(c.balance.pending), overstated: c.balance.overstated)
                     },
                     presented: BrazilianFormat.currency(total.presented), released: BrazilianFormat.currency(total.released),
                     glosa: BrazilianFormat.currency(total.glosa), pending: BrazilianFormat.currency(total.pending),
                     paid: BrazilianFormat.currency(paid), difference: BrazilianFormat.currency(total.released - paid),
                     canPay: request.identity.may(.manageGlosas), paidOn: BrazilianFormat.date(request.today), action: SiteURL.invoice(invoice.id!.rawValue).path + "/payments",
                     glosasHref: SiteURL.glosas.with([("fatura", String(invoice.id!.rawValue))]))
    }

    /// "Liberado para pagamento (05/12/2026)", or a dash while the payer has said nothing.
    static func situationText(_ batch: InvoiceBatch) -> String {
        guard let situation = batch.payerSituation else { return "—" }
        return situation.label + (batch.payerSituationOn.map { " (\(BrazilianFormat.date($0)))" } ?? "")
    }

    static func closingModel(_ job: Job) -> InvoiceModel.Closing {
        guard job.status == .running else {
            return .init(text: "Na fila: o fechamento começa em instantes.", done: 0, total: 0, hasTotal: false)
        }
        let total = job.progressTotal, done = job.progressDone
        return .init(text: total == 0 ? "Montando as guias…"
                         : "Gerando e validando os lotes TISS: \(BrazilianFormat.integer(done)) de \(BrazilianFormat.count(total, "guia", "guias")).",
                     done: done, total: total, hasTotal: total > 0)
    }

    /// The printable cover (claims and totals), the delivery protocol for paper, and for a
    /// Particular payer the itemised bill of each patient.
    static func printModel(_ request: PageRequest) async throws -> InvoicePrintModel {
        let invoice = try await require(request)
        guard invoice.status != .open else { throw FaturaError.invoiceStateRefused(number: invoice.number, status: invoice.status, action: "imprimi-la antes de fechar") }
        let payer = try await request.store.payers.get(invoice.payerId)
        let company = try await request.store.companies.get(invoice.companyId)
        let partials = try await request.store.invoices.partials(of: invoice.id!)
        let claims = try await request.store.invoices.claims(of: invoice.id!)
        var bills: [InvoicePrintModel.Bill] = []
        if payer.billingStandard == .particular {
            for line in partials {
                let detail = try await request.store.accounts.partial(ID(line.id))
                bills.append(.init(partial: line.externalId, patient: line.patientName, period: BrazilianFormat.date(line.periodStart) + " a " + BrazilianFormat.date(line.periodEnd),
                                   items: detail.items.map { .init(day: BrazilianFormat.date($0.performedAt.day), code: $0.code, description: $0.description,
                                                                    quantity: $0.quantity.description, unit: BrazilianFormat.currency($0.unitValue),
                                                                    total: BrazilianFormat.currency($0.total)) },
                                   total: BrazilianFormat.currency(line.total)))
            }
        }
        return InvoicePrintModel(
            company: company.name, cnpj: Identifiers.formatCNPJ(company.cnpj), cnes: company.cnes, payer: payer.name, ans: payer.ansRegistry ?? "",
            number: invoice.number, competence: invoice.competence.label, status: invoice.status.label,
            deadline: invoice.deadline.map(BrazilianFormat.date) ?? "", closedAt: HospitalClock.display(invoice.closedAt),
            total: BrazilianFormat.currency(invoice.total), count: invoice.claims,
            claims: claims.map { claim in
                .init(number: claim.number, type: claim.type.label, batch: claim.batch,
                      patient: partials.first { $0.id == claim.partialId }?.patientName ?? "", total: BrazilianFormat.currency(claim.total))
            },
            batches: try await request.store.invoices.batches(of: invoice.id!).map { .init(number: $0.number, type: $0.claimType.label, claims: $0.claims,
                                                                                           total: BrazilianFormat.currency($0.total), hash: $0.hash) },
            bills: bills, isParticular: payer.billingStandard == .particular, printedAt: BrazilianFormat.date(request.today))
    }
}
