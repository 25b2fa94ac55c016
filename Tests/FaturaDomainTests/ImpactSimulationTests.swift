import FaturaDomain
import Testing

/// The impact simulation and the proposal's states, on numbers worked out by hand.
@Suite struct ImpactSimulationTests {
    static let day = CalendarDay(year: 2026, month: 10, day: 14)!
    static func at(_ day: CalendarDay, _ hour: Int = 10) -> LocalDateTime { LocalDateTime(day: day, hour: hour, minute: 0) }

    /// Materials +10%, drugs +20%, an own price list (table 3) for the fee item.
    static let current = Contract(id: ID(7), payerId: 1, companyId: 1, name: "Atual", validFrom: CalendarDay(year: 2025, month: 1, day: 1)!,
                                  drugPercentage: Percentage(percent: 20), materialPercentage: Percentage(percent: 10),
                                  ownTableId: 3, drugTableId: 1, materialTableId: 2)
    /// Materials +15%, drugs +10%, no own list.
    static let proposed = Contract(payerId: 1, companyId: 1, name: "Proposta", validFrom: CalendarDay(year: 2027, month: 1, day: 1)!,
                                   drugPercentage: Percentage(percent: 10), materialPercentage: Percentage(percent: 15),
                                   drugTableId: 1, materialTableId: 2)
    static let book = PriceBook(pricedEntries: [
        1: ["90001": [PricedEntry(code: "90001", description: "Dipirona", value: Money(cents: 5_000), validFrom: CalendarDay(year: 2020, month: 1, day: 1)!)]],
        2: ["70001": [PricedEntry(code: "70001", description: "Cateter", value: Money(cents: 10_000), validFrom: CalendarDay(year: 2020, month: 1, day: 1)!)],
            "70002": [PricedEntry(code: "70002", description: "Luva", value: Money(cents: 3_333), validFrom: CalendarDay(year: 2020, month: 1, day: 1)!)]],
        3: ["60001": [PricedEntry(code: "60001", description: "Taxa de sala", value: Money(cents: 8_000), validFrom: CalendarDay(year: 2020, month: 1, day: 1)!)]],
    ])

    static let items: [ImpactSimulation.Item] = [
        .init(code: "70001", description: "Cateter", table: .material, kind: .material, performedAt: at(day), quantity: Quantity(1), sector: "Imagem"),
        .init(code: "70002", description: "Luva", table: .material, kind: .material, performedAt: at(CalendarDay(year: 2026, month: 11, day: 3)!),
              quantity: Quantity(3), sector: "Pronto-socorro"),
        .init(code: "90001", description: "Dipirona", table: .drug, kind: .drug, performedAt: at(day), quantity: Quantity(2), sector: "Pronto-socorro"),
        .init(code: "60001", description: "Taxa de sala", table: .own, kind: .fee, performedAt: at(day), quantity: Quantity(1), sector: "Imagem"),
    ]

