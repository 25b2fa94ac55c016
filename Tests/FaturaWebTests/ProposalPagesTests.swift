import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The demo's proposal (Vida Plena: porte −20% → −15%, materials +15% → +12%), simulated on the
/// demo's production and waiting for the board; a new proposal registered and simulated from the pages.
@Suite struct ProposalPagesTests {
    static func cells(_ table: String, _ html: String) -> [[String]] { InvoicePagesTests.cells(table, in: html) }

    @Test func theBoardSeesTheSimulationAndApprovesCreatingTheContractsNextVersion() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            let list = try await supervisor.get("/contracts/proposals")
            #expect(Self.cells("propostas", list.text).first.map { Array($0.prefix(2)) + [$0[4]] } == ["Reajuste: porte −15% e materiais +12%", "Vida Plena Saúde", "Na diretoria"])
            let page = try await supervisor.get("/contracts/proposals/1")
            // Materials: two contrasts at 189,00 + 15% = 217,35 each and a catheter at 4,75 + 15% = 5,46 now;
            // at +12%: 211,68 × 2 + 5,32 = 428,68 — 11,48 less (−2,61%).
            let materials = try #require(Self.cells("impacto-tipo", page.text).first { $0.first == "Materiais" })
            #expect(materials == ["Materiais", "3", "R$ 440,16", "R$ 428,68", "−R$ 11,48", "−2,61%"])
            // The code no table has is listed under both, outside the comparison.
            #expect(Self.cells("impacto-sem-preco", page.text).map { [$0[0], $0[2]] } == [["99999999", "contrato atual"], ["99999999", "proposta"]])
            #expect(Self.cells("tabela-termos", page.text).first { $0.first == "Ajuste do porte" } == ["Ajuste do porte", "−20,00%", "−15,00% alterado"])
            // With the board: billing reads, cannot edit or decide.
            #expect(HTMLScan.elements("form", in: page.text, matching: ["action": "/contracts/proposals/1/decide"]).isEmpty)
            #expect(HTMLScan.elements("form", in: page.text, matching: ["action": "/contracts/proposals/1"]).isEmpty)
            let version = try #require(HTMLScan.elements("input", in: try await Browser.login(client, "diretoria").get("/contracts/proposals/1").text,
                                                         matching: ["name": "version"]).first?["value"])
            #expect(try await supervisor.post("/contracts/proposals/1/decide", [("version", version), ("decision", "approve")]).status == .forbidden)

            let board = try await Browser.login(client, "diretoria")
            // The board's home names the proposal waiting for it.
            let home = try await board.get("/")
            #expect(HTMLScan.elements("a", in: home.text, matching: ["href": "/contracts/proposals"]).contains {
                $0.text == "1 proposta de contrato aguardando a decisão da diretoria"
            })
            let boardPage = try await board.get("/contracts/proposals/1")
            #expect(HTMLScan.elements("form", in: boardPage.text, matching: ["action": "/contracts/proposals/1/decide"]).count == 1)
            let noCounter = try await board.post("/contracts/proposals/1/decide", [("version", version), ("decision", "counter"), ("boardComment", "")])
            #expect(noCounter.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: noCounter.text).contains { $0.text == "Descreva a contraproposta para o faturamento negociar." })
            #expect(try await board.post("/contracts/proposals/1", [("version", version), ("subject", "x")]).status == .forbidden)
            let approved = try await board.post("/contracts/proposals/1/decide", [("version", version), ("decision", "approve"), ("boardComment", "Aprovado.")])
            #expect(approved.status == .seeOther)
            let after = try await board.get("/contracts/proposals/1")
            #expect(HTMLScan.elements("dd", in: after.text, matching: ["id": "situacao"]).first?.text == "Aprovada")
            let created = try #require(HTMLScan.elements("div", in: after.text, matching: ["id": "decisao"]).first)
            let link = try #require(HTMLScan.elements("a", in: created.inner).first)
            #expect(link.text.hasPrefix("Vida Plena — CBHPM 2022 −15% (proposta) — versão 2, a partir de 01/"))
            let contract = try await supervisor.get(try #require(link["href"]))
            #expect(contract.status == .ok)
            #expect(HTMLScan.elements("input", in: contract.text, matching: ["name": "porteAdjustment"]).first?["value"] == "−15,00")
            // The report for the board's meeting: the same terms and the decision.
            let printed = try await board.get("/contracts/proposals/1/print")
            #expect(HTMLScan.elements("body", in: printed.text, matching: ["class": "printable"]).count == 1)
            #expect(Self.cells("impacto-tipo", printed.text).contains { $0.first == "Materiais" })
        }
    }

    @Test func aNewProposalIsRegisteredSimulatedAsAJobAndSentOnlyAnalysed() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            let list = try await supervisor.get("/contracts/proposals")
            let select = try #require(HTMLScan.elements("select", in: list.text, matching: ["name": "baseContractId"]).first)
            let unimed = try #require(HTMLScan.elements("option", in: select.inner).first { $0.text.hasPrefix("Unimed") }?["value"])
            let bad = try await supervisor.post("/contracts/proposals", [("subject", "Unimed 2027"), ("receivedOn", "31/02/2026"), ("baseContractId", unimed), ("validFrom", "")])
            #expect(bad.status == .unprocessableContent)
            #expect(HTMLScan.elements("p", in: bad.text, matching: ["id": "f-receivedOn-error"]).first?.text == "Data de recebimento inválida: use dd/mm/aaaa.")
            #expect(HTMLScan.elements("input", in: bad.text, matching: ["name": "subject"]).first?["value"] == "Unimed 2027")
            let start = BrazilianFormat.date(Competence.of(HospitalClock.system.today())!.next.firstDay)
            let created = try await supervisor.post("/contracts/proposals", [("subject", "Unimed 2027"), ("receivedOn", BrazilianFormat.date(HospitalClock.system.today())),
                                                                              ("baseContractId", unimed), ("validFrom", start)])
            #expect(created.status == .seeOther)
            let path = try #require(created.location?.split(separator: "?").first.map(String.init))
            var page = try await supervisor.get(path)
            #expect(HTMLScan.elements("p", in: page.text, matching: ["id": "sem-simulacao"]).count == 1)
            // Sent before any analysis: refused, naming what is missing.
            let version = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            let early = try await supervisor.post("\(path)/send", [("version", version)])
            #expect(early.status == .conflict)
            #expect(early.text.contains("Para enviar à diretoria, escreva a análise do faturamento e escolha a recomendação."))
            #expect(try await supervisor.post("\(path)/simulate", [("months", "99")]).status == .unprocessableContent)
            let started = try await supervisor.post("\(path)/simulate", [("months", "12")])
            #expect(started.status == .seeOther)
            page = try await supervisor.get(try #require(started.location))
            for _ in 0..<50 where !HTMLScan.elements("p", in: page.text, matching: ["id": "simulacao-andamento"]).isEmpty {
                #expect(HTMLScan.elements("meta", in: page.text, matching: ["http-equiv": "refresh"]).count == 1)
                try await Task.sleep(for: .milliseconds(100))
                page = try await supervisor.get(path)
            }
            // Unimed's production in the demo is P-ATD-1002 (R$ 2.895,48); terms not edited yet, so the
            // proposal prices it exactly as the contract does.
            #expect(HTMLScan.elements("dd", in: page.text, matching: ["id": "total-atual"]).first?.text == "R$ 2.895,48")
            #expect(HTMLScan.elements("dd", in: page.text, matching: ["id": "total-diferenca"]).first?.text == "R$ 0,00 (0,00%)")
            // The analysis saved with a recommendation, then sent.
            let current = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            var fields: [(String, String)] = [("version", current), ("analysis", "Sem alteração de valores: aceitar."), ("recommendation", "accept")]
            for input in HTMLScan.elements("input", in: page.text) where input["name"] != nil && !["_csrf", "version", "months"].contains(input["name"]!) {
                if input["type"] == "checkbox" { if input["checked"] != nil { fields.append((input["name"]!, input["value"] ?? "true")) } }
                else { fields.append((input["name"]!, input["value"] ?? "")) }
            }
            for select in HTMLScan.elements("select", in: page.text) where select["name"] != nil && select["name"] != "recommendation" {
                fields.append((select["name"]!, HTMLScan.elements("option", in: select.inner).first { $0["selected"] != nil }?["value"] ?? ""))
            }
            let saved = try await supervisor.post(path, fields)
            #expect(saved.status == .seeOther, "\(HTMLScan.elements("div", in: saved.text, matching: ["role": "alert"]).map(\.text))")
            page = try await supervisor.get(path)
            let analysed = try #require(HTMLScan.elements("input", in: page.text, matching: ["name": "version"]).first?["value"])
            #expect(try await supervisor.post("\(path)/send", [("version", analysed)]).status == .seeOther)
            #expect(HTMLScan.elements("dd", in: try await supervisor.get(path).text, matching: ["id": "situacao"]).first?.text == "Na diretoria")
        }
    }

    /// The board's tools read the proposal with its simulation and counter-propose through the API.
    @Test func theAPIGivesTheSimulationInCentavosAndTakesTheBoardsDecision() async throws {
        try await withApp { client in
            let board = try await APIClient.make(client, "diretoria")
            let read = try await board.call(.get, "/api/v1/proposals/1")
            #expect(read.status == .ok)
            let proposal = try read.json()
            let simulation = try #require(proposal["simulation"] as? [String: Any])
            let total = try #require(simulation["total"] as? [String: Any])
            // As on the page: 5.440,40 now, 5.592,15 proposed, +151,75 (+2,79%).
            #expect(total["currentCents"] as? Int == 544_040 && total["proposedCents"] as? Int == 559_215)
            #expect(total["differenceCents"] as? Int == 15_175 && total["percentBasisPoints"] as? Int == 279)
            #expect(proposal["status"] as? String == "at_board" && proposal["porteAdjustmentBasisPoints"] as? Int == -1_500)
            let version = try #require(proposal["version"] as? Int)
            let missing = try await board.call(.post, "/api/v1/proposals/1/decision", json: #"{"decision":"counter","expectedVersion":\#(version)}"#)
            #expect(missing.status == .unprocessableContent)
            let countered = try await board.call(.post, "/api/v1/proposals/1/decision",
                                                 json: #"{"decision":"counter","comment":"Materiais a +14%.","expectedVersion":\#(version)}"#)
            #expect(countered.status == .ok)
            #expect(try countered.json()["status"] as? String == "returned")
            // A biller reads proposals but does not decide them.
            let biller = try await APIClient.make(client, "faturista")
            #expect(try await biller.call(.get, "/api/v1/proposals?companyId=1").status == .ok)
            #expect(try await biller.call(.post, "/api/v1/proposals/1/decision", json: #"{"decision":"approve","expectedVersion":1}"#).status == .forbidden)
        }
    }
}
