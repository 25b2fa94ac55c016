import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// The tracking map for integrators and the board's spreadsheets: the same service as the page.
extension APIHandler {
    func getTrackingMap(_ input: Operations.GetTrackingMap.Input) async throws -> Operations.GetTrackingMap.Output {
        _ = try RequestIdentity.require(.viewTrackingMap)
        let q = input.query
        var problems: [FieldError] = []
        func competence(_ text: String?, _ field: String) -> Competence? {
            guard let text else { return nil }
            guard let value = Competence(text) else { problems.append(FieldError(field, "Competência inválida: use aaaa-mm.")); return nil }
            return value
        }
        let from = competence(q.from, "from"), to = competence(q.to, "to")
        if let from, let to, from > to { problems.append(FieldError("to", "A competência final (\(to.label)) é anterior à inicial (\(from.label)).")) }
        guard problems.isEmpty else { throw FaturaError.validation(problems) }
        let filter = TrackingMapFilter(companyId: q.companyId, payerId: q.payerId, from: from, to: to, status: q.status.flatMap { InvoiceStatus(rawValue: $0.rawValue) },
                                       lateOnly: q.late ?? false, withBalance: q.withBalance ?? false, sort: q.sort.map(Self.column) ?? .competence,
                                       descending: q.descending ?? false)
        let result = try await billing.trackingMap.map(filter)
        let today = result.map.today, t = result.map.totals
        return .ok(.init(body: .json(.init(
            rows: result.map.rows.map { .init($0, today: today) },
            totals: .init(invoices: t.invoices, claims: t.claims, presentedCents: t.presented.cents, releasedCents: t.released.cents, paidCents: t.paid.cents,
                          glosaCents: t.glosa.cents, underAppealCents: t.underAppeal.cents, recoveredCents: t.recovered.cents, givenUpCents: t.givenUp.cents,
                          pendingCents: t.pending.cents, balanceCents: t.balance.cents),
            truncated: result.truncated))))
    }

    static func column(_ column: Components.Schemas.TrackingMapColumn) -> TrackingMapColumn {
        switch column {
        case .payer: .payer
        case .competence: .competence
        case .number: .number
        case .protocols: .protocols
        case .claims: .claims
        case .presented: .presented
        case .deadline: .deadline
        case .sentOn: .sentOn
        case .paymentExpected: .paymentExpected
        case .paid: .paid
        case .glosa: .glosa
        case .underAppeal: .underAppeal
        case .recovered: .recovered
        case .givenUp: .givenUp
        case .balance: .balance
        case .status: .status
        }
    }
}

extension Components.Schemas.TrackingMapRow {
    init(_ r: TrackingMapRow, today: CalendarDay) {
        self.init(invoiceId: r.invoiceId, payerId: r.payerId, payerName: r.payerName, number: r.number, competence: r.competence.description,
                  status: .init(rawValue: r.status.rawValue) ?? .open, batchNumbers: r.batchNumbers, protocols: r.protocols, claims: r.claims,
                  presentedCents: r.presented.cents, deadline: r.deadline?.iso, sentOn: r.sentOn?.iso, paymentExpected: r.paymentExpected?.iso,
                  releasedCents: r.released.cents, paidCents: r.paid.cents, glosaCents: r.glosa.cents, underAppealCents: r.underAppeal.cents,
                  recoveredCents: r.recovered.cents, writtenOffCents: r.writtenOff.cents, lostCents: r.lost.cents, pendingCents: r.pending.cents,
                  balanceCents: r.balance.cents, deliveryLate: r.isDeliveryLate(today: today), paymentOverdue: r.isPaymentOverdue(today: today))
    }
}
