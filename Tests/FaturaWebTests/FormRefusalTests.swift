import FaturaDomain
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A refused form draws itself again: what was typed, each message beside its field, a conflict
/// with a way to reload; a refusal that no form can answer stays inside the layout with a way back.
@Suite struct FormRefusalTests {
    @Test func aContractWithBadValuesComesBackAsTypedWithEachMessageBesideItsField() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            let refused = try await browser.post("/contracts", [
                ("name", "Contrato novo"), ("payerId", "2"), ("companyId", "1"), ("validFrom", "31/02/2026"), ("procedureTable", "cbhpm"),
                ("procedureTableId", "1"), ("porteAdjustment", "-3,00"), ("ucoValue", "abc"), ("drugPercentage", "12,5"),
            ])
            #expect(refused.status == .unprocessableContent)
            // The form, with the values as typed (the invalid ones too) ...
            let form = try #require(HTMLScan.elements("form", in: refused.text, matching: ["action": "/contracts"]).first)
            func typed(_ name: String) -> String? { HTMLScan.elements("input", in: form.inner, matching: ["name": name]).first?["value"] }
            #expect(typed("name") == "Contrato novo")
            #expect(typed("validFrom") == "31/02/2026")
            #expect(typed("ucoValue") == "abc")
            #expect(typed("porteAdjustment") == "-3,00")
            #expect(typed("drugPercentage") == "12,5")
            #expect(HTMLScan.elements("select", in: form.inner, matching: ["name": "procedureTable"]).first.map {
                HTMLScan.elements("option", in: $0.inner, matching: ["selected": nil]).first?["value"] } == "cbhpm")
            // ... each message beside its own field ...
            #expect(HTMLScan.elements("p", in: form.inner, matching: ["id": "f-validFrom-error"]).first?.text == "Data inválida: 31/02/2026 (dd/mm/aaaa).")
            #expect(HTMLScan.elements("p", in: form.inner, matching: ["id": "f-ucoValue-error"]).first?.text == "Valor inválido: abc.")
            #expect(HTMLScan.elements("p", in: form.inner, matching: ["id": "f-porteAdjustment-error"]).isEmpty) // −3% is a valid adjustment
            // ... the summary above, and the layout's navigation (no "Entrar" for someone signed in).
            let summary = try #require(HTMLScan.elements("div", in: refused.text, matching: ["class": "error-summary"]).first)
            // Every problem at once: the date, the UCO value and the value series left empty.
            #expect(HTMLScan.elements("p", in: form.inner, matching: ["class": "error"]).map { $0["id"] ?? "" }
                == ["f-validFrom-error", "f-valueSeries-error", "f-ucoValue-error"])
            #expect(summary.text.hasPrefix("Não foi salvo: 3 campos com erro."))
            #expect(HTMLScan.elements("nav", in: refused.text).count >= 1)
            #expect(HTMLScan.elements("a", in: refused.text, matching: ["href": "/login"]).isEmpty)
        }
    }

    @Test func aStaleNonConformityFormComesBackWithWhatWasTypedAndAReloadLink() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let page = try await biller.get("/accounts/partials/2")
            let form = try #require(HTMLScan.elements("form", in: page.text, matching: ["action": "/accounts/partials/2/nonconformities"]).first)
            let version = try #require(HTMLScan.elements("input", in: form.inner, matching: ["name": "version"]).first?["value"])
            let type = try #require(HTMLScan.elements("option", in: form.inner).compactMap { $0["value"] }.first { !$0.isEmpty })
            let stale = String((Int(version) ?? 1) - 1)
            let refused = try await biller.post("/accounts/partials/2/nonconformities", [
                ("version", stale), ("typeId", type), ("itemId", ""), ("sectorId", ""), ("note", "Guia sem carimbo do médico"),
            ])
            #expect(refused.status == .conflict)
            let box = try #require(HTMLScan.elements("div", in: refused.text, matching: ["role": "alert"]).first { $0.text.contains("alterada") })
            #expect(box.text.hasPrefix("Não foi salvo: A parcial foi alterada por outra pessoa"))
            #expect(HTMLScan.elements("a", in: box.inner, matching: ["href": "/accounts/partials/2"]).count == 1)
            let again = try #require(HTMLScan.elements("form", in: refused.text, matching: ["action": "/accounts/partials/2/nonconformities"]).first)
            #expect(again.inner.contains("Guia sem carimbo do médico"))
        }
    }

    @Test func aRefusalNoFormAnswersStaysInTheLayoutWithAWayBack() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let missing = try await client.execute(uri: "/accounts/partials/999999", method: .get,
                                                   headers: [.cookie: "fatura_session=\(biller.cookie)", .referer: "http://localhost/accounts?pagina=2"])
            #expect(missing.status == .notFound)
            let text = String(buffer: missing.body)
            #expect(HTMLScan.elements("h1", in: text).first?.text == "Página não encontrada")
            #expect(HTMLScan.elements("nav", in: text).count >= 1)
            #expect(HTMLScan.elements("a", in: text, matching: ["href": "/accounts?pagina=2"]).first?.text == "Voltar")
            #expect(HTMLScan.elements("a", in: text, matching: ["href": "/login"]).isEmpty)
        }
    }

    @Test func aNoticeAfterARedirectGoesBeforeTheFragment() {
        #expect(PageRequest.location("/accounts/partials/1#nao-conformidades", notice: .ncRegistered)
            == "/accounts/partials/1?aviso=nc-registrada#nao-conformidades")
        #expect(PageRequest.location("/nonconformities?situacao=all", notice: .ncAccepted) == "/nonconformities?situacao=all&aviso=nc-aceita")
        #expect(PageRequest.location("/x", notice: nil) == "/x")
    }

    @Test func anExamGroupOverlappingAnotherIsRefusedNamingIt() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            let refused = try await browser.post("/exam-groups", [
                ("name", "Tomografia bis"), ("code", "tomografia-bis"), ("band", "9"), ("ambSecond", "70"), ("ambThird", "50"),
                ("cbhpmSecond", "70"), ("cbhpmThird", "70"), ("codeRanges", "41001010"),
            ])
            #expect(refused.status == .unprocessableContent)
            let beside = try #require(HTMLScan.elements("p", in: refused.text, matching: ["id": "f-codeRanges-error"]).first)
            #expect(beside.text.hasPrefix("Os códigos 41001010 já estão no grupo “Tomografia”"))
            #expect(HTMLScan.elements("input", in: refused.text, matching: ["name": "name"]).first?["value"] == "Tomografia bis")
        }
    }
}

