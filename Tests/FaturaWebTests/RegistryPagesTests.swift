import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RegistryPagesTests {
    @Test(arguments: TestDatabase.kinds)
    func supervisorCreatesEditsAndDeactivatesAPayer(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { client in
            let browser = try await Browser.login(client, "supervisor")
            #expect(try await browser.get("/payers/new").status == .ok)

            // Bad input: the form comes back with the message beside the field, and nothing is saved.
            let bad = try await browser.post("/payers", [("name", "Nova Saúde"), ("billingStandard", "convenio"), ("ansRegistry", "12A45")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Registro ANS deve ter exatamente 6 dígitos."))
            #expect(bad.text.contains(#"value="Nova Saúde""#)) // what the user typed is kept
            #expect(try await browser.get("/payers?q=Nova").text.contains("Nenhum registro encontrado."))

            let created = try await browser.post("/payers", [
                ("name", "Nova Saúde"), ("billingStandard", "convenio"), ("ansRegistry", "421234"),
                ("tissVersion", "4.02.00"), ("tissHashEncoding", "utf-8"),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasSuffix("/edit?aviso=criado"))
            let editPath = try #require(location.components(separatedBy: "?").first)
            let edit = try await browser.get(location)
            #expect(edit.text.contains(#"<option value="4.02.00" selected>"#))
            #expect(edit.text.contains("Cadastro criado."))

            let duplicate = try await browser.post("/payers", [("name", "Outra"), ("billingStandard", "convenio"), ("ansRegistry", "421234")])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.text.contains("Já existe um convênio com este registro ANS."))

            let id = editPath.components(separatedBy: "/")[2]
            // The first post asks (a page with one confirming form and the way back); nothing changes yet.
            let ask = try await browser.post("/payers/\(id)/deactivate")
            #expect(ask.status == .ok)
            #expect(try #require(HTMLScan.elements("h1", in: ask.text).first).text == "Desativar Nova Saúde?")
            let confirm = try #require(HTMLScan.elements("form", in: ask.text, matching: ["action": "/payers/\(id)/deactivate"]).first)
            #expect(HTMLScan.elements("input", in: confirm.inner, matching: ["name": "confirmar", "value": "1"]).count == 1)
            #expect(try await browser.get("/payers").text.contains("Nova Saúde"))
            #expect(try await browser.post("/payers/\(id)/deactivate", [("confirmar", "1")]).status == .seeOther)
            #expect(!(try await browser.get("/payers").text.contains("Nova Saúde")))
            #expect(try await browser.get("/payers?situacao=inativos").text.contains("Nova Saúde"))

            let audit = try await browser.get("/audit?entidade=payer&id=\(id)")
            #expect(audit.text.contains("Desativação"))
            #expect(audit.text.contains("Criação"))
        }
    }

    @Test func aFormWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            let response = try await browser.post("/sectors", [("code", "nova"), ("name", "Nova"), ("kind", "care")], csrf: "falso")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("O formulário expirou"))
            #expect(try await browser.get("/sectors?q=Nova").text.contains("Nenhum registro encontrado."))
        }
    }

    @Test func invalidCompanyShowsEachMessageBesideItsField() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            let response = try await browser.post("/companies", [("name", ""), ("cnpj", "11.222.333/0001-82"), ("cnes", "123")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"<p class="error" id="f-name-error">Nome é obrigatório.</p>"#))
            #expect(response.text.contains(#"<p class="error" id="f-cnpj-error">CNPJ inválido"#))
            #expect(response.text.contains(#"<p class="error" id="f-cnes-error">CNES deve ter exatamente 7 dígitos.</p>"#))
        }
    }

    @Test func currentCompanyIsKeptInTheSession() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "faturista")
            #expect(try await browser.get("/").text.contains("coligada atual: Hospital São Lucas</footer>"))
            let changed = try await browser.post("/session/company", [("companyId", "2"), ("returnTo", "/payers")])
            #expect(changed.location == "/payers?aviso=coligada")
            #expect(try await browser.get("/").text.contains("coligada atual: Hospital São Lucas — Unidade Norte"))
            // A crafted return address cannot leave the site.
            #expect(try await browser.post("/session/company", [("companyId", "1"), ("returnTo", "//evil.example")]).location == "/?aviso=coligada")
            #expect(try await browser.post("/session/company", [("companyId", "99")]).status == .unprocessableContent)
        }
    }

    @Test func tokensPageShowsTheSecretOnceAndRevokes() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "faturista")
            let created = try await browser.post("/tokens", [("name", "Integração HIS")])
            #expect(created.status == .ok)
            let secret = try #require(created.text.range(of: #"fat_[0-9a-f]{64}"#, options: .regularExpression).map { String(created.text[$0]) })
            let api = APIClient(client: client, token: secret)
            #expect(try await api.call(.get, "/api/v1/me").status == .ok)
            #expect(!(try await browser.get("/tokens").text.contains(secret)))
            #expect(try await browser.post("/tokens/1/revoke").status == .seeOther)
            #expect(try await api.call(.get, "/api/v1/me").status == .unauthorized)
        }
    }
}
