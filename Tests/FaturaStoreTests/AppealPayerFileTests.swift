@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// The payer's files about an appeal (its TISS receipt and answer, an answer spreadsheet) and the
/// non-conformity a glosa opens for its origin sector, on both databases. The sample statement
/// denies 50,00 (1705) and 25,00 (2010) of the sample claim.
@Suite struct AppealPayerFileTests {
    static func message(_ body: String, date: String = "2026-12-04") -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
        <ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>RESPOSTA_RECURSO_GLOSA</ans:tipoTransacao><ans:sequencialTransacao>9</ans:sequencialTransacao>
        <ans:dataRegistroTransacao>\(date)</ans:dataRegistroTransacao><ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao></ans:identificacaoTransacao>
        <ans:origem><ans:registroANS>999999</ans:registroANS></ans:origem><ans:destino><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:destino>
        <ans:Padrao>4.03.00</ans:Padrao></ans:cabecalho>
        <ans:operadoraParaPrestador>\(body)</ans:operadoraParaPrestador>
        <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo></ans:mensagemTISS>
        """.utf8)
    }

    static func receipt(protocol number: String = "123456") -> [UInt8] {
        message("""
        <ans:recebimentoRecursoGlosa><ans:protocoloRecebimento><ans:nrProtocoloRecursoGlosa>RG-2026-55</ans:nrProtocoloRecursoGlosa>
        <ans:dataEnvioRecurso>2026-12-03</ans:dataEnvioRecurso><ans:dataRecebimentoRecurso>2026-12-04</ans:dataRecebimentoRecurso><ans:numeroLote>1</ans:numeroLote>
        <ans:registroANS>999999</ans:registroANS><ans:dadosPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:dadosPrestador>
        <ans:nrProtocoloRecursado>\(number)</ans:nrProtocoloRecursado></ans:protocoloRecebimento></ans:recebimentoRecursoGlosa>
        """)
    }

    static func answer(appeal: Int, items: [(claim: String, sequence: Int, appealed: String, accepted: String)]) -> [UInt8] {
        let lines = items.map { item in
            """
            <ans:recursoGuia><ans:respostaGuiaItens><ans:numeroGuiaPrestador>\(item.claim)</ans:numeroGuiaPrestador><ans:dataRealizacao>2026-03-12</ans:dataRealizacao>
            <ans:sequencialItem>\(item.sequence)</ans:sequencialItem><ans:procRecurso><ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>40202666</ans:codigoProcedimento>
            <ans:descricaoProcedimento>EXAME</ans:descricaoProcedimento></ans:procRecurso><ans:codGlosa>1705</ans:codGlosa><ans:valorRecursado>\(item.appealed)</ans:valorRecursado>
            <ans:justificativaPrestador>Conforme contrato.</ans:justificativaPrestador><ans:valorAcatadado>\(item.accepted)</ans:valorAcatadado></ans:respostaGuiaItens></ans:recursoGuia>
            """
        }.joined()
        return message("""
        <ans:respostaRecursoGlosa><ans:reciboGlosa><ans:registroANS>999999</ans:registroANS><ans:numeroGuiaRecGlosaPrestador>\(appeal)</ans:numeroGuiaRecGlosaPrestador>
        <ans:nomeOperadora>OPERADORA</ans:nomeOperadora><ans:objetoRecurso>3</ans:objetoRecurso><ans:codigoPrestador>HOSP0001</ans:codigoPrestador>
        <ans:numeroLote>1</ans:numeroLote><ans:numeroProtocolo>123456</ans:numeroProtocolo><ans:opcaoRecurso>\(lines)</ans:opcaoRecurso>
        <ans:dataRecurso>2026-12-03</ans:dataRecurso><ans:valorTotalRecursado>50.00</ans:valorTotalRecursado><ans:valorTotalAcatado>0.00</ans:valorTotalAcatado></ans:reciboGlosa></ans:respostaRecursoGlosa>
        """, date: "2026-12-04")
    }

    @Test(arguments: TestDatabase.kinds)
    func theReceiptGivesTheProtocolAndTheAnswerRecoversWhatThePayerAccepted(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let g = try await f.glosas()[0]
            #expect(g.reasonCode == "1705" && g.balance.value.cents == 5_000)
            var appeal = try await f.billing.appeals.create(.init(glosaIds: [g.id], scope: .items, justifications: [g.id: "Conforme contrato."]), by: .system)

            // A receipt of another protocol changes nothing; the right one marks it sent, on the day
            // the payer says it was sent, with the payer's protocol.
            #expect(await expectValidation {
                _ = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: Self.receipt(protocol: "999"), answeredOn: nil, expectedVersion: appeal.version, by: .system)
            }.map(\.field) == ["file"])
            var result = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: Self.receipt(), answeredOn: nil, expectedVersion: appeal.version, by: .system)
            appeal = result.appeal
            #expect(result.outcome == .received && appeal.status == .sent && appeal.sentProtocol == "RG-2026-55" && appeal.sentOn == CalendarDay(year: 2026, month: 12, day: 3))
            await expectRefusal("appeal_refused") {
                _ = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: Self.receipt(), answeredOn: nil, expectedVersion: appeal.version, by: .system)
            }

            // An answer naming an item the appeal does not have is refused with its line; nothing moves.
            let stranger = Self.answer(appeal: appeal.number, items: [(g.claimNumber, g.sequence + 40, "50.00", "10.00")])
            let refused = await expectValidation {
                _ = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: stranger, answeredOn: nil, expectedVersion: appeal.version, by: .system)
            }
            #expect(refused.first?.message.contains("item \(g.sequence + 40), não está neste recurso") == true)
            #expect(try await f.glosas()[0].balance.underAppeal.cents == 5_000)
            // Another appeal's answer is refused too.
            #expect(await expectValidation {
                _ = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: Self.answer(appeal: appeal.number + 7, items: [(g.claimNumber, g.sequence, "50.00", "10.00")]),
                                                                answeredOn: nil, expectedVersion: appeal.version, by: .system)
            }.map(\.field) == ["file"])

            // 35,00 of the 50,00 accepted: recovered; 15,00 back to decide (a second round is left).
            result = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: Self.answer(appeal: appeal.number, items: [(g.claimNumber, g.sequence, "50.00", "35.00")]),
                                                                 answeredOn: nil, expectedVersion: appeal.version, by: .system)
            #expect(result.outcome == .answered && result.appeal.status == .answered && result.appeal.accepted.cents == 3_500)
            #expect(result.appeal.answeredOn == CalendarDay(year: 2026, month: 12, day: 4))
            let after = try await f.glosas()[0]
            #expect([after.balance.recovered.cents, after.balance.undecided.cents, after.balance.underAppeal.cents] == [3_500, 1_500, 0])
            try await AppealTests.expectIdentities(f)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAnswerSpreadsheetRecordsEachItemAndAWholeClaimAnswerCoversItsItems(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            let glosas = try await f.glosas()
            let (g1, g2) = (glosas[0], glosas[1])
            var appeal = try await f.billing.appeals.create(.init(glosaIds: [g1.id, g2.id], scope: .items,
                                                                  justifications: [g1.id: "Conforme contrato.", g2.id: "Material não incluso."]), by: .system)
            appeal = try await f.billing.appeals.send(appeal.id!, on: StatementTests.reference, protocol: nil, expectedVersion: appeal.version, by: .system)
            // A bad amount names its line; nothing is recorded.
            let bad = Array("Guia;Item;Acatado\n\(g1.claimNumber);\(g1.sequence);abc\n".utf8)
            #expect(await expectValidation {
                _ = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: bad, answeredOn: nil, expectedVersion: appeal.version, by: .system)
            }.map(\.message) == ["Linha 2: valor acatado inválido (“abc”)."])
            // 50,00 of 1705 accepted in full, 2010 not mentioned (nothing accepted): answered on the typed day.
            let csv = Array("\u{FEFF}Guia;Item;Valor acatado\n\(g1.claimNumber);\(g1.sequence);50,00\n".utf8)
            let day = CalendarDay(year: 2026, month: 12, day: 4)!
            let result = try await f.billing.appeals.importPayerFile(appeal.id!, bytes: csv, answeredOn: day, expectedVersion: appeal.version, by: .system)
            #expect(result.appeal.accepted.cents == 5_000 && result.appeal.answeredOn == day)
            let after = try await f.glosas()
            #expect(after[0].balance.recovered.cents == 5_000 && after[0].status == .recovered)
            #expect(after[1].balance.recovered.cents == 0 && after[1].balance.undecided.cents == 2_500)
            try await AppealTests.expectIdentities(f)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aGlosaOpensOneNonConformityForItsOriginSectorOnItsClosedPartial(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let bytes = try StatementFixture.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
            let f = try await StatementFixture.make(store)
            _ = try await Seeder(store: store).ensureBaseline(adminPassword: "segredo-de-teste")
            _ = try await f.billing.statements.importXML(bytes, fileName: nil, payerId: f.payerId, by: .system)
            let g = try await f.glosas()[0]
            let type = try #require(try await store.nonConformityTypes.list(ListQuery(active: true, perPage: 1)).items.first)
            let sector = try #require(try await store.sectors.list(ListQuery(active: true, perPage: 1)).items.first)
            #expect(await expectValidation {
                _ = try await f.billing.glosas.openNonConformity(g.id, typeId: nil, sectorId: sector.id, note: "", expectedVersion: g.version, by: .system)
            }.map(\.field) == ["typeId"])
            let linked = try await f.billing.glosas.openNonConformity(g.id, typeId: type.id, sectorId: sector.id, note: "Falta a assinatura do laudo.",
                                                                      expectedVersion: g.version, by: .system)
            let ncId = try #require(linked.nonConformityId)
            let nc = try await store.nonConformityQueries.entry(ncId)
            #expect(nc.partialId == g.partialId && nc.sectorId == sector.id && nc.status == .open)
            #expect(nc.note.hasPrefix("Glosa \(g.id) — 1705") && nc.note.hasSuffix("Falta a assinatura do laudo."))
            await expectRefusal("conflict") {
                _ = try await f.billing.glosas.openNonConformity(g.id, typeId: type.id, sectorId: sector.id, note: "", expectedVersion: linked.version, by: .system)
            }
            // The glosa's money did not move.
            #expect(linked.balance == g.balance)
        }
    }
}

extension AppealPayerFileTests {
    /// Two appeals of one payer created at the same instant (PostgreSQL runs them side by side and
    /// both number MAX + 1): each is created or refused as a concurrent change, never a 500, and
    /// no number is used twice. The same file imported twice at once: one statement.
    @Test(arguments: TestDatabase.kinds)
    func simultaneousAppealsAndImportsNeverCollide(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let bytes = try StatementFixture.sample("synthetic_demonstrativo_analise_conta_4.03.00.xml") else { return }
            let f = try await StatementFixture.make(store)
            let imports = await withTaskGroup(of: String.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do { return try await f.billing.statements.importXML(bytes, fileName: nil, payerId: f.payerId, by: .system)[0].alreadyImported ? "again" : "new" }
                        catch let error as FaturaError { return error.code } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            #expect(imports == ["again", "new"] || imports == ["concurrent_change", "new"], "\(imports)")
            #expect(try await store.statements.list(payerId: f.payerId, page: 1).total == 1)
            let glosas = try await f.glosas()
            let outcomes = await withTaskGroup(of: String.self) { group in
                for g in glosas {
                    group.addTask {
                        do { return "#\(try await f.billing.appeals.create(.init(glosaIds: [g.id], scope: .items, justifications: [g.id: "Conforme contrato."]), by: .system).number)" }
                        catch let error as FaturaError { return error.code } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            #expect(outcomes == ["#1", "#2"] || outcomes == ["#1", "concurrent_change"], "\(outcomes)")
        }
    }
}

@Suite struct TISSAppealAnswerTests {
    @Test func readsTheWholeClaimAndProtocolForms() throws {
        let body = """
        <ans:respostaRecursoGlosa><ans:reciboGlosa><ans:registroANS>999999</ans:registroANS><ans:numeroGuiaRecGlosaPrestador>3</ans:numeroGuiaRecGlosaPrestador>
        <ans:nomeOperadora>X</ans:nomeOperadora><ans:objetoRecurso>2</ans:objetoRecurso><ans:codigoPrestador>H</ans:codigoPrestador><ans:numeroLote>1</ans:numeroLote>
        <ans:numeroProtocolo>123456</ans:numeroProtocolo><ans:opcaoRecurso>
        <ans:recursoGuia><ans:respostaGuia><ans:numeroGuiaPrestador>G-1</ans:numeroGuiaPrestador><ans:codGlosa>1705</ans:codGlosa><ans:justificativaPrestador>x</ans:justificativaPrestador><ans:recursoGuiaAcatado>S</ans:recursoGuiaAcatado></ans:respostaGuia></ans:recursoGuia>
        <ans:recursoGuia><ans:respostaGuia><ans:numeroGuiaPrestador>G-2</ans:numeroGuiaPrestador><ans:codGlosa>1705</ans:codGlosa><ans:justificativaPrestador>x</ans:justificativaPrestador><ans:recursoGuiaAcatado>N</ans:recursoGuiaAcatado></ans:respostaGuia></ans:recursoGuia>
        </ans:opcaoRecurso><ans:dataRecurso>2026-12-03</ans:dataRecurso><ans:valorTotalRecursado>1.00</ans:valorTotalRecursado><ans:valorTotalAcatado>1.00</ans:valorTotalAcatado></ans:reciboGlosa></ans:respostaRecursoGlosa>
        """
        let answer = try TISSAppealAnswer.read(AppealPayerFileTests.message(body))
        #expect(answer.kind == .answer && answer.appealNumber == "3" && answer.protocolNumber == "123456" && answer.payerANS == "999999")
        #expect(answer.claimsAccepted == ["G-1": true, "G-2": false] && answer.items.isEmpty)
        #expect(answer.messageDate == CalendarDay(year: 2026, month: 12, day: 4))

        // Applied to an appeal: G-1's two items in full (12,00 + 8,00), G-2's nothing.
        func item(_ glosa: Int, _ claim: String, _ sequence: Int, _ cents: Int64) -> AppealItem {
            AppealItem(glosaId: glosa, claimNumber: claim, sequence: sequence, day: CalendarDay(year: 2026, month: 3, day: 12)!, table: "22", code: "1",
                       description: "", reasonCode: "1705", amount: Money(cents: cents), justification: "x")
        }
        let items = [item(1, "G-1", 1, 1_200), item(2, "G-1", 2, 800), item(3, "G-2", 1, 500)]
        let lines = AppealAnswerLines(claimsAccepted: answer.claimsAccepted)
        #expect(try lines.accepted(of: items) == [1: Money(cents: 1_200), 2: Money(cents: 800), 3: .zero])
        #expect(try AppealAnswerLines(protocolAccepted: true).accepted(of: items) == [1: Money(cents: 1_200), 2: Money(cents: 800), 3: Money(cents: 500)])
        // More than was appealed is refused with its line.
        let over = AppealAnswerLines(lines: [.init(claimNumber: "G-2", sequence: 1, accepted: Money(cents: 501), line: 7)])
        #expect(throws: FaturaError.validation([FieldError("file", "Linha 7: o acatado da guia G-2, item 1, vai de R$ 0,00 a R$ 5,00.")])) { try over.accepted(of: items) }
    }

    @Test func refusesHostileAndForeignFiles() throws {
        let hostile = Array("""
        <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">&e;</ans:mensagemTISS>
        """.utf8)
        #expect(throws: TISSAppealAnswer.ReadError.document(.doctype)) { try TISSAppealAnswer.read(hostile) }
        #expect(throws: TISSAppealAnswer.ReadError.notAnAnswer) { try TISSAppealAnswer.read(AppealPayerFileTests.message("<ans:situacaoProtocolo/>")) }
        let error = try TISSAppealAnswer.read(AppealPayerFileTests.message("""
        <ans:respostaRecursoGlosa><ans:mensagemErro><ans:codigoGlosa>5001</ans:codigoGlosa><ans:descricaoGlosa>MENSAGEM ELETRONICA FORA DO PADRAO</ans:descricaoGlosa></ans:mensagemErro></ans:respostaRecursoGlosa>
        """))
        #expect(error.kind == .refusal && error.refusal == "5001 — MENSAGEM ELETRONICA FORA DO PADRAO")
        let badFlag = AppealPayerFileTests.message("""
        <ans:respostaRecursoGlosa><ans:reciboGlosa><ans:recursoGuia><ans:respostaGuia><ans:numeroGuiaPrestador>G</ans:numeroGuiaPrestador><ans:recursoGuiaAcatado>talvez</ans:recursoGuiaAcatado></ans:respostaGuia></ans:recursoGuia></ans:reciboGlosa></ans:respostaRecursoGlosa>
        """)
        #expect(throws: TISSAppealAnswer.ReadError.invalidValue(line: 7, field: "recursoGuiaAcatado", value: "talvez")) { try TISSAppealAnswer.read(badFlag) }
    }

    @Test func readsAnAnswerSpreadsheetWithItsHeaderInAnyOrder() throws {
        let answer = try AppealAnswerLines.csv("acatado,item,guia\n\"1.234,56\",2,G-9\n0.50,3,G-9\n\n")
        #expect(answer.lines == [.init(claimNumber: "G-9", sequence: 2, accepted: Money(cents: 123_456), line: 2),
                                 .init(claimNumber: "G-9", sequence: 3, accepted: Money(cents: 50), line: 3)])
        #expect(throws: FaturaError.validation([FieldError("file", "Linha 1: o cabeçalho deve ter as colunas guia, item e acatado.")])) {
            try AppealAnswerLines.csv("numero;valor\n1;2\n")
        }
        #expect(throws: FaturaError.validation([FieldError("file", "Linha 2: item inválido (“x”).")])) { try AppealAnswerLines.csv("guia;item;acatado\nG;x;1,00\n") }
    }
}
