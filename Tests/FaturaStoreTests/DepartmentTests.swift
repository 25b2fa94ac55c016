import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Testing

/// The supervisor's department on both databases: a payer's notice distributed to the sectors with
/// their acknowledgements and lateness, the protocol book's numbering, and a record-copy request
/// from registration to the signed receipt with its LGPD access log.
@Suite struct DepartmentTests {
    /// Thursday 10/12/2026: three business days later is Tuesday 15/12 (11 Fri, 14 Mon, 15 Tue).
    static let today = CalendarDay(year: 2026, month: 12, day: 10)!
    static let supervisor = AuditActor(userId: nil, username: "supervisor")
    static let archive = AuditActor(userId: nil, username: "arquivo")

    static func setUp(_ store: Store) async throws -> (company: Int, payer: Int, sectors: [String: Int]) {
        _ = try await Seeder(store: store).ensureBaseline(adminPassword: "admin-senha-1")
        let company = try await store.companies.create(Company(name: "Hospital", cnpj: "11222333000181", cnes: "2077485"), by: .system).id!
        let payer = try await store.payers.create(Payer(name: "Vida Plena", ansRegistry: "123455"), by: .system).id!
        let sectors = Dictionary(try await store.sectors.all().map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
        return (company, payer, sectors)
    }

    static func notice(_ company: Int, _ payer: Int, effectiveOn: CalendarDay? = nil) -> PayerNotice {
        PayerNotice(companyId: company, payerId: payer, receivedOn: CalendarDay(year: 2026, month: 12, day: 9)!, subject: "Nova tabela de materiais",
                    text: "Materiais pela Simpro +12% a partir de 01/01/2027.", kind: .tableChange, effectiveOn: effectiveOn)
    }

    @Test(arguments: TestDatabase.kinds)
    func aNoticeGoesToTheDefaultSectorsAndEachOneAcknowledgesInTurn(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (company, payer, sectors) = try await Self.setUp(store)
            let billing = store.billing(on: Self.today)
            let letter = NoticeService.Upload(filename: "oficio.pdf", contentType: "application/pdf", content: Data("%PDF-1.4 ofício".utf8))
            let notice = try await billing.notices.create(Self.notice(company, payer), sectorIds: nil, dueOn: nil, uploads: [letter], by: Self.supervisor)
            let id = try #require(notice.id)
            let stored = try await billing.notices.get(id)
            #expect(stored.distributions.map(\.sectorCode).sorted() == ["atendimento", "controladoria", "faturamento", "informatica"])
            #expect(stored.distributions.allSatisfy { $0.distribution.dueOn == CalendarDay(year: 2026, month: 12, day: 15)! && $0.distribution.status == .pending })
            #expect(stored.attachments.map(\.filename) == ["oficio.pdf"])
            let file = try await billing.notices.attachment(stored.attachments[0].id)
            #expect(file.content == Data("%PDF-1.4 ofício".utf8) && file.noticeId == id)

            // Atendimento reads and concludes on the 10th; Informática only reads.
            let attendance = sectors["atendimento"]!, it = sectors["informatica"]!
            _ = try await billing.notices.acknowledge(id, sectorId: attendance, .read, actorSectorId: attendance, by: AuditActor(userId: nil, username: "recepcao"))
            let done = try await billing.notices.acknowledge(id, sectorId: attendance, .done(note: "Recepção orientada em 10/12."), actorSectorId: attendance,
                                                             by: AuditActor(userId: nil, username: "recepcao"))
            #expect(done.status == .done && done.doneOn == Self.today && done.readBy == "recepcao" && done.doneNote == "Recepção orientada em 10/12.")
            _ = try await billing.notices.acknowledge(id, sectorId: it, .read, actorSectorId: it, by: AuditActor(userId: nil, username: "ti"))

            // Concluding twice, another sector's notice, billing answering for a sector, an empty note: each its own refusal.
            await #expect(throws: FaturaError.noticeRefused("Este setor já concluiu o comunicado em 10/12/2026.")) {
                _ = try await billing.notices.acknowledge(id, sectorId: attendance, .done(note: "de novo"), actorSectorId: attendance, by: Self.supervisor)
            }
            await #expect(throws: FaturaError.forbidden) {
                _ = try await billing.notices.acknowledge(id, sectorId: attendance, .read, actorSectorId: sectors["imagem"]!, by: Self.supervisor)
            }
            await #expect(throws: FaturaError.noticeRefused("A ciência de Informática é dada por um usuário do próprio setor.")) {
                _ = try await billing.notices.acknowledge(id, sectorId: it, .done(note: "feito"), actorSectorId: nil, by: Self.supervisor)
            }
            await #expect(throws: FaturaError.validation([FieldError("note", "Escreva o que o setor fez (a providência tomada).")])) {
                _ = try await billing.notices.acknowledge(id, sectorId: it, .done(note: "   "), actorSectorId: it, by: Self.supervisor)
            }
            // A sector not on the list has no notice to answer.
            await #expect(throws: FaturaError.notFound(entity: "comunicado deste setor")) {
                _ = try await billing.notices.acknowledge(id, sectorId: sectors["imagem"]!, .read, actorSectorId: sectors["imagem"]!, by: Self.supervisor)
            }

            // On the 16th the three still open are late; Atendimento, done on the 10th, is not.
            let later = store.billing(on: CalendarDay(year: 2026, month: 12, day: 16)!)
            let summary = try #require(try await later.notices.list(companyId: company).first)
            #expect(summary.sectors == 4 && summary.done == 1 && summary.late == 3)
            let lateSectors = try await later.notices.get(id).distributions.filter { $0.distribution.isLate(today: CalendarDay(year: 2026, month: 12, day: 16)!) }
            #expect(lateSectors.map(\.sectorCode).sorted() == ["controladoria", "faturamento", "informatica"])
            // A sector's own list: Imagem has none, Informática has this one, read.
            #expect(try await later.notices.list(companyId: company, sectorId: sectors["imagem"]!).isEmpty)
            let own = try #require(try await later.notices.list(companyId: company, sectorId: it).first?.own)
            #expect(own.status == .read && own.readBy == "ti")
            let counts = try await later.notices.openCount(companyId: company, sectorId: nil)
            #expect(counts.open == 3 && counts.late == 3)

            // Received letters enter the protocol book by themselves.
            let book = try await billing.protocols.linked(noticeId: id)
            #expect(book.map(\.number) == ["2026/00001"] && book.first?.direction == .incoming && book.first?.counterpart == "Vida Plena")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aNoticeIsDueByItsEffectiveDayAndLinksToItsPayersContract(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await Seeder(store: store).ensureBaseline(adminPassword: "admin-senha-1")
            let f = try await PricingFixture.make(store)
            let (company, payer) = (f.companyId, f.payerId)
            let sectors = Dictionary(try await store.sectors.all().map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
            let billing = store.billing(on: Self.today)
            // Effective Saturday 12/12, before the three business days: the sectors have until then.
            let notice = try await billing.notices.create(Self.notice(company, payer, effectiveOn: CalendarDay(year: 2026, month: 12, day: 12)!),
                                                          sectorIds: [sectors["imagem"]!, sectors["faturamento"]!], dueOn: nil, uploads: [], by: Self.supervisor)
            let stored = try await billing.notices.get(notice.id!)
            #expect(stored.distributions.map(\.sectorCode).sorted() == ["faturamento", "imagem"])
            #expect(stored.distributions.allSatisfy { $0.distribution.dueOn == CalendarDay(year: 2026, month: 12, day: 12)! })
            // Billing answers for its own sector.
            let own = try await billing.notices.acknowledge(notice.id!, sectorId: sectors["faturamento"]!, .done(note: "Tabela cadastrada."), actorSectorId: nil, by: Self.supervisor)
            #expect(own.status == .done && own.readAt != nil)
            // A contract of another payer is refused; none of the notice is half-saved on a refused upload.
            let other = try await store.payers.create(Payer(name: "Outro", ansRegistry: "334567"), by: .system).id!
            var foreign = f.contract!
            foreign.id = nil
            foreign.payerId = other
            foreign.name = "Outro 2026"
            let contract = try await store.contracts.create(foreign, by: .system)
            await #expect(throws: FaturaError.validation([FieldError("contractId", "O contrato não é deste convênio e empresa.")])) {
                _ = try await billing.notices.link(notice.id!, contractId: contract.id!.rawValue, priceTableId: nil, expectedVersion: 1, by: Self.supervisor)
            }
            let big = NoticeService.Upload(filename: "tabela.pdf", contentType: "application/pdf", content: Data(count: 1_500_001))
            await #expect(throws: FaturaError.validation([FieldError("attachments", "O anexo “tabela.pdf” passa de 1,5 MB: digitalize em resolução menor ou em PDF.")])) {
                _ = try await billing.notices.create(Self.notice(company, payer), sectorIds: nil, dueOn: nil, uploads: [big], by: Self.supervisor)
            }
            #expect(try await billing.notices.list(companyId: company).count == 1)
            // The notice's own payer's contract links; the version moves.
            let mine = f.contract!
            let linked = try await billing.notices.link(notice.id!, contractId: mine.id!.rawValue, priceTableId: nil, expectedVersion: 1, by: Self.supervisor)
            #expect(linked.contractId == mine.id!.rawValue && linked.version == 2)
            await #expect(throws: FaturaError.concurrentChange("O comunicado foi alterado por outra pessoa enquanto você o via: nada foi salvo. Recarregue a página e confira.")) {
                _ = try await billing.notices.link(notice.id!, contractId: nil, priceTableId: nil, expectedVersion: 1, by: Self.supervisor)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theProtocolBookNumbersEachYearFromOne(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (company, _, _) = try await Self.setUp(store)
            let billing = store.billing(on: Self.today)
            func entry(_ day: CalendarDay, _ subject: String) -> ProtocolEntry {
                ProtocolEntry(companyId: company, day: day, direction: .outgoing, counterpart: "Diretoria", subject: subject)
            }
            let first = try await billing.protocols.register(entry(Self.today, "Relatório da proposta"), by: Self.supervisor)
            let second = try await billing.protocols.register(entry(Self.today, "Carta ao convênio"), by: Self.supervisor)
            let lastYear = try await billing.protocols.register(entry(CalendarDay(year: 2025, month: 12, day: 30)!, "Ofício atrasado"), by: Self.supervisor)
            #expect([first.number, second.number, lastYear.number] == ["2026/00001", "2026/00002", "2025/00001"])
            let page = try await billing.protocols.list(companyId: company, year: 2026, direction: nil, text: "carta", page: 1)
            #expect(page.items.map(\.number) == ["2026/00002"] && page.total == 1)
            await #expect(throws: FaturaError.validation([FieldError("day", "A data do protocolo não pode estar no futuro."),
                                                          FieldError("counterpart", "Informe para quem vai ou de quem vem o documento.")].sorted { $0.field < $1.field })) {
                _ = try await billing.protocols.register(ProtocolEntry(companyId: company, day: Self.today.adding(days: 1), direction: .incoming,
                                                                       counterpart: " ", subject: "x"), by: Self.supervisor)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRecordCopyGoesFromRequestToSignedReceiptWithEveryAccessLogged(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let (company, _, _) = try await Self.setUp(store)
            let billing = store.billing(on: Self.today)
            func request(_ requested: CalendarDay, checked: Bool = true, due: CalendarDay? = nil) -> RecordCopyRequest {
                RecordCopyRequest(companyId: company, requestedOn: requested, requesterName: "Joana Lima", relation: .patient,
                                  requesterDocument: "RG 23.456.789-0", documentChecked: checked, patientName: "Joana Lima",
                                  records: "Internação de 02/09 a 06/09", purpose: "Perícia", dueOn: due)
            }
            // The legal deadline: 15 days from the request (01/12 → 16/12); later than that is refused, as is an unchecked document.
            await #expect(throws: FaturaError.validation([
                FieldError("documentChecked", "Confira o documento do solicitante antes de registrar o pedido."),
                FieldError("dueOn", "O prazo legal é de até 15 dias do pedido (LGPD, art. 19): 16/12/2026."),
            ])) {
                _ = try await billing.recordCopies.create(request(CalendarDay(year: 2026, month: 12, day: 1)!, checked: false, due: CalendarDay(year: 2026, month: 12, day: 20)!), by: Self.archive)
            }
            var copy = try await billing.recordCopies.create(request(CalendarDay(year: 2026, month: 12, day: 1)!), by: Self.archive)
            let id = try #require(copy.id)
            #expect(copy.dueOn == CalendarDay(year: 2026, month: 12, day: 16)! && copy.status == .requested)
            await #expect(throws: FaturaError.recordCopyRefused("O pedido está solicitado: não é possível aprová-lo.")) {
                _ = try await billing.recordCopies.advance(id, .approve, companyId: company, expectedVersion: copy.version, by: Self.supervisor)
            }
            copy = try await billing.recordCopies.advance(id, .prepare(pages: 14), companyId: company, expectedVersion: copy.version, by: Self.archive)
            await #expect(throws: FaturaError.concurrentChange("O pedido foi alterado por outra pessoa enquanto você o via: nada foi salvo. Recarregue a página e confira.")) {
                _ = try await billing.recordCopies.advance(id, .approve, companyId: company, expectedVersion: 1, by: Self.supervisor)
            }
            copy = try await billing.recordCopies.advance(id, .approve, companyId: company, expectedVersion: copy.version, by: Self.supervisor)
            await #expect(throws: FaturaError.validation([FieldError("receivedBy", "Informe quem recebeu a cópia (até 120 caracteres)."),
                                                          FieldError("receivedDocument", "Informe o documento apresentado por quem recebeu (até 60 caracteres).")])) {
                _ = try await billing.recordCopies.advance(id, .deliver(receivedBy: "", document: " "), companyId: company, expectedVersion: copy.version, by: Self.archive)
            }
            copy = try await billing.recordCopies.advance(id, .deliver(receivedBy: "Joana Lima", document: "RG 23.456.789-0"), companyId: company,
                                                          expectedVersion: copy.version, by: Self.archive)
            #expect(copy.status == .delivered && copy.pages == 14 && copy.preparedBy == "arquivo" && copy.approvedBy == "supervisor" && copy.deliveredOn == Self.today)
            await #expect(throws: FaturaError.recordCopyRefused("O pedido está entregue: não é possível entregá-lo.")) {
                _ = try await billing.recordCopies.advance(id, .deliver(receivedBy: "X", document: "Y"), companyId: company, expectedVersion: copy.version, by: Self.archive)
            }
            // Another company's user does not reach it.
            await #expect(throws: FaturaError.notFound(entity: "pedido de cópia de prontuário")) {
                _ = try await billing.recordCopies.open(id, companyId: company + 1, purpose: "consultou o pedido", by: Self.supervisor)
            }
            // Opening it is itself an access; the log has every step, in order, with who.
            let detail = try await billing.recordCopies.open(id, companyId: company, purpose: "consultou o pedido", by: Self.supervisor)
            #expect(detail.accesses.map { "\($0.username): \($0.action)" } == [
                "arquivo: registrou o pedido", "arquivo: preparou a cópia (14 páginas)", "supervisor: aprovou a entrega da cópia",
                "arquivo: entregou a cópia", "supervisor: consultou o pedido",
            ])
            // The delivery's protocol line names the request, never the patient.
            #expect(detail.protocols.map(\.subject) == ["Cópia de prontuário — pedido \(id), 14 páginas"])
            #expect(detail.protocols.first?.counterpart == "Joana Lima" && detail.protocols.first?.direction == .outgoing)

            // A second request, open on 17/12 (due 16/12), is overdue; the delivered one is not.
            _ = try await billing.recordCopies.create(request(CalendarDay(year: 2026, month: 12, day: 1)!), by: Self.archive)
            #expect(try await store.billing(on: CalendarDay(year: 2026, month: 12, day: 17)!).recordCopies.openCounts(companyId: company).overdue == 1)
            let refused = try await billing.recordCopies.create(request(Self.today), by: Self.archive)
            let closed = try await billing.recordCopies.advance(refused.id!, .refuse(reason: "Solicitante sem procuração."), companyId: company,
                                                                expectedVersion: refused.version, by: Self.supervisor)
            #expect(closed.status == .refused && closed.refusalReason == "Solicitante sem procuração.")
        }
    }
}
