import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The demo has: partial 1 with an open non-conformity of Imagem (in a document already sent),
/// partial 2 with one Imagem corrected (waiting for billing), partial 3 with one of Atendimento.
@Suite struct NonConformityPagesTests {
    static func first(_ pattern: String, in text: String) -> String? {
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    static func version(in text: String, form action: String) -> String? {
        guard let start = text.range(of: "action=\"\(action)\"") else { return nil }
        return first(#"name="version" value="\d+""#, in: String(text[start.upperBound...]))?.filter(\.isNumber)
    }

    /// Register → return document → the sector corrects → billing accepts → close → reopen by a supervisor.
    @Test(arguments: TestDatabase.kinds)
    func fullPathThroughThePages(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { client in
            let biller = try await Browser.login(client, "faturista")
            let imagem = try await Browser.login(client, "imagem")
            let supervisor = try await Browser.login(client, "supervisor")
            let queue = try #require(try await imagem.get("/queue").location) // the sector user's own queue
            let sectorId = try #require(queue.split(separator: "/").last.map(String.init))

            // Billing accepts the correction Imagem made on partial 2.
            var page = try await biller.get("/accounts/partials/2")
            #expect(page.text.contains("Corrigida — aguardando conferência"))
            let accepted = try await biller.post("/nonconformities/2/accept", [("version", try #require(Self.version(in: page.text, form: "/nonconformities/2/accept"))),
                                                                                ("back", "/accounts/partials/2")])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/accounts/partials/2?aviso=nc-aceita")

            // A new one: missing report on the MRI line, returned to Imagem (the record's origin).
            page = try await biller.get("/accounts/partials/2")
            let laudo = try #require(Self.first(#"<option value="\d+"[^>]*>Falta de laudo médico"#, in: page.text)?.split(separator: "\"")[1])
            let registered = try await biller.post("/accounts/partials/2/nonconformities", [
                ("version", try #require(Self.version(in: page.text, form: "/accounts/partials/2/nonconformities"))),
                ("typeId", String(laudo)), ("itemId", ""), ("sectorId", ""), ("note", "Laudo da RM sem assinatura"),
            ])
            #expect(registered.status == .seeOther)
            page = try await biller.get("/accounts/partials/2")
            #expect(page.text.contains("Prontuário devolvido ao setor: <strong>Imagem</strong>"))

            // The supervisor issues Imagem's document, prints it, marks it sent.
            let issued = try await supervisor.post("/record-returns", [("sectorId", sectorId)])
            #expect(issued.status == .seeOther)
            let documentPath = try #require(issued.location)
            let document = try await supervisor.get(documentPath)
            #expect(document.text.contains("Devolução de prontuários DEV-"))
            #expect(document.text.contains("José Carlos Ferreira"))
            #expect(document.text.contains("Laudo da RM sem assinatura"))
            let download = try await supervisor.get(documentPath + "/download")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"DEV-") == true)
            #expect(try await supervisor.post(documentPath + "/sent").status == .seeOther)
            #expect(try await supervisor.post(documentPath + "/sent").status == .conflict) // once only

            // Imagem sees it in its queue and corrects it.
            let sectorPage = try await imagem.get(queue)
            #expect(sectorPage.text.contains("Laudo da RM sem assinatura"))
            let queuePager = try #require(HTMLScan.elements("p", in: sectorPage.text, matching: ["class": "pager"]).first)
            // The new one and the seeded record of Imagem still open: two in all, one page.
            #expect(queuePager.text.hasPrefix("1 a 2 de 2 · página 1 de 1"))
            let documents = try await supervisor.get("/record-returns")
            let documentsPager = try #require(HTMLScan.elements("p", in: documents.text, matching: ["class": "pager"]).first)
            let documentRows = HTMLScan.elements("tr", in: documents.text).filter { $0.inner.contains("href=\"/record-returns/") }
            #expect(documentsPager.text.hasPrefix("1 a \(documentRows.count) de \(documentRows.count) · página 1 de 1"))
            let josé = try #require(sectorPage.text.range(of: "José Carlos Ferreira"))
            let action = try #require(Self.first(#"/queue/\d+/nonconformities/\d+/correct"#, in: String(sectorPage.text[josé.lowerBound...])))
            let ncId = String(action.split(separator: "/")[3])
            let missingNote = try await imagem.post(action, [("version", "1"), ("note", "")])
            #expect(missingNote.status == .unprocessableContent)
            #expect(missingNote.text.contains("Escreva a observação"))
            #expect(try await imagem.post(action, [("version", "1"), ("note", "Laudo assinado pelo radiologista")]).status == .seeOther)

            // Billing accepts it, and the partial closes.
            #expect(try await biller.post("/nonconformities/\(ncId)/accept", [("version", "2")]).status == .seeOther)
            page = try await biller.get("/accounts/partials/2")
            #expect(page.text.contains("Nenhuma pendência: a parcial pode ser encerrada."))
            let closed = try await biller.post("/accounts/partials/2/close", [("version", try #require(Self.version(in: page.text, form: "/accounts/partials/2/close")))])
            #expect(closed.status == .seeOther)
            page = try await biller.get("/accounts/partials/2")
            #expect(page.text.contains("Encerrada em"))
            #expect(!page.text.contains("Registrar não conformidade"))
            #expect(try await biller.post("/accounts/partials/2/reprice").status == .conflict) // read-only now

            // Only a supervisor reopens, and only with a reason.
            #expect(try await biller.post("/accounts/partials/2/reopen", [("reason", "Convênio pediu revisão")]).status == .forbidden)
            let short = try await supervisor.post("/accounts/partials/2/reopen", [("reason", "erro")])
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("pelo menos 10 caracteres"))
            #expect(try await supervisor.post("/accounts/partials/2/reopen", [("reason", "Convênio pediu revisão do laudo")]).status == .seeOther)
            #expect(try await biller.get("/accounts/partials/2").text.contains("Reaberta em"))
        }
    }

    @Test func closingRefusedListsReasonsAndStaleFormsConflict() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let page = try await biller.get("/accounts/partials/1")
            let version = try #require(Self.version(in: page.text, form: "/accounts/partials/1/close"))
            let refused = try await biller.post("/accounts/partials/1/close", [("version", version)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("A parcial não pode ser encerrada"))
            #expect(refused.text.contains("Há 1 não conformidade pendente"))

            // Someone registers a defect meanwhile: the page's old version is refused.
            let laudo = try #require(Self.first(#"<option value="\d+"[^>]*>Falta de laudo médico"#, in: page.text)?.split(separator: "\"")[1])
            #expect(try await biller.post("/accounts/partials/1/nonconformities", [("version", version), ("typeId", String(laudo))]).status == .seeOther)
            let stale = try await biller.post("/accounts/partials/1/nonconformities", [("version", version), ("typeId", String(laudo))])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("alterada por outra pessoa"))
            let missingType = try await biller.post("/accounts/partials/1/nonconformities", [("typeId", "")])
            #expect(missingType.status == .unprocessableContent)
            #expect(missingType.text.contains("Escolha o tipo de não conformidade."))

            // Bulk: one line per partial, closed or why not.
            let bulk = try await biller.post("/accounts/close", [("ids", "1"), ("ids", "3")])
            #expect(bulk.status == .ok)
            #expect(HTMLScan.elements("p", in: bulk.text).contains { $0.text == "0 encerradas, 2 não encerradas." })
            #expect(bulk.text.contains("P-ATD-1003"))
            #expect(try await biller.post("/accounts/close").status == .unprocessableContent)
        }
    }

    /// A sector user sees and touches only their own sector's queue, nor any billing screen.
    @Test func sectorUsersAreConfinedToTheirSector() async throws {
        try await withApp { client in
            let imagem = try await Browser.login(client, "imagem")
            let own = try #require(try await imagem.get("/queue").location)
            let attendance = try await Browser.login(client, "atendimento")
            let other = try #require(try await attendance.get("/queue").location)
            #expect(own != other)
            #expect(try await imagem.get(other).status == .forbidden)
            // Non-conformity 3 is Atendimento's: neither through the other's URL nor through one's own.
            #expect(try await imagem.post(other + "/nonconformities/3/correct", [("note", "x")]).status == .forbidden)
            #expect(try await imagem.post(own + "/nonconformities/3/correct", [("note", "x")]).status == .forbidden)
            #expect(try await imagem.get("/accounts/partials/3").status == .forbidden)
            #expect(try await imagem.get("/nonconformities/stats").status == .forbidden)
            #expect(try await attendance.get("/record-returns/1").status == .forbidden) // Imagem's document

            let api = try await APIClient.make(client, "imagem")
            let otherId = try #require(other.split(separator: "/").last)
            let ownId = try #require(own.split(separator: "/").last)
            #expect(try await api.call(.get, "/api/v1/sectors/\(otherId)/queue").status == .forbidden)
            let queue = try await api.call(.get, "/api/v1/sectors/\(ownId)/queue")
            #expect(queue.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(queue.text.utf8)) as? [String: Any])
            let entries = try #require(body["items"] as? [[String: Any]])
            #expect(entries.map { $0["partialExternalId"] as? String } == ["P-ATD-1001", "P-ATD-1002"])
            #expect(entries.first?["overdue"] as? Bool == true)
            #expect(body["total"] as? Int == 2)
            // A page of one still counts the whole queue and links nothing away.
            let first = try await api.call(.get, "/api/v1/sectors/\(ownId)/queue?perPage=1&page=2").json()
            #expect((first["items"] as? [[String: Any]])?.map { $0["partialExternalId"] as? String } == ["P-ATD-1002"])
            #expect(first["total"] as? Int == 2)
            #expect(first["perPage"] as? Int == 1)
            #expect(try await api.call(.get, "/api/v1/sectors/\(ownId)/queue?perPage=abc").status == .badRequest)
            #expect(try await api.call(.post, "/api/v1/nonconformities/3/actions", json: #"{"action":"correct","note":"ok"}"#).status == .forbidden)
            #expect(try await api.call(.post, "/api/v1/nonconformities/1/actions", json: #"{"action":"accept"}"#).status == .forbidden)
        }
    }

    @Test func apiClosesOnlyCleanPartialsAndNamesEveryReason() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "faturista")
            let status = try await api.call(.get, "/api/v1/partials/1").json()
            #expect(status["status"] as? String == "draft")
            #expect((status["closingBlockers"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["open_nonconformities"])
            let version = try #require(status["version"] as? Int)

            let refused = try await api.call(.post, "/api/v1/partials/1/close", json: #"{"expectedVersion":\#(version)}"#)
            #expect(refused.status == .conflict)
            let problem = try refused.json()
            #expect(problem["code"] as? String == "partial_not_closable")
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "open_nonconformities")

            let badType = try await api.call(.post, "/api/v1/partials/1/nonconformities", json: #"{"typeId":999,"note":"x"}"#)
            #expect(badType.status == .unprocessableContent)
            #expect((try badType.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "typeId")

            // Billing cancels the open one (registered by mistake), then the partial has only its real reasons left.
            let cancelled = try await api.call(.post, "/api/v1/nonconformities/1/actions", json: #"{"action":"cancel","note":"Laudo estava no verso","expectedVersion":1}"#)
            #expect(cancelled.status == .ok)
            #expect(try cancelled.json()["status"] as? String == "cancelled")
            let again = try await api.call(.post, "/api/v1/nonconformities/1/actions", json: #"{"action":"cancel","note":"de novo","expectedVersion":1}"#)
            #expect(again.status == .conflict)
            let stale = try await api.call(.post, "/api/v1/partials/1/close", json: #"{"expectedVersion":\#(version - 1)}"#)
            #expect(stale.status == .conflict) // closable now, but not at the version the caller read
            #expect(try stale.json()["code"] as? String == "stale_version")
            let closed = try await api.call(.post, "/api/v1/partials/1/close", json: "{}")
            #expect(closed.status == .ok)
            #expect(try closed.json()["status"] as? String == "closed")
        }
    }
}

@Suite struct NonConformityTypePagesTests {
    /// The catalogue is editable by the supervisor; a bad deadline is named beside its field and nothing is saved.
    @Test func supervisorEditsTheCatalogueAndBadInputIsNamed() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            let list = try await supervisor.get("/nonconformity-types")
            #expect(list.text.contains("Falta de etiqueta ou nota fiscal de OPME"))
            let bad = try await supervisor.post("/nonconformity-types", [("name", "Guia sem data"), ("code", "guia-sem-data"),
                                                                         ("defaultSectorCode", "atendimento"), ("deadlineBusinessDays", "dois")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Prazo deve estar entre 0 e 60 dias úteis."))
            #expect(!(try await supervisor.get("/nonconformity-types").text.contains("Guia sem data")))
            let created = try await supervisor.post("/nonconformity-types", [("name", "Guia sem data"), ("code", "guia-sem-data"),
                                                                             ("defaultSectorCode", "atendimento"), ("deadlineBusinessDays", "1")])
            #expect(created.status == .seeOther)
            #expect(try await supervisor.get("/nonconformity-types").text.contains("Guia sem data"))
            let biller = try await Browser.login(client, "faturista")
            #expect(try await biller.post("/nonconformity-types", [("name", "X"), ("code", "x"), ("deadlineBusinessDays", "1")]).status == .forbidden)
        }
    }
}
