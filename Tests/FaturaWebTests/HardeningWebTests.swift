import FaturaStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 9: what an attacker or a careless client found in the running server.
@Suite struct HardeningWebTests {
    /// `next=/%09/evil.example/` decodes to "/\t/evil.example/", which browsers read as
    /// `//evil.example/`: after signing in the user lands on the home page instead.
    @Test func theLoginDoesNotRedirectToAnotherSite() async throws {
        try await withApp { client in
            for next in ["/\t/evil.example/", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/ /evil"] {
                let page = try await client.execute(uri: "/login", method: .get)
                let cookie = try #require(page.cookie("fatura_login_csrf"))
                let response = try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fatura_login_csrf=\(cookie)"],
                    body: form([("_csrf", try #require(page.csrfToken)), ("username", "supervisor"), ("password", "demo1234"), ("next", next)]))
                #expect(response.status == .seeOther)
                #expect(response.location == "/", "next=\(next.debugDescription)")
            }
            // A real local path is kept.
            let page = try await client.execute(uri: "/login", method: .get)
            let cookie = try #require(page.cookie("fatura_login_csrf"))
            let local = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fatura_login_csrf=\(cookie)"],
                body: form([("_csrf", try #require(page.csrfToken)), ("username", "supervisor"), ("password", "demo1234"), ("next", "/payers?page=2")]))
            #expect(local.location == "/payers?page=2")
        }
    }

    /// A body over the limit without Content-Length (chunked) is the same 413 as with it.
    @Test func anOversizedBodyWithoutLengthIs413() async throws {
        try await withApp(demo: false, maxBodyBytes: 1_024) { client in
            let api = try await APIClient.make(client, "admin", password: "admin-senha-1")
            let body = #"{"name":""# + String(repeating: "x", count: 4_000) + #"","cnpj":"11222333000181","cnes":"2077485"}"#
            let response = try await client.execute(uri: "/api/v1/companies", method: .post,
                                                    headers: [.authorization: "Bearer \(api.token)", .contentType: "application/json"],
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .contentTooLarge)
            #expect(try response.json()["code"] as? String == "payload_too_large")
        }
    }

    /// A missing required field is the 422 every validation gives, with the field in `errors`.
    @Test func aMissingFieldIsA422NamingIt() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let response = try await api.call(.post, "/api/v1/companies", json: #"{"name":"Hospital Sul","cnpj":"11222333000181"}"#)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.json()["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["cnes"])
            // A bad value deep in a HIS document is named the same way as the other HIS errors.
            let his = try await api.call(.post, "/api/v1/his/encounters", json: """
                {"encounters":[{"externalId":"A","companyCnpj":"11222333000181","payerAnsRegistry":"123455","type":"sadt",
                 "startedAt":"2026-11-03T07:40","patient":{"externalId":"P","name":"Maria"},
                 "partials":[{"externalId":"X","periodStart":"2026-11-03","periodEnd":"2026-11-03",
                 "items":[{"externalId":"L","kind":"foguete","table":"cbhpm","code":"41001010","description":"TC","performedAt":"2026-11-03T08:00","quantity":"1"}]}]}]}
                """)
            #expect(his.status == .unprocessableContent)
            let hisErrors = try #require(try his.json()["errors"] as? [[String: Any]])
            #expect(hisErrors.first?["field"] as? String == "encounters[0].partials[0].items[0].kind")
        }
    }

    /// The document that used to crash the server: 100 CTs of 999.999.999.999,9999 units. It is
    /// refused with the place of each quantity, and the server goes on answering.
    @Test func theOverflowDocumentIsRefusedAndTheServerLives() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let items = (0..<100).map { #"{"externalId":"Q-\#($0)","kind":"exam","table":"cbhpm","code":"41001010","description":"TC","performedAt":"2026-11-03T08:00","quantity":"999999999999.9999"}"# }
            let response = try await api.call(.post, "/api/v1/his/encounters", json: """
                {"encounters":[{"externalId":"ATK","companyCnpj":"11222333000181","payerAnsRegistry":"123455","type":"sadt",
                 "startedAt":"2026-11-03T07:40","patient":{"externalId":"ATK-P","name":"Maria"},
                 "partials":[{"externalId":"ATK-1","periodStart":"2026-11-03","periodEnd":"2026-11-03","items":[\(items.joined(separator: ","))]}]}]}
                """)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.json()["errors"] as? [[String: Any]])
            #expect(errors.count == 100)
            #expect(errors.first?["field"] as? String == "encounters[0].partials[0].items[0].quantity")
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
        }
    }

    /// With FATURA_METRICS_TOKEN set, `/metrics` wants it; without, it stays open.
    @Test func metricsCanRequireAToken() async throws {
        try await withApp(demo: false, metricsToken: "segredo-das-metricas") { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer outro"]).status == .unauthorized)
            let ok = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer segredo-das-metricas"])
            #expect(ok.status == .ok)
        }
    }

    /// A percentage outside 0–100% in the exam-rule API is a 422, never applied.
    @Test func examRulePercentagesAreBounded() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let response = try await api.call(.post, "/api/v1/partials/1/exam-rule", json: #"{"percentages":[{"itemId":1,"basisPoints":-5000}]}"#)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.json()["errors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? String == "percentages[0].basisPoints")
        }
    }
}

extension HardeningWebTests {
    /// A parameter of the wrong type is the client's 400 (found by the fuzzer), never a 422 on "corpo".
    @Test func unreadableParametersAre400() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            for uri in ["/api/v1/companies?page=abc", "/api/v1/companies/null,null", "/api/v1/companies?active=talvez"] {
                let response = try await api.call(.get, uri)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(try response.json()["code"] as? String == "bad_request")
            }
        }
    }
}
