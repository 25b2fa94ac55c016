import FaturaDomain
import FaturaStore

extension DemoData {
    /// A few non-conformities in every state (one late, one corrected waiting for billing, one new),
    /// a record-return document already sent to Imagem, and the clean partials closed, so the
    /// worklists, the sector queues, the figures and the closing box all show something.
    func loadNonConformities() async throws {
        guard let company = try await store.companies.list(ListQuery(active: nil, perPage: 1)).items.first, let companyId = company.id else { return }
        let today = today
        // Every partial of the company, page by page (the worklist's pages hold 50).
        var partials: [AccountQueries.PartialSummary] = []
        for page in 1... {
            let found = try await store.accounts.partials(.init(companyId: companyId, page: page))
            partials += found.items
            if !found.hasNext { break }
        }
        let types = try await store.nonConformityTypes.all()
        func partial(_ externalId: String) -> ID<PartialBill>? { partials.first { $0.externalId == externalId }?.id }
        func type(_ code: String) -> Int? { types.first { $0.code == code }?.id }
        let biller = AuditActor(userId: nil, username: "faturista")
        let imaging = AuditActor(userId: nil, username: "imagem")
        // What happened on an earlier day is stamped with that day (history, documents), so the
        // pages never show a document issued after its own deadline or a history that contradicts the list.
        func on(_ days: Int) -> Billing { Billing(store: store, clock: .fixed(today.adding(days: days), hour: 10, timeZone: billing.clock.timeZone)) }

        // Every partial has had the exam rule run (the batch would have done it overnight).
        for summary in partials { _ = try? await billing.examRule.apply(summary.id, by: .system) }

        if let id = partial("P-ATD-1001"), let laudo = type("laudo") {
            let late = try await on(-10).nonConformities.register(.init(partialId: id, typeId: laudo, note: "Laudo da TC de abdome total sem assinatura"),
                                                                today: today.adding(days: -10), by: biller)
            let document = try await on(-10).recordReturns.generate(companyId: companyId, sectorId: late.sectorId, today: today.adding(days: -10), by: biller)
            try await on(-9).recordReturns.markSent(document.id, by: biller)
        }
        if let id = partial("P-ATD-1002"), let signature = type("assinatura") {
            let nc = try await on(-3).nonConformities.register(.init(partialId: id, typeId: signature, note: "Falta carimbo do médico na solicitação da RM"),
                                                              today: today.adding(days: -3), by: biller)
            if let ncId = nc.id {
                try await on(-1).nonConformities.act(ncId, .correct, note: "Solicitação carimbada e assinada", today: today.adding(days: -1), by: imaging)
            }
        }
        if let id = partial("P-ATD-1003"), let patientData = type("dados-paciente") {
            _ = try await billing.nonConformities.register(.init(partialId: id, typeId: patientData, note: "Número da carteirinha diferente do cadastro"),
                                                         today: today, by: biller)
        }
        let others = ["P-ATD-1004", "P-ATD-1005", "P-ATD-1006", "P-ATD-1008"].compactMap(partial)
        _ = try await billing.closing.closeMany(others, by: biller)
    }

    /// Each insurer's delivery rule for the first company (one of each kind), so the delivery
    /// calendar and the home page's "a entregar nesta semana" show something.
    func loadPayerTerms() async throws {
        let rules: [(String, DeliveryRule, PaymentTerm)] = [
            ("Vida Plena Saúde", .dayOfFollowingMonth(10), .daysAfterDelivery(30)),
            ("Unimed Vale do Sol", .nthBusinessDay(5), .fixedDay(25)),
            ("Bem Estar Assistência Médica", .window(from: 1, to: 15), .daysAfterDelivery(45)),
            ("Caixa de Assistência dos Servidores", .dayOfFollowingMonth(20), .daysAfterDelivery(30)),
            ("Saúde Total Seguradora", .nthBusinessDay(3), .daysAfterDelivery(60)),
        ]
        let payers = try await store.payers.all()
        for (index, (name, delivery, payment)) in rules.enumerated() {
            guard let id = payers.first(where: { $0.name == name })?.id else { continue }
            _ = try await store.payerTerms.save(PayerTerms(payerId: id, companyId: 1, delivery: delivery, payment: payment,
                                                           providerCode: "SL-\(1000 + index)"), expectedVersion: nil, by: .system)
        }
    }
}
