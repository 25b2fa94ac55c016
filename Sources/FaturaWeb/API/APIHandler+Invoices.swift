import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// Invoices for integrators: the same service, roles and refusals as the pages.
extension APIHandler {
    func listInvoices(_ input: Operations.ListInvoices.Input) async throws -> Operations.ListInvoices.Output {
        _ = try RequestIdentity.require(.viewInvoices)
        let q = input.query
        let competence = try Self.competence(q.competence)
        let page = try await store.invoices.list(.init(companyId: q.companyId, payerId: q.payerId, competence: competence,
                                                       status: q.status.flatMap { InvoiceStatus(rawValue: $0.rawValue) },
                                                       page: Page<Never>.clamp(q.page ?? 1), perPage: min(max(1, q.perPage ?? 50), 200)))
        let today = billing.clock.today()
        return .ok(.init(body: .json(.init(items: page.items.map { .init($0, today: today) }, page: page.page, perPage: page.perPage, total: page.total))))
    }

    func createInvoice(_ input: Operations.CreateInvoice.Input) async throws -> Operations.CreateInvoice.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let invoice = try await billing.invoices.create(companyId: body.companyId, payerId: body.payerId, competence: body.competence, by: identity.actor)
        return .created(.init(body: .json(try await invoiceDetail(invoice.id!))))
    }

    func getInvoice(_ input: Operations.GetInvoice.Input) async throws -> Operations.GetInvoice.Output {
        _ = try RequestIdentity.require(.viewInvoices)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func addInvoicePartials(_ input: Operations.AddInvoicePartials.Input) async throws -> Operations.AddInvoicePartials.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await billing.invoices.add(body.partialIds.map { ID($0) }, to: ID(input.path.id), expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func removeInvoicePartial(_ input: Operations.RemoveInvoicePartial.Input) async throws -> Operations.RemoveInvoicePartial.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await billing.invoices.remove(ID(input.path.partialId), from: ID(input.path.id), expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func closeInvoice(_ input: Operations.CloseInvoice.Input) async throws -> Operations.CloseInvoice.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await billing.invoices.closeNow(ID(input.path.id), expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func reopenInvoice(_ input: Operations.ReopenInvoice.Input) async throws -> Operations.ReopenInvoice.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await billing.invoices.reopen(ID(input.path.id), expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func markInvoiceSent(_ input: Operations.MarkInvoiceSent.Input) async throws -> Operations.MarkInvoiceSent.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        guard let day = CalendarDay(iso: body.sentOn), InputLimits.isPlausible(day) else {
            throw FaturaError.validation([FieldError("sentOn", "Data inválida: \(body.sentOn.prefix(20)) (aaaa-mm-dd).")])
        }
        _ = try await billing.invoices.markSent(ID(input.path.id), on: day, channel: SendChannel(rawValue: body.channel.rawValue),
                                                protocolNumber: body.protocolNumber, expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await invoiceDetail(ID(input.path.id)))))
    }

    func importInvoiceReceipt(_ input: Operations.ImportInvoiceReceipt.Input) async throws -> Operations.ImportInvoiceReceipt.Output {
        let identity = try RequestIdentity.require(.manageInvoices)
        guard case .xml(let body) = input.body else { throw FaturaError.badRequest("Corpo application/xml esperado.") }
        let outcome = try await billing.invoices.importReceipt(try await Self.bytes(body), into: ID(input.path.id), expectedVersion: nil, by: identity.actor)
        let invoice = try await store.invoices.find(ID(input.path.id))!
        return .ok(.init(body: .json(.init(invoice: .init(invoice, today: billing.clock.today()), batch: outcome.batch,
                                           protocolNumber: outcome.protocolNumber, refusedClaims: outcome.refusedClaims))))
    }

    func downloadInvoiceBatch(_ input: Operations.DownloadInvoiceBatch.Input) async throws -> Operations.DownloadInvoiceBatch.Output {
        _ = try RequestIdentity.require(.viewInvoices)
        let file = try await store.invoices.batchFile(invoiceId: ID(input.path.id), number: input.path.number)
        return .ok(.init(body: .xml(HTTPBody(file.bytes))))
    }

    func invoiceDetail(_ id: ID<Invoice>) async throws -> Components.Schemas.InvoiceDetail {
        guard let invoice = try await store.invoices.find(id) else { throw FaturaError.notFound(entity: "fatura") }
        let partials = try await store.invoices.partials(of: id)
        let problems = invoice.status == .open ? try await billing.invoices.claims(of: invoice).problems : []
        let batches = try await store.invoices.batches(of: id)
        let claims = try await store.invoices.claims(of: id)
        return .init(
            invoice: .init(invoice, today: billing.clock.today()),
            partials: partials.map { .init(id: $0.id, externalId: $0.externalId, patientName: $0.patientName, periodStart: $0.periodStart.iso,
                                           periodEnd: $0.periodEnd.iso, totalCents: $0.total.cents) },
            problems: problems.map { .init(partial: $0.partial, field: $0.field, message: $0.message) },
            batches: batches.map { .init(number: $0.number, claimType: .init(rawValue: $0.claimType.rawValue) ?? .spSadt, claims: $0.claims,
                                         totalCents: $0.total.cents, hash: $0.hash, tissVersion: $0.tissVersion.rawValue, protocolNumber: $0.protocolNumber) },
            claims: claims.map { .init(number: $0.number, partialId: $0.partialId, claimType: .init(rawValue: $0.type.rawValue) ?? .spSadt,
                                       batch: $0.batch, totalCents: $0.total.cents, refusedAtReceipt: $0.refusedAtReceipt) })
    }
}

extension APIHandler {
    /// An optional `aaaa-mm` query parameter, refused by name when it is not one.
    static func competence(_ text: String?) throws -> Competence? {
        guard let text else { return nil }
        guard let parsed = Competence(text) else { throw FaturaError.validation([FieldError("competence", "Competência inválida: use aaaa-mm.")]) }
        return parsed
    }
}

extension Components.Schemas.Invoice {
    init(_ invoice: Invoice, today: CalendarDay) {
        self.init(id: invoice.id?.rawValue ?? 0, number: invoice.number, companyId: invoice.companyId, payerId: invoice.payerId,
                  competence: invoice.competence.description, status: .init(rawValue: invoice.status.rawValue) ?? .open, version: invoice.version,
                  deadline: invoice.deadline?.iso, late: invoice.isLate(today: today), claims: invoice.claims, totalCents: invoice.total.cents,
                  sentOn: invoice.sending?.on.iso, sentChannel: invoice.sending.flatMap { .init(rawValue: $0.channel.rawValue) },
                  protocolNumber: invoice.sending?.protocolNumber)
    }
}
