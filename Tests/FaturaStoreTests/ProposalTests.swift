import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

/// Contract proposals on both databases: the impact simulation over stored production, worked out
/// by hand; the board's three decisions; an approval becoming the contract's next version.
@Suite struct ProposalTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 10)!

    /// The fixture's contract (CBHPM, porte −20%) with two items of November priced; a proposal
    /// that drops the −20% from 01/01/2027.
    static func setUp(_ store: Store) async throws -> (PricingFixture, Billing, ContractProposal) {
        let f = try await PricingFixture.make(store)
        _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", at: "2026-11-03T10:00"),
                                                                   PricingFixture.item("I-2", code: "41001010", at: "2026-11-04T10:00")]), by: .system)
        let billing = store.billing(on: today)
        var terms = f.contract!
        terms.id = nil
        terms.name = "Vida Plena 2027"
        terms.porteAdjustment = Percentage(basisPoints: 0)
        terms.validFrom = CalendarDay(year: 2027, month: 1, day: 1)!
        let proposal = try await billing.proposals.create(ContractProposal(companyId: f.companyId, payerId: f.payerId, subject: "Reajuste 2027",
                                                                           receivedOn: CalendarDay(year: 2026, month: 12, day: 1)!,
                                                                           baseContractId: f.contract.id?.rawValue, terms: terms), by: .system)
        return (f, billing, proposal)
    }

    @Test(arguments: TestDatabase.kinds)
    func theSimulationPricesNovembersProductionUnderBothContracts(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (_, billing, proposal) = try await Self.setUp(store)
            let report = try await billing.proposals.simulate(proposal.id!, months: 2)
            // 31309127 (porte 9A 3.132,11, UCO 33,8 × 24,24 = 819,31, film 0,5 × 21,70 = 10,85):
            //   now 3.132,11 × 0,8 = 2.505,69 + 819,31 + 10,85 = 3.335,85; proposed 3.132,11 + 819,31 + 10,85 = 3.962,27.
            // 41001010 (porte 1A 27,00): now 21,60; proposed 27,00.
            #expect(report.itemsRead == 2 && report.unpricedItems == 0)
            #expect(report.total.current == Money(cents: 333_585 + 2_160) && report.total.proposed == Money(cents: 396_227 + 2_700))
            // +631,82 on 3.357,45 = 18,82%.
            #expect(report.total.difference == Money(cents: 63_182) && report.total.percent == Percentage(basisPoints: 1_882))
            #expect(report.byMonth.map(\.key) == ["2026-11"] && report.topCodes.map(\.key) == ["31309127", "41001010"])
            // Kept on the proposal, with its period: two months up to today (11/10/2026 to 10/12/2026).
            let stored = try await billing.proposals.get(proposal.id!)
            #expect(stored.simulation == report && stored.simulationMonths == 2)
            #expect(stored.simulationFrom == CalendarDay(year: 2026, month: 10, day: 11) && stored.simulationTo == Self.today)
            // One month (11/11 to 10/12) leaves November's first days — and both items — out.
            let shorter = try await billing.proposals.simulate(proposal.id!, months: 1)
            #expect(shorter.itemsRead == 0 && shorter.total.current == .zero)
            // Nothing stored was priced again: the item keeps the current contract's value.
            let partial = try #require(try await store.accounts.partials(.init(companyId: proposal.companyId)).items.first)
            let items = try await store.accounts.partial(partial.id).items
            #expect(items.first { $0.externalId == "I-1" }?.total == Money(cents: 333_585))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anApprovedProposalBecomesTheContractsNextVersion(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (f, billing, proposal) = try await Self.setUp(store)
            await #expect(throws: FaturaError.proposalRefused("Para enviar à diretoria, escreva a análise do faturamento e escolha a recomendação.")) {
                _ = try await billing.proposals.send(proposal.id!, expectedVersion: proposal.version, by: .system)
            }
            var edited = proposal
            edited.analysis = "Aceitável: o reajuste cobre a inflação de materiais."
            edited.recommendation = .accept
            let analysed = try await billing.proposals.update(edited, by: .system)
            let sent = try await billing.proposals.send(proposal.id!, expectedVersion: analysed.version, by: .system)
            #expect(sent.status == .atBoard)
            // Billing cannot edit it while the board decides; a stale version is refused.
            await #expect(throws: FaturaError.proposalRefused("A proposta está na diretoria: não é possível alterá-la.")) {
                _ = try await billing.proposals.update(sent, by: .system)
            }
            await #expect(throws: FaturaError.concurrentChange("A proposta foi alterada por outra pessoa enquanto você a via: nada foi salvo. Recarregue a página e confira.")) {
                _ = try await billing.proposals.decide(proposal.id!, .approve, comment: nil, expectedVersion: analysed.version, by: .system)
            }
            let board = AuditActor(userId: nil, username: "diretoria")
            let approved = try await billing.proposals.decide(proposal.id!, .approve, comment: "Aprovado na reunião de 09/12.", expectedVersion: sent.version, by: board)
            #expect(approved.status == .approved && approved.decidedBy == "diretoria" && approved.decidedOn == Self.today)
            let created = try await store.contracts.get(ID(try #require(approved.createdContractId)))
            #expect(created.version == 2 && created.previousId == f.contract.id && created.validFrom == CalendarDay(year: 2027, month: 1, day: 1))
            #expect(created.porteAdjustment == Percentage(basisPoints: 0) && created.name == "Vida Plena 2027")
            let old = try await store.contracts.get(f.contract.id!)
            #expect(old.validTo == CalendarDay(year: 2026, month: 12, day: 31))
            // Decided: nothing more to decide.
            await #expect(throws: FaturaError.proposalRefused("A proposta está aprovada: não é possível rejeitá-la.")) {
                _ = try await billing.proposals.decide(proposal.id!, .reject, comment: nil, expectedVersion: approved.version, by: board)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theBoardRejectsOrReturnsWithACounterProposal(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (_, billing, proposal) = try await Self.setUp(store)
            var edited = proposal
            edited.analysis = "Pedir porte −10%."
            edited.recommendation = .negotiate
            let analysed = try await billing.proposals.update(edited, by: .system)
            var sent = try await billing.proposals.send(proposal.id!, expectedVersion: analysed.version, by: .system)
            await #expect(throws: FaturaError.validation([FieldError("boardComment", "Descreva a contraproposta para o faturamento negociar.")])) {
                _ = try await billing.proposals.decide(proposal.id!, .counter, comment: "  ", expectedVersion: sent.version, by: .system)
            }
            let returned = try await billing.proposals.decide(proposal.id!, .counter, comment: "Aceitamos porte −10%.", expectedVersion: sent.version, by: .system)
            #expect(returned.status == .returned && returned.boardComment == "Aceitamos porte −10%." && returned.createdContractId == nil)
            // Billing negotiates, edits the terms and sends again; this time the board rejects.
            var renegotiated = returned
            renegotiated.terms.porteAdjustment = Percentage(percent: -10)
            let edited2 = try await billing.proposals.update(renegotiated, by: .system)
            sent = try await billing.proposals.send(proposal.id!, expectedVersion: edited2.version, by: .system)
            let rejected = try await billing.proposals.decide(proposal.id!, .reject, comment: nil, expectedVersion: sent.version, by: .system)
            #expect(rejected.status == .rejected && rejected.terms.porteAdjustment == Percentage(percent: -10))
            #expect(try await store.contracts.list(payerId: proposal.payerId).count == 1)
        }
    }
}
