import FaturaDomain
import FaturaStore
import FaturaTestSupport
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The glosa pages with the demo data: the statement of invoice 1 (Vida Plena) denied part of item 1
/// (1705, a contractual glosa already in a draft appeal, glosa 1) and all of item 2 (1801, technical,
/// waiting for the audit sector, glosa 2), both due 30 days after the statement, issued 27 days ago.
@Suite struct GlosaPagesTests {
    static func cells(_ table: String, in html: String) -> [[String]] { InvoicePagesTests.cells(table, in: html) }

    static func version(_ html: String) throws -> String {
        try #require(HTMLScan.elements("input", in: html, matching: ["name": "version"]).first?["value"])
    }

    @Test func theWorklistShowsTheDemoGlosasAndASectorUserCannotSeeThem() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let rows = Self.cells("glosas", in: try await biller.get("/glosas").text)
            #expect(rows.count == 2)
            #expect(rows.map { $0[0] } == ["1", "2"] || rows.map { $0[0] } == ["2", "1"])
            let technical = try #require(rows.first { $0[0] == "2" })
            #expect(technical[4] == "P-ATD-1008 2 · 70001003")
            #expect(technical[5].hasPrefix("1801 · "))
            #expect(technical[6] == "Técnica")
            #expect(technical[9] == "A decidir Aguardando auditoria")
            // Filtered by kind: only the contractual one.
            #expect(Self.cells("glosas", in: try await biller.get("/glosas?tipo=contractual").text).map { $0[0] } == ["1"])
            // The home page counts the one still to decide that falls due within 5 days.
            let home = try await biller.get("/")
            #expect(HTMLScan.elements("a", in: home.text).contains { $0.text == "1 glosa vencendo em 5 dias" })

