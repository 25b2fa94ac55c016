import FaturaStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LoginTests {
    @Test func signsInWithTheRightPasswordAndCsrfToken() async throws {
        try await withApp { client in
            // Setup: the login page sets the anti-forgery cookie that the form must repeat.
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            let loginCSRF = try #require(page.cookie("fatura_login_csrf"))
            let token = try #require(page.csrfToken)
            #expect(token == loginCSRF)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "fatura_login_csrf=\(loginCSRF)"]

            // A forged form (no matching token) is refused before the password is even checked.
            let forged = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                  body: form([("_csrf", "outro"), ("username", "supervisor"), ("password", "demo1234")]))
            #expect(forged.status == .forbidden)

            let wrong = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: form([("_csrf", token), ("username", "supervisor"), ("password", "errada")]))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Usuário ou senha incorretos."))
            #expect(wrong.cookie("fatura_session") == nil)

            let right = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: form([("_csrf", token), ("username", "supervisor"), ("password", "demo1234"), ("next", "/payers")]))
            #expect(right.status == .seeOther)
            #expect(right.location == "/payers")
            let session = try #require(right.cookie("fatura_session"))
            #expect(right.headers[values: .setCookie].contains { $0.hasPrefix("fatura_session=") && $0.contains("HttpOnly") })

            let payers = try await client.execute(uri: "/payers", method: .get, headers: [.cookie: "fatura_session=\(session)"])
            #expect(payers.status == .ok)
            #expect(payers.text.contains("Márcio Rogério de Sales"))
            #expect(payers.text.contains("Vida Plena Saúde"))
        }
    }

    @Test func lockedOutAfterFiveFailures() async throws {
        try await withApp { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let loginCSRF = try #require(page.cookie("fatura_login_csrf"))
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "fatura_login_csrf=\(loginCSRF)"]
            var last: TestResponse?
            for _ in 1...5 {
                last = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                body: form([("_csrf", loginCSRF), ("username", "faturista"), ("password", "errada")]))
            }
            #expect(last?.status.code == 423)
            let right = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: form([("_csrf", loginCSRF), ("username", "faturista"), ("password", "demo1234")]))
            #expect(right.status.code == 423)
            #expect(right.text.contains("Conta bloqueada temporariamente"))
        }
    }

    @Test func pagesWithoutSessionGoToLoginAndTheAPIAnswers401() async throws {
        try await withApp { client in
            let page = try await client.execute(uri: "/payers", method: .get)
            #expect(page.status == .found)
            #expect(page.location == "/login?next=%2Fpayers")

            let api = try await client.execute(uri: "/api/v1/payers", method: .get)
            #expect(api.status == .unauthorized)
            #expect(api.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(try api.json()["code"] as? String == "unauthenticated")

            let badToken = try await client.execute(uri: "/api/v1/payers", method: .get, headers: [.authorization: "Bearer fat_nada"])
            #expect(badToken.status == .unauthorized)
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "faturista")
            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/").status == .found)
        }
    }

    @Test func adminPasswordResetEndsTheUsersSessions() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")
            let admin = try await Browser.login(client, "admin", password: "admin-senha-1")
            let users = try await admin.get("/users?q=faturista")
            #expect(users.text.contains("Ana Paula Ribeiro"))
            // Demo users are created in order after admin: faturista is id 3.
            let reset = try await admin.post("/users/3/password", [("password", "curta")])
            #expect(reset.status == .unprocessableContent)
            #expect(try await admin.post("/users/3/password", [("password", "nova-senha-9")]).status == .seeOther)
            #expect(try await biller.get("/").status == .found)
            _ = try await Browser.login(client, "faturista", password: "nova-senha-9")
        }
    }
}