/// Billing corrects a line from the partial's page: the form, its refusals, the correction on the
/// page with its tag, and the removal.
@Suite struct ItemPagesTests {
    @Test func billingCorrectsAndRemovesALineFromThePages() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            var page = try await biller.get("/accounts/partials/3")
            let links = HTMLScan.elements("a", in: page.text).compactMap { $0["href"] }.filter { $0.hasPrefix("/accounts/partials/3/items/") && !$0.hasSuffix("/new") }
            let edit = try #require(links.first)
            let form = try await biller.get(edit)
            #expect(form.status == .ok)
            let version = try #require(HTMLScan.elements("input", in: form.text, matching: ["name": "version"]).first?["value"])
            func field(_ html: String, _ name: String) -> String? {
                HTMLScan.elements("input", in: html, matching: ["name": name]).first?["value"]
            }
            let fields = ["kind", "table"].map { name in
                (name, HTMLScan.elements("select", in: form.text, matching: ["name": name]).first.flatMap {
                    HTMLScan.elements("option", in: $0.inner, matching: ["selected": nil]).first?["value"] } ?? "")
            } + ["code", "description", "performedDay", "performedTime", "professional"].map { ($0, field(form.text, $0) ?? "") }

            // A bad quantity and no reason: the form again, as typed, each message beside its field.
            let refused = try await biller.post(edit, fields + [("version", version), ("quantity", "dois"), ("reason", "")])
            #expect(refused.status == .unprocessableContent)
            #expect(field(refused.text, "quantity") == "dois")
            #expect(HTMLScan.elements("p", in: refused.text, matching: ["id": "f-quantity-error"]).first?.text == "Quantidade inválida: dois (ex.: 2 ou 1,5).")
            #expect(HTMLScan.elements("p", in: refused.text, matching: ["id": "f-reason-error"]).first?.text.hasPrefix("Escreva o motivo da correção") == true)

