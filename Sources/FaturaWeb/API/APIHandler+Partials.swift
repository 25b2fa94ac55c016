import FaturaBilling
import FaturaDomain
import FaturaStore

/// The worklist and billing's corrections of a partial's lines, for integrators: the same
/// services, roles and refusals as the pages.
extension APIHandler {
    func listPartials(_ input: Operations.ListPartials.Input) async throws -> Operations.ListPartials.Output {
        _ = try RequestIdentity.require(.viewAccounts)
        let q = input.query
        func day(_ text: String?, _ field: String) throws -> CalendarDay? {
            guard let text, !text.isEmpty else { return nil }
            guard let day = CalendarDay(iso: text), InputLimits.isPlausible(day) else {
                throw FaturaError.validation([FieldError(field, "Data inválida: \(text.prefix(20)) (aaaa-mm-dd).")])
            }
            return day
        }
        let filter = AccountQueries.PartialFilter(
            companyId: q.companyId, payerId: q.payerId, status: q.status.flatMap { PartialStatus(rawValue: $0.rawValue) },
            from: try day(q.from, "from"), to: try day(q.to, "to"), sectorId: q.sectorId, onlyUnpriced: q.onlyUnpriced ?? false,
            onlyPending: q.onlyPending ?? false, page: Page<Never>.clamp(q.page ?? 1), perPage: min(max(1, q.perPage ?? 50), 200))
        let page = try await store.accounts.partials(filter)
        return .ok(.init(body: .json(.init(
            items: page.items.map { p in
                .init(id: p.id.rawValue, externalId: p.externalId, status: .init(rawValue: p.status) ?? .draft, version: p.version,
                      periodStart: p.periodStart, periodEnd: p.periodEnd, patientName: p.patientName, payerName: p.payerName,
                      sectorName: p.sectorName, itemCount: p.itemCount, unpricedCount: p.unpricedCount, pendingNonConformities: p.pendingCount,
                      totalCents: p.total)
            },
            page: page.page, perPage: page.perPage, total: page.total, totalIsLowerBound: page.totalIsLowerBound))))
    }

    func addPartialItem(_ input: Operations.AddPartialItem.Input) async throws -> Operations.AddPartialItem.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await billing.items.add(to: ID(input.path.id), line: try Self.line(body), reason: body.reason,
                                        expectedVersion: body.expectedVersion, by: identity.actor)
        return .created(.init(body: .json(try await partialStatus(input.path.id))))
    }

    func correctPartialItem(_ input: Operations.CorrectPartialItem.Input) async throws -> Operations.CorrectPartialItem.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        try await billing.items.edit(ID(input.path.itemId), of: ID(input.path.id), to: try Self.line(body), reason: body.reason,
                                     expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await partialStatus(input.path.id))))
    }

    func removePartialItem(_ input: Operations.RemovePartialItem.Input) async throws -> Operations.RemovePartialItem.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        try await billing.items.remove(ID(input.path.itemId), of: ID(input.path.id), reason: body.reason,
                                       expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(try await partialStatus(input.path.id))))
    }

    /// The line of the body, every unreadable field named at once (422).
    static func line(_ body: Components.Schemas.ChargeLineInput) throws -> ChargeLine {
        var errors = FieldErrors()
        let performed = LocalDateTime(iso: body.performedAt)
        if performed == nil { errors.add("performedAt", "Data e hora inválidas: \(body.performedAt.prefix(25)) (aaaa-mm-ddThh:mm).") }
        let quantity = Quantity(parsing: body.quantity)
        if quantity == nil { errors.add("quantity", "Quantidade inválida: \(body.quantity.prefix(20)) (ex.: 2 ou 1,5).") }
        // Every problem at once: with an unreadable field, the others are still checked here.
        if let quantity, quantity <= .zero || quantity > Quantity.lineLimit, performed == nil {
            errors.add("quantity", "A quantidade deve ser maior que zero e no máximo 99.999,9999.")
        }
        if performed == nil || quantity == nil, let problem = ItemCorrection.reasonProblem(body.reason) { errors.add(problem.field, problem.message) }
        guard let performed, let quantity, let kind = ChargeItemKind(rawValue: body.kind.rawValue),
              let table = PriceTableKind(rawValue: body.table.rawValue) else { throw FaturaError.validation(errors.all) }
        return ChargeLine(kind: kind, table: table, code: body.code.trimmingSpaces(), description: body.description.trimmingSpaces(),
                          performedAt: performed, quantity: quantity, professional: body.professional?.trimmingSpaces())
    }
}

extension Components.Schemas.ChargeItem {
    init(_ item: ChargeItem) {
        let unit = item.priced
        self.init(id: item.id?.rawValue ?? 0, externalId: item.externalId, origin: item.origin == .billing ? .billing : .his,
                  kind: .init(rawValue: item.kind.rawValue) ?? .procedure, table: .init(rawValue: item.priceTable.rawValue) ?? .cbhpm,
                  code: item.code, description: item.description, performedAt: item.performedAt.iso, quantity: item.quantity.description,
                  professional: item.executingProfessional, priced: item.isPriced, pricingError: item.pricingMessage,
                  contractId: item.contractId?.rawValue, porte: item.porte?.description,
                  feeCents: unit?.feePart.cents ?? 0, operatingCostCents: unit?.operatingCostPart.cents ?? 0, filmCents: unit?.filmPart.cents ?? 0,
                  otherCents: unit?.otherPart.cents ?? 0, urgency: unit?.urgency ?? false, baseUnitValueCents: item.baseUnitValue.cents,
                  unitValueCents: item.unitValue.cents, totalCents: item.total.cents,
                  examPercentageBasisPoints: item.examPercentage?.basisPoints, examPercentageManual: item.examPercentageManual,
                  examIncidence: item.examIncidence, splitFromId: item.splitFromId?.rawValue,
                  correctedAt: item.correction?.at, correctedBy: item.correction?.by, correctionReason: item.correction?.reason,
                  hisConflict: item.hisConflict)
    }
}
