import FaturaDomain
import FaturaStore

extension DemoData {
    /// Vida Plena's proposal for next month: porte −15% instead of −20%, materials +12% instead of
    /// +15%; simulated on the demo's production, analysed, and waiting for the board.
    func loadProposal() async throws {
        guard let base = try await store.contracts.list(companyId: 1).first(where: { $0.name.hasPrefix("Vida Plena") }), let baseId = base.id else { return }
        var terms = base
        terms.id = nil
        terms.previousId = nil
        terms.name = "Vida Plena — CBHPM 2022 −15% (proposta)"
        terms.porteAdjustment = Percentage(percent: -15)
        terms.materialPercentage = Percentage(percent: 12)
        terms.validFrom = Competence.of(today)!.next.firstDay
        terms.validTo = nil
        let supervisor = AuditActor(userId: nil, username: "supervisor")
        var proposal = try await billing.proposals.create(ContractProposal(
            companyId: 1, payerId: base.payerId, subject: "Reajuste: porte −15% e materiais +12%", receivedOn: today.adding(days: -3),
            baseContractId: baseId.rawValue, terms: terms), by: supervisor)
        try await billing.proposals.simulate(proposal.id ?? 0, months: 12)
        proposal.analysis = "Cláusula 2 (porte): o reajuste de 5 pontos cobre a variação dos honorários. Cláusula 5 (materiais): pedir que fique em +15%, como hoje."
        proposal.recommendation = .negotiate
        proposal = try await billing.proposals.update(proposal, by: supervisor)
        _ = try await billing.proposals.send(proposal.id ?? 0, expectedVersion: proposal.version, by: supervisor)
    }
}