            let saved = try await biller.post(edit, fields + [("version", version), ("quantity", "7"), ("reason", "Quantidade conferida no prontuário")])
            #expect(saved.status == .seeOther)
            page = try await biller.get(try #require(saved.location))
            #expect(HTMLScan.elements("p", in: page.text, matching: ["class": "notice"]).first?.text.hasPrefix("Lançamento corrigido") == true)
            let row = try #require(HTMLScan.elements("tr", in: page.text).first { $0.inner.contains("href=\"\(edit)\"") })
            #expect(HTMLScan.elements("span", in: row.inner, matching: ["class": "tag"]).map(\.text).contains("corrigido pelo faturamento"))
            #expect(HTMLScan.elements("td", in: row.inner, matching: ["class": "num"]).first?.text == "7")

            // Removal asks for its own reason, then the line leaves the table for the removed list.
            let after = try await biller.get(edit)
            let newVersion = try #require(HTMLScan.elements("input", in: after.text, matching: ["name": "version"]).first?["value"])
            let short = try await biller.post(edit + "/remove", [("version", newVersion), ("removeReason", "não")])
            #expect(short.status == .unprocessableContent)
            #expect(HTMLScan.elements("p", in: short.text, matching: ["id": "f-removeReason-error"]).first?.text.hasPrefix("Escreva o motivo da remoção") == true)
            #expect(HTMLScan.elements("div", in: short.text, matching: ["role": "alert"]).count == 1)
            let removed = try await biller.post(edit + "/remove", [("version", newVersion), ("removeReason", "Lançado em duplicidade")])
            #expect(removed.status == .seeOther)
            page = try await biller.get("/accounts/partials/3")
            #expect(!page.text.contains("href=\"\(edit)\""))
            let removedTable = try #require(HTMLScan.elements("table", in: page.text, matching: ["class": "removed"]).first)
            #expect(removedTable.text.contains("Lançado em duplicidade"))

            // An auditor reads the partial but sees no correction links, and may not post.
            let auditor = try await Browser.login(client, "auditor")
            let read = try await auditor.get("/accounts/partials/3")
            #expect(HTMLScan.elements("a", in: read.text).compactMap { $0["href"] }.filter { $0.contains("/items/") }.isEmpty)
            #expect(try await auditor.post("/accounts/partials/3/items", [("reason", "x")]).status == .forbidden)
        }
    }
}

