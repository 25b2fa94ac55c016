@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// A glosa from the statement to its end (DOMAIN.md §5–6), the identities checked after every
/// step: glosa = accepted + under appeal + recovered + lost (+ undecided), and the invoice's
/// presented = released + glosa + pending.
@Suite struct AppealTests {
    static func expectIdentities(_ f: StatementFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for glosa in try await f.glosas() { #expect(glosa.balance.balances, sourceLocation: sourceLocation) }
        #expect(try await f.store.glosas.unbalanced().isEmpty, sourceLocation: sourceLocation)
        #expect(try await f.store.statements.unreconciled().isEmpty, sourceLocation: sourceLocation)
        let invoice = try await f.invoiceBalance()
        #expect(invoice.presented == invoice.released + invoice.glosa + invoice.pending && invoice.pending == .zero, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestDatabase.kinds)
    func aGlosaGoesThroughTheAuditorTwoRoundsOfAppealAndEndsPartlyRecovered(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            var glosas = try await f.glosas()
            var g1705 = glosas[0]
            let g2010 = glosas[1]

            // 2010 is accepted: written off, with its reason; a second decision is refused.
            await expectValidation { _ = try await f.billing.glosas.accept(g2010.id, note: "  ", expectedVersion: g2010.version, by: .system) }
            let accepted = try await f.billing.glosas.accept(g2010.id, note: "Material incluso na taxa, conforme contrato.", expectedVersion: g2010.version, by: .system)
            #expect(accepted.status == .writtenOff && accepted.balance.writtenOff.cents == 2_500)
            await expectRefusal("glosa_decided") { _ = try await f.billing.glosas.accept(g2010.id, note: "de novo", expectedVersion: accepted.version, by: .system) }
            await expectRefusal("concurrent_change") { _ = try await f.billing.glosas.assign(g2010.id, to: nil, expectedVersion: g2010.version, by: .system) }
            try await Self.expectIdentities(f)

            // 1705 judged technical: it waits for the audit sector before an appeal.
            g1705 = try await f.billing.glosas.setKind(g1705.id, .technical, expectedVersion: g1705.version, auditor: false, by: .system)
            #expect(g1705.awaitsOpinion)
            // Moving it back out of the audit sector's hands is the audit sector's call.
            await expectRefusal("glosa_awaits_opinion") {
                _ = try await f.billing.glosas.setKind(g1705.id, .administrative, expectedVersion: g1705.version, auditor: false, by: .system)
            }
            await expectRefusal("glosa_awaits_opinion") { _ = try await f.billing.glosas.accept(g1705.id, note: "x", expectedVersion: g1705.version, by: .system) }
            await expectRefusal("appeal_refused") { _ = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .items, justifications: [g1705.id: "x"]), by: .system) }
            await expectRefusal("glosa_not_technical") {
                _ = try await f.billing.glosas.giveOpinion(g2010.id, .justified, text: "ok", expectedVersion: accepted.version, by: .system)
            }
            g1705 = try await f.billing.glosas.giveOpinion(g1705.id, .notJustified, text: "Duas amostras colhidas: laudo anexo.", expectedVersion: g1705.version, by: .system)
            #expect(g1705.opinion == .notJustified && !g1705.awaitsOpinion)

            // Round 1: the whole 50,00 appealed item by item; a justification over 500 characters is refused.
            #expect(await expectValidation {
                _ = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .items, justifications: [g1705.id: String(repeating: "a", count: 501)]), by: .system)
            }.map(\.field) == ["justification.0"])
            var appeal = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .items,
                                                                  justifications: [g1705.id: "Valor conforme tabela contratual; duas amostras (laudo anexo)."],
                                                                  documents: ["Laudo anatomopatológico"]), by: .system)
            #expect(appeal.number == 1 && appeal.round == 1 && appeal.total.cents == 5_000 && appeal.protocolNumber == "123456" && appeal.status == .draft)
            #expect(try await f.glosas().first?.status == .underAppeal)
            await expectRefusal("appeal_refused") { _ = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .items, justifications: [g1705.id: "x"]), by: .system) }
            try await Self.expectIdentities(f)

            // Its XML: the payer's 4.03.00, valid, the item as the sample appeal carries it.
            let file = try await f.billing.appeals.file(appeal.id!)
            let xml = String(decoding: file.bytes, as: UTF8.self)
            #expect(xml.contains("<ans:tipoTransacao>RECURSO_GLOSA</ans:tipoTransacao>"))
            #expect(xml.contains("<ans:numeroProtocolo>123456</ans:numeroProtocolo>"))
            #expect(xml.contains("<ans:codGlosaItem>1705</ans:codGlosaItem>"))
            #expect(xml.contains("<ans:valorRecursado>50.00</ans:valorRecursado>"))
            #expect(xml.contains("<ans:valorTotalRecursado>50.00</ans:valorTotalRecursado>"))
            #expect(TISSHash.of(try TISSDocument(file.bytes), encoding: .iso88591) == file.hash)
            if let folder = ReferenceData.directory() {
                for version in TISSVersion.allCases {
                    let message = TISSAppeal(version: version, encoding: .iso88591, sequence: 1, generatedOn: StatementTests.reference, generatedSecond: 3_600,
                                             hospital: .code("HOSP0001"), ansRegistry: "999999", payerName: "Vida Plena", appeal: appeal)
                    let written = TISSAppealWriter.write(message)
                    #expect(try TISSSchema(version: version.rawValue, in: folder).validateGenerated(written.bytes) == [], "\(version.rawValue)")
                }
            }

            // Sent, then answered: 20,00 accepted (recovered), 30,00 back to decide with a new deadline.
            await expectRefusal("appeal_refused") { _ = try await f.billing.appeals.answer(appeal.id!, accepted: [:], on: StatementTests.reference, expectedVersion: appeal.version, by: .system) }
            appeal = try await f.billing.appeals.send(appeal.id!, on: StatementTests.reference, protocol: "REC-77", expectedVersion: appeal.version, by: .system)
            #expect(appeal.status == .sent && appeal.sentProtocol == "REC-77")
            #expect(try await f.billing.appeals.file(appeal.id!).bytes == file.bytes)
            #expect(await expectValidation {
                _ = try await f.billing.appeals.answer(appeal.id!, accepted: [g1705.id: Money(cents: 5_001)], on: StatementTests.reference, expectedVersion: appeal.version, by: .system)
            }.map(\.field) == ["accepted.\(g1705.id)"])
            appeal = try await f.billing.appeals.answer(appeal.id!, accepted: [g1705.id: Money(cents: 2_000)], on: StatementTests.reference,
                                                        expectedVersion: appeal.version, by: .system)
            #expect(appeal.status == .answered && appeal.accepted.cents == 2_000)
            glosas = try await f.glosas()
            g1705 = glosas[0]
            #expect(g1705.status == .appealDenied)
            #expect([g1705.balance.recovered.cents, g1705.balance.undecided.cents] == [2_000, 3_000] && g1705.balance.rounds == 1)
            // 40 days from the answer (04/12/2026): Wednesday 13/01/2027.
            #expect(g1705.appealDue == CalendarDay(year: 2027, month: 1, day: 13))
            try await Self.expectIdentities(f)

            // Round 2 (the contract's last): the 30,00 appealed, denied in full, lost.
            var second = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .wholeClaim, justification: "Reapresentamos o laudo e a tabela."),
                                                            by: .system)
            #expect(second.round == 2 && second.number == 2 && second.total.cents == 3_000)
            #expect(String(decoding: try await f.billing.appeals.file(second.id!).bytes, as: UTF8.self).contains("<ans:recursoGuiaCompleta>"))
            second = try await f.billing.appeals.send(second.id!, on: StatementTests.reference, protocol: nil, expectedVersion: second.version, by: .system)
            second = try await f.billing.appeals.answer(second.id!, accepted: [:], on: StatementTests.reference, expectedVersion: second.version, by: .system)
            g1705 = try await f.glosas()[0]
            #expect(g1705.status == .partiallyRecovered)
            #expect([g1705.balance.recovered.cents, g1705.balance.lost.cents, g1705.balance.undecided.cents, g1705.balance.writtenOff.cents] == [2_000, 3_000, 0, 0])
            await expectRefusal("appeal_refused") { _ = try await f.billing.appeals.create(.init(glosaIds: [g1705.id], scope: .wholeClaim, justification: "x"), by: .system) }
            try await Self.expectIdentities(f)
        }
    }

    @Test func anAppealWithoutANumericProtocolIsRefusedBeforeItReachesThePayer() async throws {
        try await TestDatabase.withStore(.sqlite) { store in
            guard let f = try await StatementFixture.withSampleStatement(store) else { return }
            try await store.database.write { try await $0.raw("UPDATE invoices SET protocol_number = 'PROT-A'").run() }
            let g = try await f.glosas()[0]
            let appeal = try await f.billing.appeals.create(.init(glosaIds: [g.id], scope: .items, justifications: [g.id: "Conforme contrato."]), by: .system)
            let refusal = await expectRefusal("appeal_refused") { _ = try await f.billing.appeals.send(appeal.id!, on: StatementTests.reference, protocol: nil, expectedVersion: appeal.version, by: .system) }
            #expect(refusal?.message.contains("numeroProtocolo") == true)
            #expect(try await store.appeals.find(appeal.id!)?.status == .draft)
        }
    }
}
