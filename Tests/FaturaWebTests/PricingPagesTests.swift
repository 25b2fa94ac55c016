import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PricingPagesTests {
    static var example: String {
        get throws {
            try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("examples/his-encounters.json"), encoding: .utf8)
        }
    }

    /// The example document of the repository, through the API, twice: the second changes nothing.
    @Test(arguments: TestDatabase.kinds)
    func hisDocumentThroughTheApiIsIdempotent(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { client in
            let api = try await APIClient.make(client, "faturista")
            let first = try await api.call(.post, "/api/v1/his/encounters", json: try Self.example)
            #expect(first.status == .ok)
            let report = try first.json()
            #expect(report["itemsCreated"] as? Int == 3)
            #expect(report["partialsCreated"] as? Int == 1)
            let second = try await api.call(.post, "/api/v1/his/encounters", json: try Self.example).json()
            #expect(second["itemsCreated"] as? Int == 0)
            #expect(second["itemsUnchanged"] as? Int == 3)
        }
    }

    @Test func aBadHisDocumentListsEveryErrorByPlace() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "faturista")
            let bad = try Self.example.replacingOccurrences(of: "\"quantity\": \"1\", \"executingProfessional\"", with: "\"quantity\": \"um\", \"executingProfessional\"")
                .replacingOccurrences(of: "529.982.247-25", with: "529.982.247-24")
                .replacingOccurrences(of: "\"123455\"", with: "\"999999\"")
            let response = try await api.call(.post, "/api/v1/his/encounters", json: bad)
            #expect(response.status == .unprocessableContent)
            let fields = (try response.json()["errors"] as? [[String: String]])?.compactMap { $0["field"] }
            #expect(fields == ["encounters[0].partials[0].items[0].quantity", "encounters[0].patient.cpf"])
            // The sector user may not send documents.
            let sector = try await APIClient.make(client, "imagem")
            #expect(try await sector.call(.post, "/api/v1/his/encounters", json: try Self.example).status == .forbidden)
        }
    }

    @Test func partialPageShowsPartsTotalsAndLogsTheRead() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "faturista")
            let list = try await browser.get("/accounts")
            #expect(list.text.contains("P-ATD-1003"))
            #expect(list.text.contains("(1 sem preço)"))
            let unpriced = try await browser.get("/accounts/unpriced")
            #expect(unpriced.text.contains("Código 99999999 não consta da tabela CBHPM do contrato."))
            // Demo partial 3 is ATD-1003: consult, CBC, dipirona × 2, catheter and an unknown code.
            let page = try await browser.get("/accounts/partials/3")
            #expect(page.status == .ok)
            #expect(page.text.contains("Ana Beatriz Lima"))
            #expect(page.text.contains("Totais por tipo"))
            #expect(page.text.contains("Sem preço:"))
            let reprice = try await browser.post("/accounts/partials/3/reprice")
            #expect(reprice.status == .seeOther)
            #expect(try await browser.get(try #require(reprice.location)).text.contains("Preços recalculados: 4 itens com preço, 1 sem preço."))
            let supervisor = try await Browser.login(client, "supervisor")
            #expect(try await supervisor.get("/audit?entidade=partial&acao=read").text.contains("faturista"))
        }
    }

    @Test func contractFormValidatesAndCopiesAsANewVersion() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            // Overlaps the demo contract of Vida Plena (payer 1) from 01/01/2026.
            let overlap = try await browser.post("/contracts", [
                ("name", "Duplicado"), ("payerId", "1"), ("companyId", "1"), ("validFrom", "01/02/2026"), ("cbhpm", "true"),
                ("procedureTableId", "1"), ("valueSeries", "CBHPM 2022"), ("porteAdjustment", "abc"),
            ])
            #expect(overlap.status == .unprocessableContent)
            #expect(overlap.text.contains("Percentual inválido: abc."))
            let copy = try await browser.post("/contracts/1/new-version", [("validFrom", "01/03/2027")])
            #expect(copy.status == .seeOther)
            let id = try #require(copy.location?.split(separator: "/").last?.split(separator: "?").first)
            let compare = try await browser.get("/contracts/compare?a=1&b=\(id)")
            #expect(compare.text.contains("versão 2"))
            #expect(compare.text.contains(#"<td class="diff">01/01/2026 a 28/02/2027</td>"#))
            let biller = try await Browser.login(client, "faturista")
            #expect(try await biller.post("/contracts/1/new-version", [("validFrom", "01/04/2027")]).status == .forbidden)
        }
    }

    @Test func tableUploadReportsBadRowsAndSavesNothing() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            func upload(_ csv: String) async throws -> TestResponse {
                let boundary = "----fatura-test"
                let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tabela.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                    + "--\(boundary)--\r\n"
                return try await client.execute(uri: "/tables/3/import", method: .post,
                                                headers: [.cookie: "fatura_session=\(browser.cookie)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                                                body: ByteBuffer(string: body))
            }
            // Table 3 of the demo is the own table (packages): codigo;descricao;valor;inicio_vigencia;fim_vigencia.
            let bad = try await upload("codigo;descricao;valor;inicio_vigencia;fim_vigencia\nPCT9;Pacote novo;mil;01/01/2026;\nPCT8;Outro;10,00;32/01/2026;")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("linha 2"))
            #expect(bad.text.contains("valor inválido: &#39;mil&#39;") || bad.text.contains("valor inválido: 'mil'"))
            #expect(bad.text.contains("linha 3"))
            #expect(try await browser.get("/tables/3?q=PCT9").text.contains("Nenhum código."))
            let good = try await upload("codigo;descricao;valor;inicio_vigencia;fim_vigencia\nPCT9;Pacote novo;1.000,00;01/01/2026;")
            #expect(good.status == .seeOther)
            #expect(try await browser.get("/tables/3?q=PCT9").text.contains("R$ 1.000,00"))
        }
    }
}
