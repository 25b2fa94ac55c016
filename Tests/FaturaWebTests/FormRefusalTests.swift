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
                ("name", "Contrato novo"), ("payerId", "2"), ("companyId", "1"), ("validFrom", "31/02/2026"), ("cbhpm", "true"),
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
            #expect(HTMLScan.elements("input", in: form.inner, matching: ["name": "cbhpm", "checked": nil]).count == 1)
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
