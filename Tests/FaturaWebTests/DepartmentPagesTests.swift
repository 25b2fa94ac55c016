import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The department's pages with the demo data: Vida Plena's notice of a new materials table sent to
/// six sectors (Atendimento concluded, Informática read), record-copy requests, the protocol book.
@Suite struct DepartmentPagesTests {
    static func cells(_ table: String, _ html: String) -> [[String]] { InvoicePagesTests.cells(table, in: html) }

    @Test func aSectorSeesOnlyItsNoticesReadsThemAndSaysWhatItDid() async throws {
        try await withApp { client in
            let imaging = try await Browser.login(client, "imagem")
            let list = try await imaging.get("/notices")
            // Subject, received, payer, kind, due, own status: only the notice sent to Imagem.
            let rows = Self.cells("comunicados", list.text)
            #expect(rows.count == 1 && rows.first?[0] == "Nova tabela de materiais a partir de janeiro" && rows.first?[5] == "Não lido")
            // The deadline notice went to the four default sectors, not to Imagem.
            #expect(try await imaging.get("/notices/2").status == .forbidden)
            let page = try await imaging.get("/notices/1")
            let sector = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "sectorId"]).first?["value"])
            // A sector user reads the notice, not the contract or the protocol book it points to.
            #expect(HTMLScan.elements("dd", in: page.text, matching: ["id": "contrato-ligado"]).first.map { HTMLScan.elements("a", in: $0.inner).isEmpty } == true)
            let empty = try await imaging.post("/notices/1/done", [("sectorId", sector), ("note", "  ")])
            #expect(empty.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: empty.text).contains { $0.text == "Escreva o que o setor fez (a providência tomada)." })
            #expect(try await imaging.post("/notices/1/read", [("sectorId", sector)]).status == .seeOther)
            #expect(try await imaging.post("/notices/1/done", [("sectorId", sector), ("note", "Tabela conferida nos laudos.")]).status == .seeOther)
            // Answering for another sector is refused.
            let other = try #require(Self.cells("setores-comunicado", page.text).isEmpty ? nil : HTMLScan.elements("tr", in: page.text, matching: ["data-setor": nil])
                .compactMap { $0["data-setor"] }.first { $0 != sector })
            #expect(try await imaging.post("/notices/1/read", [("sectorId", other)]).status == .forbidden)

            let supervisor = try await Browser.login(client, "supervisor")
            let detail = try await supervisor.get("/notices/1")
            let imagingRow = try #require(Self.cells("setores-comunicado", detail.text).first { $0.first == "Imagem" })
            #expect(imagingRow[2] == "Concluído" && imagingRow[5] == "Tabela conferida nos laudos.")
            #expect(HTMLScan.elements("p", in: detail.text, matching: ["id": "sem-ciencia"]).first?.text
                == "Ainda não concluíram: Arquivo (SAME), Controladoria, Faturamento, Informática.")
            // Billing answers only for its own sector, from its own form.
            #expect(HTMLScan.elements("section", in: detail.text, matching: ["id": "ciencia"]).first.map { HTMLScan.elements("h2", in: $0.inner).first?.text }
                == "Ciência de Faturamento: Não lido")
        }
    }

    @Test func billingRegistersANoticeThatEntersTheProtocolBook() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let form = try await biller.get("/notices")
            let payer = try #require(HTMLScan.options(ofSelect: "payerId", in: form.text).first { $0.text.hasPrefix("Unimed") }?.value)
            let checked = HTMLScan.elements("input", in: form.text, matching: ["name": "sectorIds"]).filter { $0["checked"] != nil }
            #expect(checked.count == 4)
            let sectors = checked.compactMap { $0["value"] }.map { ("sectorIds", $0) }
            let today = BrazilianFormat.date(HospitalClock.system.today())
            let missing = try await biller.post("/notices", [("payerId", payer), ("receivedOn", today), ("subject", ""), ("kind", "authorization"), ("text", "Guias de OPME com senha.")] + sectors)
            #expect(missing.status == .unprocessableContent)
            #expect(HTMLScan.elements("p", in: missing.text, matching: ["id": "f-subject-error"]).first?.text == "Informe o assunto do comunicado.")
            #expect(HTMLScan.elements("textarea", in: missing.text, matching: ["name": "text"]).first?.text == "Guias de OPME com senha.")
            let created = try await biller.post("/notices", [("payerId", payer), ("receivedOn", today), ("subject", "OPME só com senha prévia"),
                                                              ("kind", "authorization"), ("text", "Guias de OPME com senha.")] + sectors)
            #expect(created.status == .seeOther)
            let book = try await biller.get("/protocol")
            let first = try #require(Self.cells("protocolos", book.text).first)
            #expect(first[2] == "Recebido" && first[3] == "Unimed Vale do Sol" && first[4] == "Comunicado: OPME só com senha prévia" && first[5] == "Comunicado")
            // The auditor reads the book, cannot write in it.
            let auditor = try await Browser.login(client, "auditor")
            #expect(try await auditor.get("/protocol").status == .ok)
            #expect(try await auditor.post("/protocol", [("day", today), ("direction", "outgoing"), ("counterpart", "X"), ("subject", "Y")]).status == .forbidden)
        }
    }

    @Test func sameAndTheSupervisorTakeARecordCopyToItsReceipt() async throws {
        try await withApp { client in
            let archive = try await Browser.login(client, "arquivo")
            let list = try await archive.get("/record-copies")
            #expect(Self.cells("pedidos", list.text).map { $0.last } == ["Solicitado", "Entregue"])
            var page = try await archive.get("/record-copies/1")
            var version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            #expect(HTMLScan.elements("form", in: page.text, matching: ["action": "/record-copies/1/approve"]).isEmpty)
            #expect(try await archive.post("/record-copies/1/approve", [("version", version)]).status == .forbidden)
            let noPages = try await archive.post("/record-copies/1/prepare", [("version", version), ("pages", "0")])
            #expect(noPages.status == .unprocessableContent)
            #expect(try await archive.post("/record-copies/1/prepare", [("version", version), ("pages", "5")]).status == .seeOther)

            let supervisor = try await Browser.login(client, "supervisor")
            page = try await supervisor.get("/record-copies/1")
            version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            #expect(try await supervisor.post("/record-copies/1/approve", [("version", version)]).status == .seeOther)
            page = try await archive.get("/record-copies/1")
            version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            #expect(try await archive.post("/record-copies/1/deliver", [("version", version), ("receivedBy", "Joana Pereira Lima"), ("receivedDocument", "RG 23.456.789-0")]).status == .seeOther)
            let receipt = try await archive.get("/record-copies/1/receipt")
            #expect(HTMLScan.elements("strong", in: receipt.text, matching: ["id": "paginas"]).first?.text == "5")
            #expect(HTMLScan.elements("dd", in: receipt.text, matching: ["id": "recebido-por"]).first?.text == "Joana Pereira Lima (RG 23.456.789-0)")
            // Every page opened is in the log, newest first: the receipt just printed on top.
            page = try await supervisor.get("/record-copies/1")
            let log = Self.cells("tabela-acessos", page.text).map { "\($0[1]): \($0[2])" }
            #expect(Array(log.prefix(3)) == ["supervisor: consultou o pedido", "arquivo: imprimiu o recibo de entrega", "arquivo: entregou a cópia"])
            #expect(log.last == "arquivo: registrou o pedido")
            // A biller does not see patients' record requests.
            #expect(try await Browser.login(client, "faturista").get("/record-copies/1").status == .forbidden)
        }
    }

    @Test func evaluationsAreTheSupervisorsAndTheTeamAcknowledgesGuidelines() async throws {
        try await withApp { client in
            for user in ["faturista", "diretoria", "auditor", "imagem", "arquivo"] {
                let browser = try await Browser.login(client, user)
                #expect(try await browser.get("/team/evaluations").status == .forbidden, "\(user)")
                #expect(try await browser.get("/team/evaluations/1").status == .forbidden, "\(user)")
                #expect(try await browser.post("/team/evaluations", [("username", "faturista")]).status == .forbidden, "\(user)")
            }
            let supervisor = try await Browser.login(client, "supervisor")
            let list = try await supervisor.get("/team/evaluations")
            // Ana: 4, 5, 4, 3, 4 → 20 ÷ 5 = 4,00.
            #expect(Self.cells("avaliacoes", list.text).first.map { [$0[0], $0[2]] } == ["Ana Paula Ribeiro", "4,00"])
            // Carlos missed the exam rule's second class: his recycling (from 400 days ago, every 12 months) is past.
            let trainings = try await supervisor.get("/team/trainings")
            let carlos = try #require(Self.cells("reciclagem", trainings.text).first { $0[0] == "Carlos Eduardo Nunes" && $0[1].hasPrefix("Regra") })
            #expect(carlos[3].hasSuffix("· vencida"))
            // The board's guideline: Ana has not acknowledged it; she does, and no one is left.
            var guideline = try await supervisor.get("/team/guidelines/1")
            #expect(HTMLScan.elements("p", in: guideline.text, matching: ["id": "pendentes"]).first?.text == "Ainda não deram ciência: Ana Paula Ribeiro.")
            let ana = try await Browser.login(client, "faturista")
            #expect(HTMLScan.elements("form", in: try await ana.get("/team/guidelines/1").text, matching: ["id": "dar-ciencia"]).count == 1)
            #expect(try await ana.post("/team/guidelines/1/acknowledge").status == .seeOther)
            guideline = try await supervisor.get("/team/guidelines/1")
            #expect(HTMLScan.elements("p", in: guideline.text, matching: ["id": "pendentes"]).isEmpty)
            #expect(Self.cells("ciencias", guideline.text).count == 3)
        }
    }
}
