import FaturaDomain
import FaturaStore
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The invoice pages with the demo data: invoice 1 (Vida Plena, closed into one SP/SADT batch and
/// sent), invoice 2 (open, its partial's patient has no card number).
@Suite struct InvoicePagesTests {
    static func cells(_ table: String, in html: String) -> [[String]] {
        guard let body = HTMLScan.elements("table", in: html, matching: ["id": table]).first.flatMap({ HTMLScan.elements("tbody", in: $0.inner).first }) else { return [] }
        return HTMLScan.elements("tr", in: body.inner).map { row in
            (HTMLScan.elements("th", in: row.inner) + HTMLScan.elements("td", in: row.inner)).map(\.text)
        }
    }

    @Test func anOpenInvoiceNamesWhatBlocksItAndRefusesToCloseKeepingEverything() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let list = try await biller.get("/invoices")
            let rows = Self.cells("faturas", in: list.text)
            #expect(rows.map { $0.first } == ["2", "1"])
            #expect(rows.first?[3] == "Aberta" && rows.last?[3] == "Recebida parcialmente")

            let page = try await biller.get("/invoices/2")
            #expect(Self.cells("problemas-guias", in: page.text) == [["P-ATD-1004", "numeroCarteira", "Falta o número da carteira do paciente."]])
            let version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            let refused = try await biller.post("/invoices/2/close", [("version", version)])
            #expect(refused.status == .conflict)
            let summary = try #require(HTMLScan.elements("div", in: refused.text, matching: ["class": "error-summary"]).first)
            #expect(summary.text == "Não foi possível concluir: A fatura não pode ser fechada: 1 guia tem problema.")
            #expect(Self.cells("problemas-guias", in: refused.text).count == 1)
            #expect(HTMLScan.elements("dd", in: refused.text, matching: ["id": "situacao"]).first?.text == "Aberta")
            #expect(Self.cells("lotes", in: refused.text).isEmpty)
        }
    }

    @Test func aNewInvoiceRefusesABadCompetenceAndSUSWithTheFieldNamed() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let bad = try await biller.post("/invoices", [("payerId", "1"), ("competence", "2026-13")])
            #expect(bad.status == .unprocessableContent)
            #expect(HTMLScan.elements("div", in: bad.text, matching: ["class": "error-summary"]).first?.text.hasPrefix("Não foi salvo: 1 campo com erro.") == true)
            #expect(HTMLScan.elements("input", in: bad.text, matching: ["name": "competence"]).first?["value"] == "2026-13")
            // SUS (payer 7) is not offered and, posted anyway, refused.
            let form = try await biller.get("/invoices")
            let offered = HTMLScan.elements("select", in: form.text, matching: ["name": "payerId"]).first.map { HTMLScan.elements("option", in: $0.inner).map(\.text) } ?? []
            #expect(!offered.contains("SUS") && offered.contains("Particular"))
            let sus = try await biller.post("/invoices", [("payerId", "7"), ("competence", "2026-11")])
            #expect(sus.status == .unprocessableContent)
            // Nothing was created.
            #expect(Self.cells("faturas", in: try await biller.get("/invoices").text).count == 2)
        }
    }

    @Test func theSentInvoiceOffersItsBatchAndImportsThePayersReceiptRefusingHostileXML() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let xml = try await biller.get("/invoices/1/batches/1")
            #expect(xml.status == .ok)
            #expect(xml.headers[.contentType] == "application/xml")
            #expect(xml.text.contains("<ans:numeroGuiaPrestador>P-ATD-1008</ans:numeroGuiaPrestador>"))
            #expect(xml.text.contains("<ans:registroANS>123455</ans:registroANS>"))
            let zip = try await biller.get("/invoices/1/zip")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            #expect(Array(zip.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])

            // A DTD with an external entity: refused unread, nothing changes.
            let hostile = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">&e;</ans:mensagemTISS>"#
            let refused = try await Self.upload(client, biller, "/invoices/1/receipt", hostile)
            #expect(refused.status == .conflict)
            #expect(HTMLScan.elements("div", in: refused.text, matching: ["class": "error-summary"]).first?.text.contains("DTD") == true)
            #expect(!refused.text.contains("root:"))
            let truncated = try await Self.upload(client, biller, "/invoices/1/receipt", String(Self.receipt().prefix(900)))
            #expect(truncated.status == .conflict)
            #expect(HTMLScan.elements("div", in: truncated.text, matching: ["class": "error-summary"]).first?.text.contains("linha") == true)
            let otherPayer = try await Self.upload(client, biller, "/invoices/1/receipt", Self.receipt(ans: "334567"))
            #expect(otherPayer.status == .conflict)

            let done = try await Self.upload(client, biller, "/invoices/1/receipt", Self.receipt())
            #expect(done.status == .seeOther)
            let page = try await biller.get("/invoices/1")
            #expect(Self.cells("lotes", in: page.text).first?[5] == "PRT-XYZ")
            #expect(Self.cells("guias", in: page.text) == [["P-ATD-1008", "SP/SADT", "1", "R$ 1.754,78", "1001 – NUMERO DA CARTEIRA INVALIDO"]])
        }
    }

    /// "Fechar" queues the close; the page shows its progress (refreshing itself) until the job
    /// runner has finished, then the closed invoice with its outcome. Demo partial 7 (Particular,
    /// ATD-1007) is closed first, then invoiced in a new Particular invoice of its competence.
    @Test func closingRunsInTheBackgroundWhileThePageShowsItsProgress() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let partial = try await biller.get("/accounts/partials/7")
            let partialVersion = try #require(NonConformityPagesTests.version(in: partial.text, form: "/accounts/partials/7/close"))
            #expect(try await biller.post("/accounts/partials/7/close", [("version", partialVersion)]).status == .seeOther)

            let list = try await biller.get("/invoices")
            let select = try #require(HTMLScan.elements("select", in: list.text, matching: ["name": "payerId"]).first)
            let particular = try #require(HTMLScan.elements("option", in: select.inner).first { $0.text == "Particular" }?["value"])
            // ATD-1007 is of yesterday: its period ends today, in this month's competence.
            let competence = try #require(Competence.of(HospitalClock.system.today())).description
            let created = try await biller.post("/invoices", [("payerId", particular), ("competence", competence)])
            let invoicePath = try #require(created.location?.split(separator: "?").first.map(String.init))
            var page = try await biller.get(invoicePath)
            #expect(Self.cells("parciais", in: page.text).map { $0.first } == ["P-ATD-1007"])
            let version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])

            let started = try await biller.post("\(invoicePath)/close", [("version", version)])
            #expect(started.status == .seeOther, "\(HTMLScan.elements("div", in: started.text, matching: ["class": "error-summary"]).first?.text ?? "")")
            let progressPath = try #require(started.location)
            #expect(progressPath.hasPrefix("\(invoicePath)?fechamento="))
            page = try await biller.get(progressPath)
            for _ in 0..<50 where !HTMLScan.elements("section", in: page.text, matching: ["id": "fechamento-andamento"]).isEmpty {
                // While it runs: no close, add or remove, and the page refreshes itself.
                #expect(HTMLScan.elements("meta", in: page.text, matching: ["http-equiv": "refresh"]).count == 1)
                #expect(HTMLScan.elements("form", in: page.text, matching: ["action": "\(invoicePath)/close"]).isEmpty)
                try await Task.sleep(for: .milliseconds(100))
                page = try await biller.get(progressPath)
            }
            #expect(HTMLScan.elements("div", in: page.text, matching: ["id": "fechamento-concluido"]).first?.text
                    == "Fatura fechada: a conta detalhada de cada paciente está pronta para imprimir.")
            #expect(HTMLScan.elements("dd", in: page.text, matching: ["id": "situacao"]).first?.text == "Fechada")
            #expect(HTMLScan.elements("meta", in: page.text, matching: ["http-equiv": "refresh"]).isEmpty)
            // Its print is the patient's itemised bill with a cover listing the bills: no batches, no delivery protocol.
            let print = try await biller.get("\(invoicePath)/print")
            let bills = try #require(HTMLScan.elements("table", in: print.text, matching: ["id": "contas"]).first)
            #expect(HTMLScan.elements("tr", in: try #require(HTMLScan.elements("tbody", in: bills.inner).first).inner).count == 1)
            #expect(HTMLScan.elements("section", in: print.text, matching: ["id": "protocolo"]).isEmpty)
            #expect(HTMLScan.elements("section", in: print.text, matching: ["class": "page conta-particular"]).count == 1)
            // Closed: a second close is refused by the invoice's state.
            #expect(try await biller.post("\(invoicePath)/close", [("version", version)]).status == .conflict)
        }
    }

    static func upload(_ client: any TestClientProtocol, _ browser: Browser, _ path: String, _ content: String,
                       fields: [(String, String)]? = nil) async throws -> TestResponse {
        var pairs = fields ?? []
        if fields == nil {
            let page = try await browser.get(path.replacingOccurrences(of: "/receipt", with: ""))
            pairs = [("version", HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"] ?? "")]
        }
        let boundary = "----fatura-receipt"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n"
            + pairs.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"protocolo.xml\"\r\nContent-Type: application/xml\r\n\r\n\(content)\r\n"
            + "--\(boundary)--\r\n"
        return try await client.execute(uri: path, method: .post,
                                        headers: [.cookie: "fatura_session=\(browser.cookie)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                                        body: ByteBuffer(string: body))
    }

    /// The payer's receipt of batch 1, protocol PRT-XYZ, refusing the claim P-ATD-1008 (valid against 4.03.00).
    static func receipt(ans: String = "123455") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
          <ans:cabecalho>
            <ans:identificacaoTransacao><ans:tipoTransacao>PROTOCOLO_RECEBIMENTO</ans:tipoTransacao><ans:sequencialTransacao>77</ans:sequencialTransacao>
              <ans:dataRegistroTransacao>2026-12-02</ans:dataRegistroTransacao><ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao></ans:identificacaoTransacao>
            <ans:origem><ans:registroANS>\(ans)</ans:registroANS></ans:origem>
            <ans:destino><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>SL-1000</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:destino>
            <ans:Padrao>4.03.00</ans:Padrao>
          </ans:cabecalho>
          <ans:operadoraParaPrestador>
            <ans:recebimentoLote>
              <ans:protocoloRecebimento>
                <ans:registroANS>\(ans)</ans:registroANS>
                <ans:dadosPrestador><ans:codigoPrestadorNaOperadora>SL-1000</ans:codigoPrestadorNaOperadora></ans:dadosPrestador>
                <ans:numeroLote>1</ans:numeroLote>
                <ans:dataEnvioLote>2026-12-01</ans:dataEnvioLote>
                <ans:detalheProtocolo>
                  <ans:numeroProtocolo>PRT-XYZ</ans:numeroProtocolo>
                  <ans:valorTotalProtocolo>1754.78</ans:valorTotalProtocolo>
                  <ans:dadosGuiasProtocolo>
                    <ans:dadosGuias>
                      <ans:numeroGuiaPrestador>P-ATD-1008</ans:numeroGuiaPrestador>
                      <ans:dadosBeneficiario><ans:numeroCarteira>0012345678900088</ans:numeroCarteira><ans:atendimentoRN>N</ans:atendimentoRN></ans:dadosBeneficiario>
                      <ans:glosaGuia><ans:motivoGlosa><ans:codigoGlosa>1001</ans:codigoGlosa><ans:descricaoGlosa>NUMERO DA CARTEIRA INVALIDO</ans:descricaoGlosa></ans:motivoGlosa></ans:glosaGuia>
                    </ans:dadosGuias>
                  </ans:dadosGuiasProtocolo>
                </ans:detalheProtocolo>
              </ans:protocoloRecebimento>
            </ans:recebimentoLote>
          </ans:operadoraParaPrestador>
          <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo>
        </ans:mensagemTISS>
        """
    }
}
