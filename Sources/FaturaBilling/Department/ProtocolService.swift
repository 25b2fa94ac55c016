import FaturaDomain
import FaturaStore

/// The protocol book (issue 15): lines typed by billing for letters and papers, and the ones the
/// invoices, appeals and notices write themselves.
public struct ProtocolService: BillingService {
    let context: ServiceContext

    public static let pageSize = 50

    public func register(_ input: ProtocolEntry, by actor: AuditActor) async throws -> ProtocolEntry {
        var entry = input
        entry.normalize()
        let problems = entry.validate(today: clock.today())
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = entry
        let now = clock.timestamp()
        return try await database.transaction { tx in try await ProtocolRepository.insert(candidate, at: now, by: actor, on: tx) }
    }

    public func get(_ id: Int) async throws -> ProtocolEntry {
        guard let found = try await database.read({ try await ProtocolRepository.find(id, on: $0) }) else { throw FaturaError.notFound(entity: "protocolo") }
        return found
    }

    public func list(companyId: Int, year: Int?, direction: ProtocolDirection?, text: String?, page: Int) async throws -> Page<ProtocolEntry> {
        let page = Page<ProtocolEntry>.clamp(page)
        let found = try await database.read {
            try await ProtocolRepository.list(companyId: companyId, year: year, direction: direction, text: text, limit: Self.pageSize,
                                              offset: (page - 1) * Self.pageSize, on: $0)
        }
        return Page(items: found.entries, page: page, perPage: Self.pageSize, total: found.total)
    }

    public func linked(invoiceId: Int? = nil, appealId: Int? = nil, noticeId: Int? = nil, recordCopyId: Int? = nil) async throws -> [ProtocolEntry] {
        try await database.read {
            try await ProtocolRepository.linked(invoiceId: invoiceId, appealId: appealId, noticeId: noticeId, recordCopyId: recordCopyId, on: $0)
        }
    }
}
