import Foundation

/// The application's links, built in one place: pages, redirects and `WorklistRow` ask for a
/// destination instead of writing its path. Route registration (`PageRoute`) keeps its patterns.
enum SiteURL: Sendable, Equatable {
    case login
    case contracts
    case accounts
    case unpriced
    case partial(Int)
    /// The partial's non-conformities box (a fragment of its page).
    case partialNonConformities(Int)
    case item(partial: Int, Int)
    case newItem(partial: Int)
    case examRule(partial: Int)
    case examBatch
    case nonConformities
    case queue(sector: Int)
    case recordReturns
    case recordReturn(Int)
    case contract(Int)
    case contractCompare(Int, Int)
    case proposals
    case proposal(Int)
    case table(Int)
    case tables
    case examGroup(Int)
    case examGroups
    case audit
    case invoices
    case invoice(Int)
    case deliveryCalendar
    case payerTerms(Int)
    case auditAccess
    case tokens
    /// A registry (`/companies`, `/payers`…) and its records.
    case registry(String)
    case registryNew(String)
    case registryRecord(String, Int)
    case registryEdit(String, Int)
    /// Deactivates an active record, reactivates an inactive one.
    case registryToggle(String, Int, active: Bool)
    case userPassword(Int)
    case glosas
    case glosa(Int)
    case statement(Int)
    case paymentStatement(Int)
    case appeals
    case appeal(Int)
    case map
    /// The map's CSV or XLSX (`csv`, `xlsx`).
    case mapExport(String)
    case mapPrint
    case indicators
    case indicatorExport
    case management
    case notices
    case notice(Int)
    case noticeAttachment(Int)
    case protocolBook
    case protocolReceipt(Int)
    case recordCopies
    case recordCopy(Int)
    case recordCopyReceipt(Int)
    case team
    case trainings
    case meetings
    case meeting(Int)
    case guidelines
    case guideline(Int)
    case performance
    case evaluations
    case evaluation(Int)

    var path: String {
        switch self {
        case .login: "/login"
        case .contracts: "/contracts"
        case .accounts: "/accounts"
        case .unpriced: "/accounts/unpriced"
        case .partial(let id): "/accounts/partials/\(id)"
        case .partialNonConformities(let id): "/accounts/partials/\(id)#nao-conformidades"
        case .item(let partial, let id): "/accounts/partials/\(partial)/items/\(id)"
        case .newItem(let partial): "/accounts/partials/\(partial)/items/new"
        case .examRule(let id): "/accounts/partials/\(id)/exam-rule"
        case .examBatch: "/exam-rule/batch"
        case .nonConformities: "/nonconformities"
        case .queue(let id): "/queue/\(id)"
        case .recordReturns: "/record-returns"
        case .recordReturn(let id): "/record-returns/\(id)"
        case .contract(let id): "/contracts/\(id)"
        case .contractCompare(let a, let b): "/contracts/compare?a=\(a)&b=\(b)"
        case .proposals: "/contracts/proposals"
        case .proposal(let id): "/contracts/proposals/\(id)"
        case .table(let id): "/tables/\(id)"
        case .tables: "/tables"
        case .examGroup(let id): "/exam-groups/\(id)"
        case .examGroups: "/exam-groups"
        case .audit: "/audit"
        case .invoices: "/invoices"
        case .invoice(let id): "/invoices/\(id)"
        case .deliveryCalendar: "/invoices/calendar"
        case .payerTerms(let id): "/invoices/terms/\(id)"
        case .auditAccess: "/audit/access"
        case .tokens: "/tokens"
        case .registry(let base): base
        case .registryNew(let base): base + "/new"
        case .registryRecord(let base, let id): "\(base)/\(id)"
        case .registryEdit(let base, let id): "\(base)/\(id)/edit"
        case .registryToggle(let base, let id, let active): "\(base)/\(id)/" + (active ? "deactivate" : "activate")
        case .userPassword(let id): "/users/\(id)/password"
        case .glosas: "/glosas"
        case .glosa(let id): "/glosas/\(id)"
        case .statement(let id): "/glosas/statements/\(id)"
        case .paymentStatement(let id): "/glosas/payments/\(id)"
        case .appeals: "/glosas/appeals"
        case .appeal(let id): "/glosas/appeals/\(id)"
        case .map: "/map"
        case .mapExport(let ext): "/map/export.\(ext)"
        case .mapPrint: "/map/print"
        case .indicators: "/map/indicators"
        case .indicatorExport: "/map/indicators/export.csv"
        case .management: "/management"
        case .notices: "/notices"
        case .notice(let id): "/notices/\(id)"
        case .noticeAttachment(let id): "/notices/attachments/\(id)"
        case .protocolBook: "/protocol"
        case .protocolReceipt(let id): "/protocol/\(id)/receipt"
        case .recordCopies: "/record-copies"
        case .recordCopy(let id): "/record-copies/\(id)"
        case .recordCopyReceipt(let id): "/record-copies/\(id)/receipt"
        case .team: "/team"
        case .trainings: "/team/trainings"
        case .meetings: "/team/meetings"
        case .meeting(let id): "/team/meetings/\(id)"
        case .guidelines: "/team/guidelines"
        case .guideline(let id): "/team/guidelines/\(id)"
        case .performance: "/team/performance"
        case .evaluations: "/team/evaluations"
        case .evaluation(let id): "/team/evaluations/\(id)"
        }
    }

    /// The path with a query in the given order; nil values are left out, the others percent-encoded
    /// (all but RFC 3986's unreserved characters).
    func with(_ query: [(String, String?)]) -> String {
        let parts = query.compactMap { name, value in
            value.map { name + "=" + ($0.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "") }
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// Page `number` of this list with the request's other filters as they came (`rawQuery`): the
    /// pager's links keep what the person chose and change only `pagina`.
    func page(_ number: Int, keeping rawQuery: String?) -> String {
        let kept = (rawQuery ?? "").split(separator: "&").filter { !$0.hasPrefix("pagina=") }.joined(separator: "&")
        return path + "?" + (kept.isEmpty ? "" : kept + "&") + "pagina=\(number)"
    }
}
