import FaturaDomain
import Testing

/// A statement checked on its own (DOMAIN.md §5–6), with the sample `demonstrativoAnaliseConta`
/// answering the SP/SADT sample batch: claim SADT000001 informed 1.137,00 (five items), of which it
/// details three — 850,00 released; 100,00 with 50,00 denied (1705); 25,00 denied whole (2010) —
/// and releases 1.062,00 = 1.137,00 − 75,00.
@Suite struct StatementCheckTests {
    static func money(_ reais: Int, _ cents: Int = 0) -> Money { Money(cents: Int64(reais * 100 + cents)) }

    static func sample(itemTwoReleased: Int = 50, claimGlosa: Int = 75, generalReleased: Int = 1062) -> Statement {
        let lines = [
            StatementLine(claimNumber: "SADT000001", sequence: 1, code: "40202666", informed: money(850), processed: money(850), released: money(850)),
            StatementLine(claimNumber: "SADT000001", sequence: 2, code: "40601110", informed: money(100), processed: money(100), released: money(itemTwoReleased),
                          glosas: [StatementGlosa(code: "1705", value: money(50))]),
            StatementLine(claimNumber: "SADT000001", sequence: 3, code: "MAT0001", informed: money(25), processed: money(25), released: .zero,
                          glosas: [StatementGlosa(code: "2010", value: money(25))]),
        ]
        let claim = StatementClaim(claimNumber: "SADT000001", lines: lines,
                                   stated: StatementTotals(informed: money(1137), processed: money(1137), released: money(1062), glosa: money(claimGlosa)))
        let proto = StatementProtocol(batchNumber: "1001", protocolNumber: "123456", situation: .paid, claims: [claim],
                                      stated: StatementTotals(informed: money(1137), processed: money(1137), released: money(1062), glosa: money(75)))
        return Statement(number: "DEM000001", payerANS: "999999", protocols: [proto],
                         stated: StatementTotals(informed: money(1137), processed: money(1137), released: money(generalReleased), glosa: money(75)))
    }

    @Test func theSampleStatementAddsUpWithTwoUndetailedItemsReleased() {
        let statement = Self.sample()
        #expect(StatementCheck.problems(statement) == [])
        #expect(statement.lines.map(\.glosa) == [.zero, Self.money(50), Self.money(25)])
        // Pending at the claim: 1.137,00 − 1.062,00 − 75,00 = 0.
        #expect(statement.protocols[0].claims[0].stated?.pending == .zero)
    }

    @Test func aGeneralTotalThatIsNotTheSumOfItsProtocolsIsFlagged() {
        let problems = StatementCheck.problems(Self.sample(generalReleased: 1072))
        #expect(problems == [.totalDoesNotAddUp(level: "Demonstrativo DEM000001", field: "valorLiberadoGeral", stated: Self.money(1072), sum: Self.money(1062))])
        #expect(problems.first?.message == "Demonstrativo DEM000001: valorLiberadoGeral declarado R$ 1.072,00, mas a soma do que ele traz é R$ 1.062,00.")
        #expect(problems.first?.code == "total_mismatch")
    }

    @Test func anItemReleasingAndDenyingMoreThanItWasInformedIsFlagged() {
        // 60,00 released + 50,00 denied on 100,00 informed.
        let problems = StatementCheck.problems(Self.sample(itemTwoReleased: 60))
        #expect(problems == [.releasesMoreThanInformed(line: "guia SADT000001, item 2", informed: Self.money(100), releasedAndGlosa: Self.money(110))])
        #expect(problems.first?.message == "guia SADT000001, item 2: liberado + glosado (R$ 110,00) passa do valor informado (R$ 100,00).")
    }

    /// The claim says 70,00 denied while its items deny 75,00; the protocol (75,00) is then not the
    /// sum of its claim (70,00) either.
    @Test func aClaimGlosaThatIsNotItsItemsGlosasIsFlaggedAtClaimAndProtocol() {
        #expect(StatementCheck.problems(Self.sample(claimGlosa: 70)) == [
            .totalDoesNotAddUp(level: "Guia SADT000001", field: "valorGlosaGuia", stated: Self.money(70), sum: Self.money(75)),
            .totalDoesNotAddUp(level: "Protocolo 123456", field: "valorGlosaProtocolo", stated: Self.money(75), sum: Self.money(70)),
        ])
    }

    @Test func detailedLinesAboveTheClaimAndNegativeAmountsAreFlagged() {
        let line = StatementLine(claimNumber: "G-1", sequence: 1, code: "40301010", informed: Self.money(300), released: Self.money(-10))
        let claim = StatementClaim(claimNumber: "G-1", lines: [line], stated: StatementTotals(informed: Self.money(200), released: Self.money(0), glosa: .zero))
        #expect(StatementCheck.problems(Statement(protocols: [StatementProtocol(protocolNumber: "P", claims: [claim])])) == [
            .negativeAmount(line: "guia G-1, item 1", field: "valorLiberado"),
            .linesAboveClaim(claim: "G-1", field: "valorInformadoGuia", stated: Self.money(200), lines: Self.money(300)),
        ])
    }

    @Test func aGlosaKindComesFromItsTable38Group() {
        #expect(GlosaKind.of(code: "1001") == .administrative)   // carteira inválida
        #expect(GlosaKind.of(code: "1401") == .administrative)   // autorização
        #expect(GlosaKind.of(code: "1705") == .contractual)      // valor apresentado a maior
        #expect(GlosaKind.of(code: "2010") == .contractual)      // materiais inclusos nas taxas
        #expect(GlosaKind.of(code: "1801") == .technical)        // procedimento incompatível
        #expect(GlosaKind.of(code: "1909") == .technical)        // permanência
        #expect(GlosaKind.of(code: "5001") == .administrative)   // mensagem fora do padrão
        #expect(GlosaKind.of(code: "9999") == .technical)        // unknown group: the auditor judges
        #expect(GlosaReason.isValidCode("1705") && !GlosaReason.isValidCode("17O5") && !GlosaReason.isValidCode("170"))
    }
}
