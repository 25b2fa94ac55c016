import FaturaDomain
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route declares a permission; these tests walk all of them with every role.
@Suite struct RoleAccessTests {
    @Test(arguments: demoUsers)
    func everyPageRefusesARoleWithoutItsPermission(_ user: (username: String, role: Role)) async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, user.username, password: user.role == .admin ? "admin-senha-1" : "demo1234")
            for route in PageRoute.all() {
                let path = route.path.replacingOccurrences(of: ":id", with: "1")
                let response = route.method == .post ? try await browser.post(path) : try await browser.get(path)
                if user.role.may(route.permission) {
                    #expect(response.status != .forbidden, "\(user.role) deveria acessar \(route.method) \(route.path)")
                    if route.method == .get {
                        #expect(response.status == .ok, "\(user.role) em GET \(route.path)")
                    }
                } else {
                    #expect(response.status == .forbidden, "\(user.role) não deveria acessar \(route.method) \(route.path)")
                }
            }
        }
    }

    /// (method, path, body, permission) for every API operation but `createToken`, which is open.
    static let apiCalls: [(HTTPRequest.Method, String, String?, Permission)] = {
        var calls: [(HTTPRequest.Method, String, String?, Permission)] = [
            (.get, "/api/v1/tokens", nil, .useApplication),
            (.delete, "/api/v1/tokens/999", nil, .useApplication),
            (.get, "/api/v1/me", nil, .useApplication),
            (.get, "/api/v1/audit", nil, .viewAuditLog),
            (.post, "/api/v1/his/encounters", #"{"encounters":[]}"#, .editAccounts),
            (.get, "/api/v1/partials/1/exam-rule", nil, .viewAccounts),
            (.post, "/api/v1/partials/1/exam-rule", #"{"percentages":[]}"#, .editAccounts),
        ]
        let bodies = [
            "companies": #"{"name":"X","cnpj":"11222333000181","cnes":"1234567"}"#,
            "payers": #"{"name":"X","billingStandard":"sus"}"#,
            "sectors": #"{"code":"x","name":"X","kind":"care"}"#,
            "users": #"{"username":"x","fullName":"X","role":"biller","password":"12345678"}"#,
        ]
        for (path, body) in bodies.sorted(by: { $0.key < $1.key }) {
            let view: Permission = path == "users" ? .viewUsers : .viewRegistries
            let manage: Permission = path == "users" ? .manageUsers : .manageRegistries
            calls += [
                (.get, "/api/v1/\(path)", nil, view),
                (.post, "/api/v1/\(path)", body, manage),
                (.get, "/api/v1/\(path)/1", nil, view),
                (.put, "/api/v1/\(path)/1", body, manage),
                (.post, "/api/v1/\(path)/1/deactivate", nil, manage),
                (.post, "/api/v1/\(path)/1/activate", nil, manage),
            ]
        }
        return calls
    }()

    @Test func theApiListCoversEveryOperationOfTheSpec() throws {
        let spec = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let operations = spec.components(separatedBy: "operationId:").count - 1
        #expect(Self.apiCalls.count == operations - 1) // all but createToken
    }

    @Test(arguments: demoUsers)
    func everyApiOperationRefusesARoleWithoutItsPermission(_ user: (username: String, role: Role)) async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, user.username, password: user.role == .admin ? "admin-senha-1" : "demo1234")
            for (method, path, body, permission) in Self.apiCalls where !user.role.may(permission) {
                let response = try await api.call(method, path, json: body)
                #expect(response.status == .forbidden, "\(user.role) em \(method) \(path)")
                #expect(try response.json()["code"] as? String == "forbidden")
            }
        }
    }
}
