import FaturaDomain
import FaturaStore

extension DemoData {
    /// The two professionals the demo's HIS names, and two invoices: one closed into a valid
    /// SP/SADT batch and sent with its protocol, one still open with the claim problem that keeps
    /// it from closing (the patient has no card number), so the invoice pages show both.
    func loadInvoices() async throws {
        for professional in [
            Professional(name: "Dr. Paulo Mendes", council: "06", councilNumber: "123456", uf: "35", cbo: "225125", providerCode: "MED-123456"),
            Professional(name: "Dra. Lúcia Prates", council: "06", councilNumber: "654321", uf: "35", cbo: "225320"),
        ] {
            _ = try await store.professionals.create(professional, by: .system)
        }
        guard let companyId = try await store.companies.list(ListQuery(active: nil, perPage: 1)).items.first?.id else { return }
        let partials = try await store.accounts.partials(.init(companyId: companyId, perPage: 100)).items
        let biller = AuditActor(userId: nil, username: "faturista")
        for externalId in ["P-ATD-1008", "P-ATD-1004"] {
            guard let summary = partials.first(where: { $0.externalId == externalId }),
                  let partial = try await store.database.read({ try await PartialRepository.find(summary.id, on: $0) }),
                  partial.status == .closed, let competence = Competence.of(partial.periodEnd)?.description else { continue }
            var invoice = try await billing.invoices.create(companyId: companyId, payerId: partial.payerId, competence: competence, by: biller)
            if try await store.invoices.partials(of: invoice.id!).isEmpty {
                invoice = try await billing.invoices.add([summary.id], to: invoice.id!, expectedVersion: invoice.version, by: biller)
            }
            guard externalId == "P-ATD-1008" else { continue }
            // Closing validates against the official schemas; without the reference folder the demo keeps it open.
            guard let closed = try? await billing.invoices.close(invoice.id!, expectedVersion: invoice.version, by: biller) else { continue }
            _ = try await billing.invoices.markSent(closed.id!, on: today, channel: .portal, protocolNumber: "2026000481",
                                                   expectedVersion: closed.version, by: biller)
            try await loadStatement(for: closed, by: biller)
        }
    }

    /// The payer's statement of the sent invoice, issued 27 days ago (its glosas fall due within the
    /// contract's 30 days, so "vencendo em 5 dias" shows): the first item denied in part (1705,
    /// value above the contract's), the second in full (1801, technical: the audit sector's turn),
    /// the others released.
    func loadStatement(for invoice: Invoice, by actor: AuditActor) async throws {
        let claims = try await store.invoices.claims(of: invoice.id!).map(\.number)
        let billed = try await store.database.read { try await InvoiceRepository.billedItems(payerId: invoice.payerId, claimNumbers: claims, on: $0) }
        guard !billed.isEmpty else { return }
        let lines = billed.enumerated().map { index, item -> StatementLine in
            let glosa: StatementGlosa? = switch index {
            case 0: StatementGlosa(code: "1705", value: Money(cents: item.total.cents / 4))
            case 1: StatementGlosa(code: "1801", value: item.total)
            default: nil
            }
            return StatementLine(protocolNumber: item.protocolNumber, claimNumber: item.claimNumber, sequence: item.sequence, day: item.day,
                                 code: item.code, informed: item.total, released: item.total - (glosa?.value ?? .zero), glosas: glosa.map { [$0] } ?? [])
        }
        let byClaim = Dictionary(grouping: lines, by: \.claimNumber)
        let statement = Statement(number: "DEM-2026-0042", issuedOn: today.adding(days: -27), protocols: [
            StatementProtocol(protocolNumber: billed[0].protocolNumber, claims: byClaim.keys.sorted().map { StatementClaim(claimNumber: $0, lines: byClaim[$0]!) }),
        ])
        _ = try await billing.statements.importStatement(statement, payerId: invoice.payerId, source: .manual, fileName: nil, fileHash: "demo-statement-1", by: actor)
        try await loadPayment(of: statement, payerId: invoice.payerId, by: actor)
        // The contractual one is being appealed (a draft to print, download and send).
        if let contractual = try await store.glosas.list(GlosaFilter(payerId: invoice.payerId, reasonCode: "1705")).items.first {
            _ = try await billing.appeals.create(.init(glosaIds: [contractual.id], scope: .items,
                                                       justifications: [contractual.id: "Valor cobrado conforme a tabela do contrato vigente (anexo II, CBHPM 2022 −20%)."],
                                                       documents: ["Contrato vigente, anexo II", "Guia SP/SADT assinada"]), by: actor)
        }
    }

    /// The payer's payment statement of what the analysis released, paid today by bank transfer
    /// with the 2% ISS withheld: the invoice becomes partially received and the glosas stay open.
    func loadPayment(of analysis: Statement, payerId: Int, by actor: AuditActor) async throws {
        guard let payer = try await store.payers.find(payerId), let proto = analysis.protocols.first, let number = proto.protocolNumber else { return }
        let claims = proto.claims.map { claim in
            PaidClaim(claimNumber: claim.claimNumber, processed: claim.lines.reduce(.zero) { $0 + $1.informed }, released: claim.lines.reduce(.zero) { $0 + $1.released })
        }
        let informed = claims.reduce(Money.zero) { $0 + $1.processed }, released = claims.reduce(Money.zero) { $0 + $1.released }
        let iss = PaymentAdjustment(isDebit: true, type: "02", description: "ISS 2%", amount: Money(cents: (released.cents * 2 + 50) / 100))
        let paid = PaidProtocol(protocolNumber: number, batchNumber: "1", protocolDate: today, informed: informed, processed: informed, released: released,
                                glosa: informed - released, claims: claims, line: 0)
        let net = released - iss.amount
        let date = PaymentDate(paidOn: today, method: "1", protocols: [paid], adjustments: [iss], statedReleased: released, statedDebits: iss.amount,
                               statedCredits: .zero, statedNet: net)
        let statement = PaymentStatement(number: "PAG-2026-0107", payerANS: payer.ansRegistry ?? "", issuedOn: today, dates: [date], statedGross: released,
                                         statedDebits: iss.amount, statedCredits: .zero, statedNet: net)
        _ = try await billing.payments.importStatement(statement, payerId: payerId, fileName: nil, fileHash: "demo-payment-1", by: actor)
    }
}
