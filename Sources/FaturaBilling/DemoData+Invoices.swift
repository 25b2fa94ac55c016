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
            _ = try await billing.invoices.markSent(closed.id!, on: today, channel: .portal, protocolNumber: "PRT-2026-000481",
                                                   expectedVersion: closed.version, by: biller)
        }
    }
}