/// The audit log reads as Portuguese: "campo: antes → depois", names for ids, no page views.
@Suite struct AuditPagesTests {
    @Test func changesReadAsFieldBeforeAfterWithNamesAndFormattedValues() {
        let changes = AuditChanges(names: ["sectorId": [11: "Imagem"]])
        #expect(changes.lines(before: #"{"status":"draft"}"#, after: #"{"status":"closed"}"#) == ["situação: Em elaboração → Encerrada"])
        #expect(changes.lines(before: nil, after: #"{"dueOn":{"day":25,"month":11,"year":2026},"id":1,"sectorId":11,"active":true}"#)
            == ["ativo: sim", "prazo: 25/11/2026", "setor: Imagem"])
        #expect(changes.lines(before: #"{"porteAdjustment":{"basisPoints":-2000},"name":"A"}"#,
                              after: #"{"porteAdjustment":{"basisPoints":-1500},"name":"A"}"#) == ["ajuste do porte: −20,00% → −15,00%"])
        // 1 stays a number, not "sim".
        #expect(changes.lines(before: #"{"band":1}"#, after: #"{"band":2}"#) == ["faixa: 1 → 2"])
        #expect(changes.lines(before: nil, after: #"{"bands":[{"band":1,"second":{"basisPoints":7500},"third":{"basisPoints":6000}}]}"#)
            == ["faixas: faixa 1, 2ª incidência 75,00%, 3ª e demais 60,00%"])
    }

    @Test func theChangeLogLeavesReadsToTheAccessLogAndSaysWhenADateIsNotOne() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            _ = try await biller.get("/accounts/partials/1") // a read of patient data
            let supervisor = try await Browser.login(client, "supervisor")
            let log = try await supervisor.get("/audit")
            let actions = HTMLScan.elements("tr", in: log.text).compactMap { HTMLScan.elements("td", in: $0.inner).dropFirst(2).first?.text }
            #expect(!actions.isEmpty)
            #expect(!actions.contains { $0.hasPrefix("Consulta") })
            #expect(!log.text.contains("{&quot;") && !log.text.contains("{\""))
            let access = try await supervisor.get("/audit/access?usuario=faturista")
            let rows = HTMLScan.elements("tr", in: access.text).filter { $0.inner.contains("<td") }
            #expect(rows.contains { HTMLScan.elements("td", in: $0.inner).dropFirst(2).first?.text == "Parcial" })
            let worklist = try await supervisor.get("/accounts?ate=31/02/2026")
            #expect(worklist.status == .unprocessableContent)
            #expect(HTMLScan.elements("div", in: worklist.text, matching: ["role": "alert"]).first?.text == "Data inválida em “Até”: 31/02/2026 (use dd/mm/aaaa).")
            #expect(HTMLScan.elements("input", in: worklist.text, matching: ["name": "ate"]).first?["value"] == "31/02/2026")
            let bad = try await supervisor.get("/audit?de=99/99/9999")
            #expect(bad.status == .unprocessableContent)
            #expect(HTMLScan.elements("div", in: bad.text, matching: ["role": "alert"]).first?.text == "Data inválida em “De”: 99/99/9999 (use dd/mm/aaaa).")
        }
    }
}

@Suite struct HomePageTests {
    /// The demo: one correction of Imagem waits for billing's check (P-ATD-1002), three items have no price.
    @Test func theHomePageListsTheDaysWorkAsLinks() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let home = try await biller.get("/")
            let section = try #require(HTMLScan.elements("section", in: home.text, matching: ["aria-labelledby": "work-title"]).first)
            let links = HTMLScan.elements("a", in: section.inner)
            #expect(links.contains { $0.text == "1 correção de setor a conferir" && $0["href"] == "/nonconformities?situacao=corrected" })
            #expect(links.contains { $0["href"] == "/accounts/unpriced" && $0.text.hasSuffix("sem preço") })
            let imagem = try await Browser.login(client, "imagem")
            let sectorHome = try await imagem.get("/")
            let own = try #require(HTMLScan.elements("section", in: sectorHome.text, matching: ["aria-labelledby": "work-title"]).first)
            #expect(HTMLScan.elements("a", in: own.inner).first?.text.hasSuffix("para corrigir") == true)
        }
    }
}

