import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Builds the real application on a fresh database of `kind`, with the demo data (users of every
/// role, password `demo1234`), and runs `body` with an in-process client.
func withApp(_ kind: DatabaseKind = .sqlite, demo: Bool = true, maxBodyBytes: Int = 2 * 1024 * 1024, metricsToken: String? = nil,
             _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    guard let location = try await TestDatabase.makeLocation(kind) else { return }
    let configuration = AppConfiguration(database: location, demo: demo, adminPassword: "admin-senha-1", bcryptCost: 4,
                                         secureCookies: false, maxBodyBytes: maxBodyBytes, logLevel: .warning,
                                         metricsToken: metricsToken)
    let app = try await buildApplication(configuration)
    try await app.test(.router) { client in try await body(client) }
}

/// The demo users, one per role.
let demoUsers: [(username: String, role: Role)] = [
    ("admin", .admin), ("supervisor", .supervisor), ("faturista", .biller), ("auditor", .auditor),
    ("diretoria", .board), ("imagem", .sector), ("arquivo", .records),
]

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }

    /// The value of cookie `name` set by this response.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .setCookie] {
            let first = header.split(separator: ";").first ?? ""
            let parts = first.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name { return String(parts[1]) }
        }
        return nil
    }

    /// The first hidden `_csrf` value in the page.
    var csrfToken: String? {
        guard let range = text.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }
}

func form(_ pairs: [(String, String)]) -> ByteBuffer {
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let text = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    return ByteBuffer(string: text)
}

/// A signed-in browser: keeps the session cookie and the page's CSRF token.
struct Browser: Sendable {
    let client: any TestClientProtocol
    let cookie: String
    let csrf: String

    static func login(_ client: any TestClientProtocol, _ username: String, password: String = DemoData.password) async throws -> Browser {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCSRF = try #require(page.cookie("fatura_login_csrf"))
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fatura_login_csrf=\(loginCSRF)"],
            body: form([("_csrf", try #require(page.csrfToken)), ("username", username), ("password", password), ("next", "/")]))
        #expect(response.status == .seeOther, "login de \(username)")
        let session = try #require(response.cookie("fatura_session"))
        let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: "fatura_session=\(session)"])
        return Browser(client: client, cookie: session, csrf: try #require(home.csrfToken))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: "fatura_session=\(cookie)"])
    }

    /// A form POST with the session's CSRF token (unless `csrf` overrides it).
    func post(_ uri: String, _ fields: [(String, String)] = [], csrf: String? = nil) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: "fatura_session=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
            body: form([("_csrf", csrf ?? self.csrf)] + fields))
    }
}

/// An API caller with a bearer token made from a demo user's credentials.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String

    static func make(_ client: any TestClientProtocol, _ username: String, password: String = DemoData.password) async throws -> APIClient {
        let response = try await client.execute(
            uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)","name":"teste"}"#))
        #expect(response.status == .created)
        return APIClient(client: client, token: try #require(try response.json()["token"] as? String))
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}
