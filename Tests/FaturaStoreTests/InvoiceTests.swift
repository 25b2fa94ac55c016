@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import FaturaTestSupport
import Foundation
import Testing

/// An invoice from creation to sending, on both databases (DOMAIN.md §4–5). The fixture's 9A
/// procedure is 3.335,85 a unit (see `ItemCorrectionTests`); one partial has it twice: 6.671,70.
@Suite struct InvoiceTests {
    static let doctor = Professional(name: "Ana Exemplo", council: "06", councilNumber: "123456", uf: "35", cbo: "225125", providerCode: "MED1")

    static func document(_ f: PricingFixture, encounter: String, partial: String, patient: String, card: String?, quantity: Int = 1,
                         payerANS: String = "123455") -> HISDocument {
        var item = PricingFixture.item("\(partial)-I1", quantity: quantity)
        item.executingProfessional = "Ana Exemplo"
        return HISDocument(encounters: [HISEncounter(
            externalId: encounter, companyCnpj: PricingFixture.cnpj, payerAnsRegistry: payerANS, type: "sadt", startedAt: "2026-11-02T08:00",
            requestingProfessional: "CRM-SP 123456",
            patient: HISPatient(externalId: patient, name: "Paciente \(patient)", cpf: nil, cardNumber: card),
            partials: [HISPartial(externalId: partial, periodStart: "2026-11-01", periodEnd: "2026-11-30", items: [item])])])
    }

    /// The fixture's company and payer with two closed partials of November: P-1 (the 9A procedure
    /// twice, card 0001234500) and P-2 (once, no card); the clock on 04/12/2026.
    static func twoClosedPartials(_ store: Store, quantityOfP1: Int = 1) async throws -> (PricingFixture, Billing, [AccountQueries.PartialSummary]) {
        let f = try await PricingFixture.make(store)
        let billing = store.billing(on: CalendarDay(year: 2026, month: 12, day: 4)!)
        _ = try await store.professionals.create(Self.doctor, by: .system)
        _ = try await billing.his.ingest(Self.document(f, encounter: "ATD-1", partial: "P-1", patient: "PAC-1", card: "0001234500", quantity: quantityOfP1), by: .system)
        _ = try await billing.his.ingest(Self.document(f, encounter: "ATD-2", partial: "P-2", patient: "PAC-2", card: nil), by: .system)
        let partials = try await store.accounts.partials(.init(companyId: f.companyId)).items
        for partial in partials { try await billing.closing.close(partial.id, by: .system) }
        return (f, billing, partials)
    }