@Suite struct SUSParticularPagesTests {
    /// Demo: ATD-1005 (SUS) is one CT priced by the SIGTAP competence, 97,44, and closed with the
    /// clean partials; ATD-1007 (Particular) is a consult 350,00 and a blood count 45,00 of the price list.
    @Test func susAndParticularPartialsArePricedByTheirTables() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let sus = try await biller.get("/accounts/partials/5")
            #expect(HTMLScan.elements("h1", in: sus.text).first?.text == "Parcial P-ATD-1005 Encerrada")
            let susTotal = try #require(HTMLScan.elements("tfoot", in: sus.text).first)
            #expect(susTotal.text.hasSuffix("R$ 97,44"))
            let particular = try await biller.get("/accounts/partials/7")
            let total = try #require(HTMLScan.elements("tfoot", in: particular.text).first)
            #expect(total.text.hasSuffix("R$ 395,00"))
        }
    }
}

@Suite struct HISImportPagesTests {
    static func upload(_ client: any TestClientProtocol, _ browser: Browser, name: String, _ content: String) async throws -> TestResponse {
        let boundary = "----fatura-his"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n\(content)\r\n"
            + "--\(boundary)--\r\n"
        return try await client.execute(uri: "/accounts/import", method: .post,
                                        headers: [.cookie: "fatura_session=\(browser.cookie)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                                        body: ByteBuffer(string: body))
    }

    @Test func aBillerImportsAnHISFileFromThePageAndSeesTheReport() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let json = #"{"encounters":[{"externalId":"ATD-9001","companyCnpj":"11222333000181","payerName":"Particular","type":"outpatient","startedAt":"2026-11-20T08:00","patient":{"externalId":"PAC-9001","name":"Teste da Silva"},"partials":[{"externalId":"P-ATD-9001","periodStart":"2026-11-20","periodEnd":"2026-11-20","items":[{"externalId":"I-9001-1","kind":"procedure","table":"cbhpm","code":"10101012","description":"Consulta","performedAt":"2026-11-20T08:30","quantity":1}]}]}]}"#
            let done = try await Self.upload(client, biller, name: "his.json", json)
            #expect(done.status == .ok)
            let rows = HTMLScan.elements("tr", in: done.text).map { ($0.inner.isEmpty ? "" : HTMLScan.elements("th", in: $0.inner).first?.text ?? "", HTMLScan.elements("td", in: $0.inner).first?.text ?? "") }
            #expect(rows.contains { $0 == ("Parciais novas", "1") })
            #expect(rows.contains { $0 == ("Precificados / sem preço", "1 / 0") })

            let broken = try await Self.upload(client, biller, name: "his.json", #"{"encounters":[{"externalId":"#)
            #expect(broken.status == .unprocessableContent)
            let box = try #require(HTMLScan.elements("div", in: broken.text, matching: ["role": "alert"]).first)
            #expect(box.text.contains("Nada foi importado de his.json"))
            #expect(box.text.contains("JSON malformado"))
        }
    }
}

@Suite struct PartialsAPITests {
    @Test func integratorsListPartialsReadTheirLinesAndCorrectOne() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "faturista")
            let list = try await api.call(.get, "/api/v1/partials?companyId=1&status=draft&perPage=2").json()
            #expect(list["perPage"] as? Int == 2)
            #expect((list["items"] as? [[String: Any]])?.count == 2)
            #expect((list["total"] as? Int ?? 0) >= 2)

            // Partial 3 (ATD-1003): dipirona × 2 is one of its lines, with every price part.
            var partial = try await api.call(.get, "/api/v1/partials/3").json()
            let items = try #require(partial["items"] as? [[String: Any]])
            let drug = try #require(items.first { $0["code"] as? String == "90001001" })
            #expect(drug["quantity"] as? String == "2")
            #expect(drug["priced"] as? Bool == true)
            // Brasíndice 3,42 −10% = 3,08 a unit; × 2 = 6,16.
            #expect(drug["unitValueCents"] as? Int == 308)
            #expect(drug["totalCents"] as? Int == 616)
            let itemId = try #require(drug["id"] as? Int)
            let version = try #require(partial["version"] as? Int)

