import FaturaBilling
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
            // A sector user's queue is their own sector's (/queue redirects there); other sectors are refused, tested apart.
            let ownQueue = user.role.isSectorBound ? try await browser.get("/queue").location : nil
            for route in PageRoute.all() {
                // Demo partial 1 holds item 1.
                var path = route.path.replacingOccurrences(of: ":id", with: "1").replacingOccurrences(of: ":item", with: "1")
                    .replacingOccurrences(of: ":number", with: "1").replacingOccurrences(of: ":partial", with: "8")
                if let ownQueue, route.path.hasPrefix("/queue/:id") { path = route.path.replacingOccurrences(of: "/queue/:id", with: ownQueue) }
                let response = route.method == .post ? try await browser.post(path) : try await browser.get(path)
                // Demo record return 1 is Imagem's: SAME (a sector of its own) is refused it, as any other sector.
                if user.role == .records, route.path.hasPrefix("/record-returns/:id") {
                    #expect(response.status == .forbidden, "\(user.role) em \(route.method) \(route.path)")
                    continue
                }
                if user.role.may(route.permission) {
                    #expect(response.status != .forbidden, "\(user.role) deveria acessar \(route.method) \(route.path)")
                    if route.method == .get {
                        // A sector user's /nonconformities and /queue lead to their own queue.
                        let toOwnQueue = ownQueue != nil && response.status == .seeOther && response.location == ownQueue
                        #expect(response.status == .ok || toOwnQueue, "\(user.role) em GET \(route.path)")
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
            (.get, "/api/v1/partials/1", nil, .viewAccounts),
            (.post, "/api/v1/partials/1/close", #"{}"#, .editAccounts),
            (.post, "/api/v1/partials/1/reopen", #"{"reason":"Revisão pedida pelo convênio"}"#, .reopenPartials),
            (.get, "/api/v1/partials/1/nonconformities", nil, .viewAccounts),
            (.post, "/api/v1/partials/1/nonconformities", #"{"typeId":1}"#, .manageNonConformities),
            (.post, "/api/v1/nonconformities/1/actions", #"{"action":"accept"}"#, .manageNonConformities),
            (.post, "/api/v1/nonconformities/1/actions", #"{"action":"correct","note":"ok"}"#, .correctNonConformities),
            (.get, "/api/v1/sectors/1/queue", nil, .viewSectorQueue),
            (.get, "/api/v1/nonconformity-types", nil, .viewRegistries),
            (.get, "/api/v1/partials?companyId=1", nil, .viewAccounts),
            (.post, "/api/v1/partials/1/items", Self.line, .editAccounts),
            (.put, "/api/v1/partials/1/items/1", Self.line, .editAccounts),
            (.post, "/api/v1/partials/1/items/1/removal", #"{"reason":"Lançado em duplicidade"}"#, .editAccounts),
            (.get, "/api/v1/contracts", nil, .viewContracts),
            (.post, "/api/v1/contracts", Self.contract, .manageContracts),
            (.get, "/api/v1/contracts/compare?a=1&b=1", nil, .viewContracts),
            (.get, "/api/v1/contracts/1", nil, .viewContracts),
            (.put, "/api/v1/contracts/1", Self.contract, .manageContracts),
            (.post, "/api/v1/contracts/1/new-version", #"{"validFrom":"2027-01-01"}"#, .manageContracts),
            (.get, "/api/v1/price-tables", nil, .viewContracts),
            (.post, "/api/v1/price-tables", #"{"kind":"own","name":"Lista X"}"#, .manageContracts),
            (.get, "/api/v1/price-tables/1/rows", nil, .viewContracts),
            (.get, "/api/v1/exam-groups", nil, .viewContracts),
            (.post, "/api/v1/exam-groups", Self.group, .manageContracts),
            (.put, "/api/v1/exam-groups/1", Self.group, .manageContracts),
            (.get, "/api/v1/invoices", nil, .viewInvoices),
            (.post, "/api/v1/invoices", #"{"companyId":1,"payerId":1,"competence":"2026-11"}"#, .manageInvoices),
            (.get, "/api/v1/invoices/1", nil, .viewInvoices),
            (.post, "/api/v1/invoices/1/partials", #"{"partialIds":[8]}"#, .manageInvoices),
            (.post, "/api/v1/invoices/1/partials/8/removal", #"{}"#, .manageInvoices),
            (.post, "/api/v1/invoices/1/close", #"{}"#, .manageInvoices),
            (.post, "/api/v1/invoices/1/reopen", #"{}"#, .manageInvoices),
            (.post, "/api/v1/invoices/1/sending", #"{"sentOn":"2026-12-01","channel":"portal"}"#, .manageInvoices),
            (.get, "/api/v1/invoices/1/batches/1", nil, .viewInvoices),
            (.get, "/api/v1/glosas", nil, .viewGlosas),
            (.get, "/api/v1/map?companyId=1", nil, .viewTrackingMap),
            (.get, "/api/v1/proposals?companyId=1", nil, .viewContracts),
            (.get, "/api/v1/proposals/1", nil, .viewContracts),
            (.post, "/api/v1/proposals/1/decision", #"{"decision":"reject","expectedVersion":99}"#, .decideProposals),
            (.get, "/api/v1/glosas/1", nil, .viewGlosas),
            (.post, "/api/v1/glosas/1/decisions", #"{"action":"accept","expectedVersion":1,"text":"Conforme contrato"}"#, .manageGlosas),
            (.post, "/api/v1/glosas/1/decisions", #"{"action":"opinion","expectedVersion":1,"opinion":"justified","text":"Procede"}"#, .giveGlosaOpinion),
            (.post, "/api/v1/appeals", #"{"glosaIds":[1],"scope":"items"}"#, .manageGlosas),
            (.get, "/api/v1/appeals/1", nil, .viewGlosas),
            (.get, "/api/v1/appeals/1/xml", nil, .viewGlosas),
            (.post, "/api/v1/appeals/1/send", #"{"sentOn":"2026-12-01","expectedVersion":1}"#, .manageGlosas),
            (.post, "/api/v1/appeals/1/answer", #"{"answeredOn":"2026-12-01","expectedVersion":1,"accepted":[]}"#, .manageGlosas),
            (.get, "/api/v1/notices?companyId=1", nil, .viewNotices),
            (.post, "/api/v1/notices", #"{"companyId":1,"payerId":1,"receivedOn":"2026-12-01","subject":"X","text":"Y","kind":"other"}"#, .manageNotices),
            (.get, "/api/v1/notices/1", nil, .viewNotices),
            (.post, "/api/v1/notices/1/acknowledgements", #"{"sectorId":1,"step":"read"}"#, .viewNotices),
            (.get, "/api/v1/protocol?companyId=1", nil, .viewProtocolBook),
            (.post, "/api/v1/protocol", #"{"companyId":1,"day":"2026-12-01","direction":"outgoing","counterpart":"X","subject":"Y"}"#, .manageProtocolBook),
            (.get, "/api/v1/record-copies?companyId=1", nil, .viewRecordCopies),
            (.post, "/api/v1/record-copies", Self.recordCopy, .prepareRecordCopies),
            (.get, "/api/v1/record-copies/1", nil, .viewRecordCopies),
            (.post, "/api/v1/record-copies/1/steps", #"{"step":"prepare","expectedVersion":99,"pages":3}"#, .prepareRecordCopies),
            (.post, "/api/v1/record-copies/1/steps", #"{"step":"approve","expectedVersion":99}"#, .approveRecordCopies),
            (.get, "/api/v1/team/performance?companyId=1&from=2026-01-01&to=2026-12-31", nil, .viewTeam),
            (.get, "/api/v1/team/recycling?companyId=1", nil, .viewTeam),
            (.get, "/api/v1/team/evaluations?companyId=1", nil, .evaluateTeam),
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
                // An update has no password (it has its own operation): the strict body refuses the field.
                (.put, "/api/v1/\(path)/1", path == "users" ? #"{"username":"x","fullName":"X","role":"biller"}"# : body, manage),
                (.post, "/api/v1/\(path)/1/deactivate", nil, manage),
                (.post, "/api/v1/\(path)/1/activate", nil, manage),
            ]
        }
        return calls
    }()

    static let recordCopy = #"{"companyId":1,"requestedOn":"2026-12-01","requesterName":"X","relation":"patient","requesterDocument":"RG 1","documentChecked":true,"patientName":"X","records":"Y","purpose":"Z"}"#
    static let contract = #"{"name":"X","payerId":1,"companyId":1,"validFrom":"2030-01-01","procedureTable":"cbhpm","procedureTableId":1}"#
    static let group = #"{"code":"x","name":"X","band":9,"ambSecondBasisPoints":7000,"ambThirdBasisPoints":5000,"cbhpmSecondBasisPoints":7000,"cbhpmThirdBasisPoints":7000,"codeRanges":[{"from":"99999998","to":"99999998"}]}"#
    static let line = #"{"kind":"exam","table":"cbhpm","code":"41001010","description":"TC","performedAt":"2026-11-20T10:00","quantity":"1","reason":"Conferido no prontuário"}"#

    @Test func theApiListCoversEveryOperationOfTheSpec() throws {
        let spec = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let operations = spec.components(separatedBy: "operationId:").count - 1
        // All but createToken; actOnNonConformity is listed twice (the sector's step and billing's), decideGlosa too
        // (billing's steps and the auditor's opinion), advanceRecordCopy too (SAME's step and the supervisor's); the two CSV uploads (uploadPriceTableRows, uploadValueTable) take
        // text/csv and the receipt and statement imports XML: they are in `csvCalls`.
        #expect(Self.apiCalls.count + Self.csvCalls.count == operations - 1 + 3)
    }

    static let csvCalls: [(path: String, body: String, type: String, method: HTTPRequest.Method, permission: Permission)] = [
        ("/api/v1/price-tables/1/rows", "codigo;descricao;porte\n1;X;1A", "text/csv", .put, .manageContracts),
        ("/api/v1/value-tables?series=X&validFrom=2030-01-01", "item;valor\nUCO;1", "text/csv", .put, .manageContracts),
        ("/api/v1/invoices/1/receipt", "<x/>", "application/xml", .post, .manageInvoices),
        ("/api/v1/statements?payerId=1", "<x/>", "application/xml", .post, .manageGlosas),
        ("/api/v1/payment-statements?payerId=1", "<x/>", "application/xml", .post, .manageGlosas),
        ("/api/v1/protocol-situations?payerId=1", "<x/>", "application/xml", .post, .manageGlosas),
    ]

    @Test(arguments: demoUsers)
    func everyApiOperationRefusesARoleWithoutItsPermission(_ user: (username: String, role: Role)) async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, user.username, password: user.role == .admin ? "admin-senha-1" : "demo1234")
            for (method, path, body, permission) in Self.apiCalls where !user.role.may(permission) {
                let response = try await api.call(method, path, json: body)
                #expect(response.status == .forbidden, "\(user.role) em \(method) \(path)")
                #expect(try response.json()["code"] as? String == "forbidden")
            }
            for call in Self.csvCalls where !user.role.may(call.permission) {
                let response = try await client.execute(uri: call.path, method: call.method, headers: [.authorization: "Bearer \(api.token)", .contentType: call.type],
                                                        body: ByteBuffer(string: call.body))
                #expect(response.status == .forbidden, "\(user.role) em \(call.method) \(call.path)")
            }
        }
    }
}