            let sector = try await Browser.login(client, "imagem")
            #expect(try await sector.get("/glosas").status == .forbidden)
            #expect(try await sector.get("/glosas/2").status == .forbidden)
            #expect(try await sector.get("/glosas/appeals/1").status == .forbidden)
        }
    }

    @Test func theAuditorJudgesATechnicalGlosaAndTheBillerAppealsSendsAndRecordsTheAnswer() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let waiting = try await biller.get("/glosas/2")
            #expect(HTMLScan.elements("p", in: waiting.text, matching: ["id": "aguardando-parecer"]).count == 1)
            #expect(HTMLScan.elements("form", in: waiting.text, matching: ["id": "form-recorrer"]).isEmpty)
            #expect(HTMLScan.elements("form", in: waiting.text, matching: ["id": "form-parecer"]).isEmpty)

            let auditor = try await Browser.login(client, "auditor")
            let page = try await auditor.get("/glosas/2")
            #expect(HTMLScan.elements("form", in: page.text, matching: ["id": "form-parecer"]).count == 1)
            let blank = try await auditor.post("/glosas/2/opinion", [("version", try Self.version(page.text)), ("opinion", "not_justified"), ("opinionText", " ")])
            #expect(blank.status == .unprocessableContent)
            let judged = try await auditor.post("/glosas/2/opinion", [("version", try Self.version(page.text)), ("opinion", "not_justified"),
                                                                      ("opinionText", "Exame indicado no pedido médico anexo.")])
            #expect(judged.status == .seeOther)
            #expect(try await auditor.post("/glosas/2/accept", [("version", "2"), ("note", "x")]).status == .forbidden)

            let decided = try await biller.get("/glosas/2")
            #expect(HTMLScan.elements("section", in: decided.text, matching: ["id": "parecer-dado"]).first?.text.contains("Exame indicado no pedido médico anexo.") == true)
            let empty = try await biller.post("/glosas/2/appeal", [("version", try Self.version(decided.text)), ("justification", "")])
            #expect(empty.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: empty.text).contains { $0.text == "Guia P-ATD-1008, item 2: escreva a justificativa." })
            let created = try await biller.post("/glosas/2/appeal", [("version", try Self.version(decided.text)),
                                                                     ("justification", "Pedido médico e laudo anexos."), ("documents", "Pedido médico\nLaudo")])
            #expect(created.status == .seeOther)
            let appealPath = try #require(created.location?.split(separator: "?").first.map(String.init))
            #expect(appealPath == "/glosas/appeals/2")
            let appeal = try await biller.get(appealPath)
            #expect(HTMLScan.elements("dd", in: appeal.text, matching: ["id": "situacao"]).first?.text == "Em preparação")
            #expect(Self.cells("itens", in: appeal.text).count == 1)
            #expect(HTMLScan.elements("li", in: try #require(HTMLScan.elements("ul", in: appeal.text, matching: ["id": "anexos"]).first).inner).map(\.text) == ["Pedido médico", "Laudo"])
            let xml = try await biller.get("\(appealPath)/xml")
            #expect(xml.status == .ok)
            #expect(xml.text.contains("<ans:tipoTransacao>RECURSO_GLOSA</ans:tipoTransacao>"))
            #expect(xml.text.contains("<ans:codGlosaItem>1801</ans:codGlosaItem>"))
            let letter = try await biller.get("\(appealPath)/print")
            #expect(HTMLScan.elements("section", in: letter.text, matching: ["id": "carta"]).count == 1)

            let sent = try await biller.post("\(appealPath)/send", [("version", try Self.version(appeal.text)), ("sentOn", BrazilianFormat.date(HospitalClock.system.today())),
                                                                     ("protocol", "REC-1")])
            #expect(sent.status == .seeOther)
            let answering = try await biller.get(appealPath)
            #expect(HTMLScan.elements("dd", in: answering.text, matching: ["id": "situacao"]).first?.text == "Enviado")
            let bad = try await biller.post("\(appealPath)/answer", [("version", try Self.version(answering.text)), ("answeredOn", BrazilianFormat.date(HospitalClock.system.today())),
                                                                      ("accepted.2", "abc")])
            #expect(bad.status == .unprocessableContent)
            let answered = try await biller.post("\(appealPath)/answer", [("version", try Self.version(answering.text)),
                                                                           ("answeredOn", BrazilianFormat.date(HospitalClock.system.today())), ("accepted.2", "1,00")])
            #expect(answered.status == .seeOther)
            let after = try await biller.get("/glosas/2")
            let parts = Dictionary(uniqueKeysWithValues: Self.cells("saldo", in: after.text).map { ($0[0], $0[1]) })
            #expect(parts["Recuperada"] == "R$ 1,00")
            #expect(parts["Em recurso"] == "R$ 0,00")
            #expect(HTMLScan.elements("dd", in: after.text, matching: ["id": "situacao"]).first?.text == "Recurso negado: decidir")
        }
    }

    @Test func theInvoiceReconcilesAndAHostileStatementIsRefusedUnread() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let invoice = try await biller.get("/invoices/1")
            let foot = try #require(HTMLScan.elements("table", in: invoice.text, matching: ["id": "conciliacao-guias"]).first)
            func money(_ id: String) throws -> Int64 {
                let text = try #require(HTMLScan.elements("td", in: foot.inner, matching: ["id": id]).first?.text)
                return try #require(BrazilianFormat.parseMoney(text.replacingOccurrences(of: "R$ ", with: ""))).cents
            }
            #expect(try money("apresentado") == (try money("liberado")) + (try money("glosado")) + (try money("pendente")))
            #expect(try money("pendente") == 0)
            // The demo's payment statement paid what was released; a credit typed from the bank statement (R$ 1.000,00
            // more) is recorded too and shows as received above the released; a bad amount names its field.
            let bad = try await biller.post("/invoices/1/payments", [("paidOn", BrazilianFormat.date(HospitalClock.system.today())), ("amount", "-5")])
            #expect(bad.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: bad.text).contains { $0.text == "O valor pago deve ser maior que zero e no máximo R$ 99.999.999,99." })
            let paid = try await biller.post("/invoices/1/payments", [("paidOn", BrazilianFormat.date(HospitalClock.system.today())), ("amount", "1.000,00"),
                                                                       ("reference", "Extrato 12/2026")])
            #expect(paid.status == .seeOther)
            let after = try await biller.get("/invoices/1")
            let released = try money("liberado")
            #expect(HTMLScan.elements("strong", in: after.text, matching: ["id": "pago"]).first?.text == BrazilianFormat.currency(Money(cents: released + 100_000)))
            #expect(HTMLScan.elements("strong", in: after.text, matching: ["id": "a-receber"]).first?.text == "-R$ 1.000,00")

            // A short statement typed on the invoice's page: R$ 10,00 more denied on its last item.
            let glosaInputs = HTMLScan.elements("input", in: after.text).compactMap { $0["name"] }.filter { $0.hasPrefix("glosa.") }
            let field = try #require(glosaInputs.last)
            let itemId = String(field.dropFirst("glosa.".count))
            let noCode = try await biller.post("/invoices/1/statement", [(field, "10,00"), ("number", "PAPEL-1")])
            #expect(noCode.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: noCode.text).contains { $0.text.hasSuffix("informe o código TUSS 38 da glosa (4 dígitos).") })
            let typed = try await biller.post("/invoices/1/statement", [(field, "10,00"), ("reason.\(itemId)", "1705"), ("number", "PAPEL-1")])
            #expect(typed.status == .seeOther)
            #expect(typed.location?.hasPrefix("/glosas/statements/") == true)
            #expect(Self.cells("glosas", in: try await biller.get("/glosas").text).count == 3)

            let hostile = """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ans:mensagemTISS>&e;</ans:mensagemTISS>
                """
            let refused = try await InvoicePagesTests.upload(client, biller, "/glosas/statements", hostile, fields: [("payerId", "1")])
            #expect(refused.status == .unprocessableContent)
            let summary = try #require(HTMLScan.elements("div", in: refused.text, matching: ["class": "error-summary"]).first)
            #expect(summary.text.contains("declara um DTD"))
            // The demo's and the typed one: the hostile file added none.
            #expect(Self.cells("demonstrativos", in: try await biller.get("/glosas").text).count == 2)
        }
    }

    /// The demo's payment statement (PAG-2026-0107: what the analysis released, 2% ISS withheld),
    /// another one sent through the API, and the payer's situation of the protocol uploaded on the page.
    @Test func thePaymentStatementPaysTheInvoiceAndTheProtocolSituationShowsOnItsBatch() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let invoice = try await biller.get("/invoices/1")
            let foot = try #require(HTMLScan.elements("table", in: invoice.text, matching: ["id": "conciliacao-guias"]).first)
            let releasedText = try #require(HTMLScan.elements("td", in: foot.inner, matching: ["id": "liberado"]).first?.text)
            let released = try #require(BrazilianFormat.parseMoney(releasedText.replacingOccurrences(of: "R$ ", with: "")))
            #expect(HTMLScan.elements("strong", in: invoice.text, matching: ["id": "pago"]).first?.text == releasedText)

            let list = Self.cells("demonstrativos-pagamento", in: try await biller.get("/glosas").text)
            #expect(list.map { $0[0] } == ["PAG-2026-0107"] && list.first?[3] == releasedText && list.first?[5] == "Confere")
            let page = try await biller.get("/glosas/payments/1")
            #expect(page.status == .ok)
            func fact(_ id: String) -> String? { HTMLScan.elements("dd", in: page.text, matching: ["id": id]).first?.text }
            let iss = Money(cents: (released.cents * 2 + 50) / 100)
            #expect(fact("bruto") == releasedText && fact("debitos") == BrazilianFormat.currency(iss) && fact("liquido") == BrazilianFormat.currency(released - iss))
            #expect(HTMLScan.elements("section", in: page.text, matching: ["id": "totais-nao-conferem"]).isEmpty)
            let protocols = Self.cells("protocolos-pagos", in: page.text)
            #expect(protocols.map { $0[0] } == ["2026000481"] && protocols.first?[6] == releasedText)
            #expect(HTMLScan.elements("a", in: page.text).contains { $0["href"] == "/invoices/1" })
            #expect(Self.cells("debitos-creditos", in: page.text).map { [$0[2], $0[4]] } == [["ISS", "-" + BrazilianFormat.currency(iss)]])

            // Through the API: a protocol no invoice has is listed, nothing paid; another operator's file is refused on payerId.
            let api = try await APIClient.make(client, "faturista")
            let today = HospitalClock.system.today().iso
            let stranger = PayerMessageXML.payment(number: "DP-API-1", paidOn: today, ans: "123455", protocols: [.init(protocolNumber: "555")])
            let imported = try await client.execute(uri: "/api/v1/payment-statements?payerId=1&fileName=dp.xml", method: .post,
                                                    headers: [.authorization: "Bearer \(api.token)", .contentType: "application/xml"], body: ByteBuffer(bytes: stranger))
            #expect(imported.status == .ok)
            let json = try imported.json()
            #expect(json["paid"] as? Int == 0 && json["unmatched"] as? Int == 1 && json["alreadyImported"] as? Bool == false)
            let other = try await client.execute(uri: "/api/v1/payment-statements?payerId=1", method: .post,
                                                 headers: [.authorization: "Bearer \(api.token)", .contentType: "application/xml"],
                                                 body: ByteBuffer(bytes: PayerMessageXML.payment(number: "DP-API-2", paidOn: today)))
            #expect(other.status == .unprocessableContent)
            #expect(Self.cells("demonstrativos-pagamento", in: try await biller.get("/glosas").text).count == 2)

            // The payer's situation of the protocol, uploaded where statements are: shown on the batch.
            let situation = String(decoding: PayerMessageXML.situation(protocol: "2026000481", status: "5", date: today, ans: "123455"), as: UTF8.self)
            let uploaded = try await InvoicePagesTests.upload(client, biller, "/glosas/statements", situation, fields: [("payerId", "1")])
            #expect(uploaded.status == .seeOther && uploaded.location?.hasPrefix("/invoices/1?") == true)
            let batches = Self.cells("lotes", in: try await biller.get("/invoices/1").text)
            #expect(batches.first?[6] == "Analisado e aguardando liberação (\(BrazilianFormat.date(HospitalClock.system.today())))")
        }
    }
}