    @Test func twoItemsGoUpOneDownAndOneTheProposalCannotPrice() {
        var accumulator = ImpactSimulation.Accumulator()
        accumulator.add(Self.items, book: Self.book, current: Self.current, proposed: Self.proposed)
        let report = accumulator.report()
        // Cateter 100,00: +10% = 110,00 now, +15% = 115,00 proposed (+5,00).
        // Luva 33,33 × 3: 33,33 × 1,10 = 36,663 → 36,66 × 3 = 109,98 now; × 1,15 = 38,3295 → 38,33 × 3 = 114,99 (+5,01).
        // Dipirona 50,00 × 2: +20% = 60,00 × 2 = 120,00 now; +10% = 55,00 × 2 = 110,00 (−10,00).
        // Taxa de sala: the proposal has no own list — left out and listed.
        #expect(report.itemsRead == 4 && report.unpricedItems == 1 && report.total.items == 3)
        #expect(report.total.current == Money(cents: 11_000 + 10_998 + 12_000))
        #expect(report.total.proposed == Money(cents: 11_500 + 11_499 + 11_000))
        // 339,99 − 339,98 = +0,01 on 339,98: 0,0029% → 0,00%.
        #expect(report.total.difference == Money(cents: 1) && report.total.percent == Percentage(basisPoints: 0))
        #expect(report.unpriced == [ImpactSimulation.Unpriced(code: "60001", description: "Taxa de sala", under: "proposta",
                                                             reason: PricingFailure.tableNotInContract(.own).message, items: 1)])
        // By month: 10/2026 has the catheter and the drug, 11/2026 the gloves.
        #expect(report.byMonth.map(\.key) == ["2026-10", "2026-11"])
        #expect(report.byMonth.map(\.difference.cents) == [500 - 1_000, 501])
        // By kind: materials +10,01 on 219,98 (4,55%), drugs −10,00 on 120,00 (−8,33%).
        let kinds = Dictionary(uniqueKeysWithValues: report.byKind.map { ($0.key, $0) })
        #expect(kinds["material"]?.difference == Money(cents: 1_001) && kinds["material"]?.percent == Percentage(basisPoints: 455))
        #expect(kinds["drug"]?.difference == Money(cents: -1_000) && kinds["drug"]?.percent == Percentage(basisPoints: -833))
        // By sector: Imagem only the catheter (+5,00); Pronto-socorro gloves and drug (+5,01 − 10,00).
        #expect(report.bySector.map(\.label) == ["Imagem", "Pronto-socorro"] && report.bySector.map(\.difference.cents) == [500, -499])
        // The codes that move most: the drug (10,00), then the gloves (5,01), then the catheter (5,00).
        #expect(report.topCodes.map(\.key) == ["90001", "70002", "70001"])
    }

    @Test func anExamItemKeepsItsRulePercentageOnTheNewBase() {
        // An exam priced by a list at 200,00 (materials +10% now, +15% proposed), charged at 70%:
        // no film, so round(220,00 × 70%) = 154,00 now and round(230,00 × 70%) = 161,00 proposed.
        let book = PriceBook(pricedEntries: [2: ["41001": [PricedEntry(code: "41001", description: "Exame", value: Money(cents: 20_000),
                                                                        validFrom: CalendarDay(year: 2020, month: 1, day: 1)!)]]])
        var accumulator = ImpactSimulation.Accumulator()
        accumulator.add([.init(code: "41001", description: "Exame", table: .material, kind: .exam, performedAt: Self.at(Self.day), quantity: Quantity(1),
                               examPercentage: Percentage(percent: 70), sector: "Imagem", examGroup: "Tomografia")],
                        book: book, current: Self.current, proposed: Self.proposed)
        let report = accumulator.report()
        #expect(report.total.current == Money(cents: 15_400) && report.total.proposed == Money(cents: 16_100))
        #expect(report.byExamGroup.map(\.label) == ["Tomografia"])
    }

    @Test func theProposalGoesToTheBoardOnlyAnalysedAndTheBoardDecidesOnlyWhatWasSent() throws {
        var proposal = ContractProposal(companyId: 1, payerId: 1, subject: "Reajuste 2027", receivedOn: Self.day, baseContractId: 7, terms: Self.proposed)
        #expect(throws: FaturaError.proposalRefused("Para enviar à diretoria, escreva a análise do faturamento e escolha a recomendação.")) {
            try proposal.next(.send)
        }
        #expect(throws: FaturaError.proposalRefused("A proposta está em análise: não é possível aprová-la.")) { try proposal.next(.approve) }
        proposal.analysis = "Cláusula 3: pedir materiais a +12%."
        proposal.recommendation = .negotiate
        proposal.status = try proposal.next(.send)
        #expect(proposal.status == .atBoard)
        #expect(throws: FaturaError.proposalRefused("A proposta está na diretoria: não é possível alterá-la.")) { try proposal.next(.edit) }
        let (countered, rejected, approved) = (try proposal.next(.counter), try proposal.next(.reject), try proposal.next(.approve))
        #expect(countered == .returned && rejected == .rejected && approved == .approved)
        proposal.status = .approved
        #expect(throws: FaturaError.proposalRefused("A proposta está aprovada: não é possível enviá-la à diretoria.")) { try proposal.next(.send) }
    }
}
