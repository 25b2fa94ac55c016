import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OperationsTests {
    @Test func healthMetricsSpecAndStylesheetAreServed() async throws {
        try await withApp(demo: false) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == #"{"status":"ok","database":"ok"}"#)

            let spec = try await client.execute(uri: "/api/openapi.yaml", method: .get)
            #expect(spec.text.hasPrefix("openapi: 3.1.0"))

            let css = try await client.execute(uri: "/static/style.css", method: .get)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("hb_request"))
        }
    }

    @Test func unknownRoutesAre404() async throws {
        try await withApp(demo: false) { client in
            let page = try await client.execute(uri: "/nao-existe", method: .get)
            #expect(page.status == .notFound)
            #expect(page.text.contains("Página não encontrada"))
            let api = try await client.execute(uri: "/api/v1/nao-existe", method: .get)
            #expect(api.status == .notFound)
            #expect(try api.json()["code"] as? String == "not_found")
        }
    }

    @Test func bodiesOverTheLimitAreRefused() async throws {
        try await withApp(demo: false, maxBodyBytes: 1024) { client in
            let big = ByteBuffer(string: String(repeating: "a", count: 4096))
            let response = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"], body: big)
            #expect(response.status == .contentTooLarge)
            #expect(try response.json()["code"] as? String == "payload_too_large")
        }
    }

    @Test func pagesCarrySecurityHeaders() async throws {
        try await withApp(demo: false) { client in
            let response = try await client.execute(uri: "/login", method: .get)
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
        }
    }
}