    @Test(arguments: TestDatabase.kinds)
    func anInvoiceProposesTheCompetenceClosesIntoAValidBatchAndIsSent(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (f, billing, partials) = try await Self.twoClosedPartials(store, quantityOfP1: 2)
            _ = try await store.payerTerms.save(PayerTerms(payerId: f.payerId, companyId: f.companyId, delivery: .dayOfFollowingMonth(10),
                                                           providerCode: "HOSP01"), expectedVersion: nil, by: .system)
            let p1 = try #require(partials.first { $0.externalId == "P-1" }).id, p2 = try #require(partials.first { $0.externalId == "P-2" }).id

            // Bad input first: nothing is created.
            #expect(await expectValidation { _ = try await billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-13", by: .system) }
                .map(\.field) == ["competence"])
            let sus = try #require(try await store.payers.all().first { $0.billingStandard == .sus })
            #expect(await expectValidation { _ = try await billing.invoices.create(companyId: f.companyId, payerId: sus.id!, competence: "2026-11", by: .system) }
                .map(\.field) == ["payerId"])

            // November's invoice proposes both closed partials; they become faturadas; the deadline is 10/12 (Thursday).
            var invoice = try await billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-11", by: .system)
            #expect(invoice.number == 1 && invoice.status == .open)
            #expect(invoice.deadline == CalendarDay(year: 2026, month: 12, day: 10))
            let lines = try await store.invoices.partials(of: invoice.id!)
            #expect(lines.map(\.externalId) == ["P-1", "P-2"])
            #expect(lines.map(\.total.cents) == [667_170, 333_585])
            #expect(lines.allSatisfy { $0.status == .invoiced })
            await expectRefusal("partial_invoiced") { _ = try await billing.closing.reopen(p1, reason: "Conferir de novo a conta", by: .system) }

            // P-2 has no card: closing is refused, the field and the partial named, nothing generated.
            let refused = await expectRefusal("invoice_claims_invalid") { try await billing.invoices.close(invoice.id!, expectedVersion: invoice.version, by: .system) }
            if case .invoiceClaimsInvalid(let problems) = refused {
                #expect(problems.map(\.partial) == ["P-2"])
                #expect(problems.map(\.field) == ["numeroCarteira"])
            }
            #expect(try await store.invoices.batches(of: invoice.id!).isEmpty)

            // Out with P-2 (closed again, may be reopened); a stale version is refused.
            await expectRefusal("stale_version") { _ = try await billing.invoices.remove(p2, from: invoice.id!, expectedVersion: invoice.version - 1, by: .system) }
            invoice = try await billing.invoices.remove(p2, from: invoice.id!, expectedVersion: invoice.version, by: .system)
            #expect(try await store.accounts.partial(p2).partial.status == .closed)

            // Close: one SP/SADT batch of one claim, 6.671,70, valid against 4.03.00 with its hash.
            invoice = try await billing.invoices.close(invoice.id!, expectedVersion: invoice.version, by: .system)
            #expect(invoice.status == .closed && invoice.claims == 1 && invoice.total == Money(cents: 667_170))
            let batches = try await store.invoices.batches(of: invoice.id!)
            #expect(batches.map(\.number) == [1])
            #expect(batches.map(\.claimType) == [.spsadt])
            let file = try await store.invoices.batchFile(invoiceId: invoice.id!, number: 1)
            let document = try TISSDocument(file.bytes)
            if let folder = ReferenceData.directory() {
                #expect(try TISSSchema(version: "4.03.00", in: folder).validate(document) == [])
            }
            #expect(TISSHash.of(document, encoding: .iso88591) == file.batch.hash)
            let xml = String(decoding: file.bytes, as: UTF8.self)
            #expect(xml.contains("<ans:codigoPrestadorNaOperadora>HOSP01</ans:codigoPrestadorNaOperadora>"))
            #expect(xml.contains("<ans:numeroCarteira>0001234500</ans:numeroCarteira>"))
            #expect(xml.contains("<ans:valorTotalGeral>6671.70</ans:valorTotalGeral>"))
            #expect(xml.contains("<ans:numeroConselhoProfissional>123456</ans:numeroConselhoProfissional>"))
            #expect(try await store.invoices.claims(of: invoice.id!).map(\.number) == ["P-1"])
            // Closed but not sent: nothing a payer's statement could speak of yet.
            #expect(try await store.database.read { try await InvoiceRepository.billedItems(payerId: f.payerId, claimNumbers: ["P-1"], on: $0) }.isEmpty)
            await expectRefusal("invoice_state") { _ = try await billing.invoices.add([p2], to: invoice.id!, expectedVersion: invoice.version, by: .system) }

            // Sent on 09/12, before the deadline; then it can no longer be reopened.
            await expectValidation {
                _ = try await billing.invoices.markSent(invoice.id!, on: CalendarDay(year: 2026, month: 12, day: 31), channel: .portal, protocolNumber: nil,
                                                        expectedVersion: invoice.version, by: .system)
            }
            invoice = try await billing.invoices.markSent(invoice.id!, on: CalendarDay(year: 2026, month: 12, day: 3), channel: .portal,
                                                          protocolNumber: "PROT-778", expectedVersion: invoice.version, by: .system)
            #expect(invoice.status == .sent && invoice.sending?.protocolNumber == "PROT-778")
            try await Self.expectTheSentLine(store, payerId: f.payerId)
            #expect(!invoice.isLate(today: CalendarDay(year: 2026, month: 12, day: 20)!))
            await expectRefusal("invoice_state") { _ = try await billing.invoices.reopen(invoice.id!, expectedVersion: invoice.version, by: .system) }
            await expectRefusal("partial_invoiced") { _ = try await billing.closing.reopen(p1, reason: "Conferir de novo a conta", by: .system) }

            // A second invoice of the competence proposes nothing; P-1 cannot go into it.
            let second = try await billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-11", by: .system)
            #expect(second.number == 2)
            #expect(try await store.invoices.partials(of: second.id!).map(\.externalId) == ["P-2"])
            let refusal = await expectRefusal("partial_invoiced") { _ = try await billing.invoices.add([p1], to: second.id!, expectedVersion: second.version, by: .system) }
            #expect(refusal?.message == "A parcial P-1 não pode entrar nesta fatura: ela já está em outra fatura.")
        }
    }
}