            // A misspelt field is refused by name, never silently ignored.
            let typo = try await api.call(.put, "/api/v1/partials/3/items/\(itemId)", json: #"{"kind":"drug","table":"drug","code":"90001001","description":"Dipirona","performedAt":"\#(drug["performedAt"] as? String ?? "")","quantity":"1","reason":"Uma ampola no prontuário","expectedVerison":\#(version)}"#)
            #expect(typo.status == .unprocessableContent)
            let errors = try #require(try typo.json()["errors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? String == "expectedVerison")
            // Absurd values: every one named at once, nothing saved.
            let absurd = try await api.call(.put, "/api/v1/partials/3/items/\(itemId)", json: #"{"kind":"drug","table":"drug","code":"90001001","description":"D","performedAt":"9999-99-99T99:99","quantity":"-1","reason":"x"}"#)
            #expect(absurd.status == .unprocessableContent)
            #expect((try absurd.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["performedAt", "quantity", "reason"])

            let fixed = try await api.call(.put, "/api/v1/partials/3/items/\(itemId)", json: #"{"kind":"drug","table":"drug","code":"90001001","description":"Dipirona sódica 500 mg/ml, ampola 2 ml","performedAt":"\#(drug["performedAt"] as? String ?? "")","quantity":"1","reason":"Uma ampola no prontuário","expectedVersion":\#(version)}"#)
            #expect(fixed.status == .ok)
            partial = try fixed.json()
            let corrected = try #require((partial["items"] as? [[String: Any]])?.first { $0["id"] as? Int == itemId })
            #expect(corrected["totalCents"] as? Int == 308)
            #expect(corrected["correctionReason"] as? String == "Uma ampola no prontuário")
            // The same version again is stale.
            let stale = try await api.call(.post, "/api/v1/partials/3/items/\(itemId)/removal", json: #"{"reason":"Lançado em duplicidade","expectedVersion":\#(version)}"#)
            #expect(stale.status == .conflict)
            #expect(try stale.json()["code"] as? String == "stale_version")

            // A closed partial says so as its blocker (demo partial 4 is closed).
            let closed = try await api.call(.get, "/api/v1/partials/4").json()
            #expect((closed["closingBlockers"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["already_closed"])
        }
    }
}

@Suite struct ContractsAPITests {
    @Test func integratorsSetUpATableAContractAndCompareVersions() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let table = try await api.call(.post, "/api/v1/price-tables", json: #"{"kind":"own","name":"Lista API","edition":"2026"}"#)
            #expect(table.status == .created)
            let tableId = try #require(try table.json()["id"] as? Int)
            // A bad row names its line and saves nothing; a good file is counted.
            let bad = try await client.execute(uri: "/api/v1/price-tables/\(tableId)/rows", method: .put,
                                               headers: [.authorization: "Bearer \(api.token)", .contentType: "text/csv"],
                                               body: ByteBuffer(string: "codigo;descricao;valor;inicio_vigencia\n10101012;Consulta;abc;01/01/2026"))
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.json()["errors"].flatMap { ($0 as? [[String: Any]])?.first?["field"] as? String } == "linha 2")
            let good = try await client.execute(uri: "/api/v1/price-tables/\(tableId)/rows", method: .put,
                                                headers: [.authorization: "Bearer \(api.token)", .contentType: "text/csv"],
                                                body: ByteBuffer(string: "codigo;descricao;valor;inicio_vigencia\n10101012;Consulta;350,00;01/01/2026"))
            #expect(good.status == .ok)
            #expect(try good.json()["rows"] as? Int == 1)
            let rows = try await api.call(.get, "/api/v1/price-tables/\(tableId)/rows").json()
            #expect((rows["items"] as? [[String: Any]])?.first?["valueCents"] as? Int == 35_000)

            // Contract 1 (Vida Plena, CBHPM −20%) copied as version 2 from 01/03/2027: the comparison
            // says the validity differs and the adjustment does not.
            let copy = try await api.call(.post, "/api/v1/contracts/1/new-version", json: #"{"validFrom":"2027-03-01"}"#)
            #expect(copy.status == .created)
            let copyJSON = try copy.json()
            #expect(copyJSON["version"] as? Int == 2)
            #expect(copyJSON["porteAdjustmentBasisPoints"] as? Int == -2000)
            let id = try #require(copyJSON["id"] as? Int)
            let compare = try await api.call(.get, "/api/v1/contracts/compare?a=1&b=\(id)").json()
            let compared = try #require(compare["rows"] as? [[String: Any]])
            #expect(compared.first { $0["field"] as? String == "Vigência" }?["differs"] as? Bool == true)
            #expect(compared.first { $0["field"] as? String == "Ajuste do porte" }?["differs"] as? Bool == false)
            // An overlapping contract is refused by field.
            let overlap = try await api.call(.post, "/api/v1/contracts", json: #"{"name":"X","payerId":1,"companyId":1,"validFrom":"2026-02-01","procedureTable":"cbhpm","procedureTableId":1,"valueSeries":"CBHPM 2022"}"#)
            #expect(overlap.status == .unprocessableContent)
            #expect(try overlap.json()["errors"].flatMap { ($0 as? [[String: Any]])?.map { $0["field"] as? String } }?.contains("validFrom") == true)
        }
    }
}

@Suite struct DeliveryPagesTests {
    @Test func theCalendarShowsEachPayersNextDeadlinesAndASupervisorEditsTheTerms() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let page = try await biller.get("/invoices/calendar")
            #expect(page.status == .ok)
            let vida = try #require(HTMLScan.elements("section", in: page.text).first { $0.inner.contains("Vida Plena Saúde") })
            #expect(HTMLScan.elements("p", in: vida.inner).first?.text.hasPrefix("entrega até o dia 10 do mês seguinte") == true)
            #expect(HTMLScan.elements("tr", in: vida.inner).count == 4) // header + the next three competences
            #expect(HTMLScan.elements("a", in: vida.inner).compactMap { $0["href"] }.filter { $0.hasPrefix("/invoices/terms/") }.isEmpty)

            let supervisor = try await Browser.login(client, "supervisor")
            let form = try await supervisor.get("/invoices/terms/1")
            let version = try #require(HTMLScan.elements("input", in: form.text, matching: ["name": "version"]).first?["value"])
            let refused = try await supervisor.post("/invoices/terms/1", [("version", version), ("deliveryKind", "window"), ("deliveryDay", "20"),
                ("deliveryTo", "10"), ("paymentKind", "days_after"), ("paymentDays", "trinta"), ("appealDays", "30"), ("appealRounds", "2"),
                ("providerCode", "SL-1000"), ("identification", "provider_code")])
            #expect(refused.status == .unprocessableContent)
            #expect(HTMLScan.elements("p", in: refused.text, matching: ["id": "f-paymentDays-error"]).first?.text == "Dias até o pagamento: informe um número inteiro.")
            #expect(HTMLScan.elements("input", in: refused.text, matching: ["name": "paymentDays"]).first?["value"] == "trinta")
            let saved = try await supervisor.post("/invoices/terms/1", [("version", version), ("deliveryKind", "business_day"), ("deliveryDay", "5"),
                ("paymentKind", "days_after"), ("paymentDays", "30"), ("appealDays", "30"), ("appealRounds", "2"),
                ("providerCode", "SL-1000"), ("identification", "provider_code")])
            #expect(saved.status == .seeOther)
            let after = try await supervisor.get("/invoices/calendar")
            let edited = try #require(HTMLScan.elements("section", in: after.text).first { $0.inner.contains("Vida Plena Saúde") })
            #expect(HTMLScan.elements("p", in: edited.inner).first?.text.hasPrefix("entrega até o 5º dia útil do mês seguinte") == true)
        }
    }
}
