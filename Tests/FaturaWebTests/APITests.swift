import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APITests {
    @Test(arguments: TestDatabase.kinds)
    func companyCrudWithProblemDetailsForBadInput(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { client in
            let api = try await APIClient.make(client, "supervisor")

            let invalid = try await api.call(.post, "/api/v1/companies", json: #"{"name":"","cnpj":"11.222.333/0001-82","cnes":"1"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.headers[.contentType] == "application/problem+json; charset=utf-8")
            let problem = try invalid.json()
            #expect(problem["code"] as? String == "validation_failed")
            #expect(problem["status"] as? Int == 422)
            let fields = (problem["errors"] as? [[String: String]])?.map { $0["field"] ?? "" }
            #expect(fields == ["name", "cnpj", "cnes"])

            let created = try await api.call(.post, "/api/v1/companies", json: #"{"name":"Hospital Três","cnpj":"11.222.333/0001-81","cnes":"1234567"}"#)
            // The demo already has 11.222.333/0001-81.
            #expect(created.status == .unprocessableContent)
            #expect(try created.json()["detail"] as? String == "cnpj: Já existe uma coligada com este CNPJ.")

            // 45.723.174/0001-10: Σ(4,5,7,2,3,1,7,4,0,0,0,1 × 5..2,9..2) = 175, mod 11 = 10 → 1; Σ(…,1 × 6..2,9..2) = 187, mod 11 = 0 → 0.
            let ok = try await api.call(.post, "/api/v1/companies", json: #"{"name":"Hospital Três","cnpj":"45.723.174/0001-10","cnes":"1234567"}"#)
            #expect(ok.status == .created)
            let id = try #require(try ok.json()["id"] as? Int)
            #expect(try ok.json()["cnpj"] as? String == "45723174000110")

            let updated = try await api.call(.put, "/api/v1/companies/\(id)", json: #"{"name":"Hospital Três Rios","cnpj":"45723174000110","cnes":"1234567"}"#)
            #expect(try updated.json()["name"] as? String == "Hospital Três Rios")
            let deactivated = try await api.call(.post, "/api/v1/companies/\(id)/deactivate")
            #expect(try deactivated.json()["active"] as? Bool == false)
            let list = try await api.call(.get, "/api/v1/companies?active=all&q=tr%C3%AAs")
            #expect(try list.json()["total"] as? Int == 1)

            let missing = try await api.call(.get, "/api/v1/companies/9999")
            #expect(missing.status == .notFound)
            #expect(try missing.json()["title"] as? String == "Não encontrado: coligada.")
        }
    }

    @Test func malformedJsonIsA400NotA500() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let response = try await api.call(.post, "/api/v1/payers", json: #"{"name": 12"#)
            #expect(response.status == .badRequest)
            #expect(try response.json()["code"] as? String == "bad_request")
            // A value outside the enum is a 422 naming the field, like every other validation (issue 9, item 12).
            let wrongEnum = try await api.call(.post, "/api/v1/payers", json: #"{"name":"X","billingStandard":"outro"}"#)
            #expect(wrongEnum.status == .unprocessableContent)
            #expect(try wrongEnum.json()["code"] as? String == "validation_failed")
            #expect((try wrongEnum.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "billingStandard")
        }
    }

    @Test func tokenRequestWithWrongPasswordIs401() async throws {
        try await withApp { client in
            let response = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"],
                                                    body: ByteBuffer(string: #"{"username":"supervisor","password":"x"}"#))
            #expect(response.status == .unauthorized)
            #expect(try response.json()["code"] as? String == "invalid_credentials")
        }
    }

    @Test func meListsThePermissionsOfTheRole() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "imagem")
            let me = try await api.call(.get, "/api/v1/me").json()
            #expect(me["permissions"] as? [String] == ["useApplication", "viewSectorQueue", "correctNonConformities", "viewManagement", "viewNotices"])
            #expect((me["user"] as? [String: Any])?["role"] as? String == "sector")
        }
    }

    @Test func usersAreCreatedWithAPasswordAndSectorUsersNeedASector() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "admin", password: "admin-senha-1")
            let noSector = try await api.call(.post, "/api/v1/users", json: #"{"username":"uti1","fullName":"UTI","role":"sector","password":"12345678"}"#)
            #expect(noSector.status == .unprocessableContent)
            let ok = try await api.call(.post, "/api/v1/users", json: #"{"username":"uti1","fullName":"UTI","role":"sector","sectorId":9,"password":"12345678"}"#)
            #expect(ok.status == .created)
            _ = try await APIClient.make(client, "uti1", password: "12345678")
        }
    }

    @Test func auditApiFiltersByEntity() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            _ = try await api.call(.post, "/api/v1/sectors", json: #"{"code":"hemo","name":"Hemodinâmica","kind":"care"}"#)
            let audit = try await api.call(.get, "/api/v1/audit?entity=sector&action=create").json()
            // 13 default sectors + the new one.
            #expect(audit["total"] as? Int == 14)
            let first = try #require((audit["items"] as? [[String: Any]])?.first)
            #expect(first["username"] as? String == "supervisor")
            #expect((first["after"] as? String)?.contains("Hemodinâmica") == true)
            #expect(try await api.call(.get, "/api/v1/audit?from=ontem").status == .unprocessableContent)
        }
    }
}