extension InvoiceTests {
    /// The claim's one line (the fixture's 31309127 on 03/11, 2 × 3.335,85) with the protocol typed
    /// at sending, as a statement line is matched back to it.
    static func expectTheSentLine(_ store: Store, payerId: Int) async throws {
        let billed = try await store.database.read { try await InvoiceRepository.billedItems(payerId: payerId, claimNumbers: ["P-1", "P-2"], on: $0) }
        #expect(billed.map { [$0.claimNumber, String($0.sequence), $0.day.iso, String($0.total.cents)] } == [["P-1", "1", "2026-11-03", "667170"]])
        #expect(billed.first?.protocolNumber == "PROT-778")
        guard let line = billed.first else { return }
        #expect(StatementMatcher.match([StatementLine(claimNumber: "P-1", sequence: 1, code: line.code, informed: Money(cents: 667_170),
                                                      released: Money(cents: 600_000))], against: billed) == [.matched(itemId: line.itemId)])
    }

    /// "Fechar" from a page: checked at once (a missing card refuses it and queues nothing), then run
    /// as a job; a second close while the first is queued is refused; the job's instant is the
    /// batches' date and time, so closing again after a reopen writes the same bytes and hash.
    @Test(arguments: TestDatabase.kinds)
    func closingRunsAsAJobAndRepeatingItWritesTheSameBatch(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (f, billing, partials) = try await Self.twoClosedPartials(store)
            let p2 = try #require(partials.first { $0.externalId == "P-2" }).id
            var invoice = try await billing.invoices.create(companyId: f.companyId, payerId: f.payerId, competence: "2026-11", by: .system)

            await expectRefusal("invoice_claims_invalid") { _ = try await billing.invoices.requestClose(invoice.id!, expectedVersion: invoice.version, by: .system) }
            #expect(try await billing.invoices.closeJobs(of: invoice).isEmpty)
            invoice = try await billing.invoices.remove(p2, from: invoice.id!, expectedVersion: invoice.version, by: .system)
            await expectRefusal("stale_version") { _ = try await billing.invoices.requestClose(invoice.id!, expectedVersion: invoice.version - 1, by: .system) }

            let jobId = try await billing.invoices.requestClose(invoice.id!, expectedVersion: invoice.version, by: .system)
            let again = await expectRefusal("invoice_closing") { _ = try await billing.invoices.requestClose(invoice.id!, expectedVersion: invoice.version, by: .system) }
            #expect(again?.message == "A fatura 1 já está sendo fechada (tarefa \(jobId)): aguarde o fim na página da fatura.")
            // Queued, nothing generated yet.
            #expect(try await store.invoices.find(invoice.id!)?.status == .open)
            #expect(try await store.invoices.batches(of: invoice.id!).isEmpty)

            let job = try #require(try await billing.jobs.claim(jobId))
            await JobRunner(billing: billing, logger: TestDatabase.logger).execute(job)
            let done = try #require(try await billing.jobs.get(jobId))
            #expect(done.status == .done)
            #expect((done.progressDone, done.progressTotal) == (1, 1))
            #expect(try JSONDecoder().decode(InvoiceCloseJobResult.self, from: Data(try #require(done.result).utf8)) == InvoiceCloseJobResult(invoiceId: invoice.id!.rawValue, claims: 1))
            invoice = try #require(try await store.invoices.find(invoice.id!))
            #expect(invoice.status == .closed && invoice.total == Money(cents: 333_585))
            let first = try await store.invoices.batchFile(invoiceId: invoice.id!, number: 1)
            // The batch carries the instant the close was asked for (noon of 04/12 in the hospital's zone).
            let xml = String(decoding: first.bytes, as: UTF8.self)
            #expect(xml.contains("<ans:dataRegistroTransacao>2026-12-04</ans:dataRegistroTransacao>"))
            #expect(xml.contains("<ans:horaRegistroTransacao>12:00:00</ans:horaRegistroTransacao>"))

            // Reopened (its claims and their lines discarded) and closed again a day later with the job's
            // instant: byte for byte the same file.
            invoice = try await billing.invoices.reopen(invoice.id!, expectedVersion: invoice.version, by: .system)
            #expect(try await store.database.read { try await InvoiceRepository.billedItems(payerId: f.payerId, claimNumbers: ["P-1"], on: $0) }.isEmpty)
            let arguments = try JSONDecoder().decode(InvoiceCloseJob.self, from: Data(job.arguments.utf8))
            let later = store.billing(on: CalendarDay(year: 2026, month: 12, day: 5)!)
            invoice = try await later.invoices.close(invoice.id!, expectedVersion: invoice.version, by: .system, generatedAt: Timestamp.date(arguments.generatedAt))
            let second = try await store.invoices.batchFile(invoiceId: invoice.id!, number: 1)
            #expect(second.bytes == first.bytes)
            #expect(second.batch.hash == first.batch.hash)
        }
    }
}
