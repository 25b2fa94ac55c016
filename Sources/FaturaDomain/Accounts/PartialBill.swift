/// A period of an account: the unit that is priced, processed by the exam rule, closed and invoiced.
public struct PartialBill: Hashable, Sendable, Codable, Identifiable {
    public var id: FaturaDomain.ID<PartialBill>?
    public var externalId: String
    public var accountId: Int
    public var companyId: Int
    public var payerId: Int
    public var periodStart: CalendarDay
    public var periodEnd: CalendarDay
    public var status: PartialStatus
    /// Optimistic version: a write that read an older version is refused as a conflict.
    public var version: Int

    public init(id: FaturaDomain.ID<PartialBill>? = nil, externalId: String, accountId: Int, companyId: Int, payerId: Int, periodStart: CalendarDay,
                periodEnd: CalendarDay, status: PartialStatus = .draft, version: Int = 1) {
        self.id = id
        self.externalId = externalId
        self.accountId = accountId
        self.companyId = companyId
        self.payerId = payerId
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.status = status
        self.version = version
    }
}

public enum PartialStatus: String, CaseIterable, Sendable, Codable {
    /// Em elaboração: items may change.
    case draft
    /// Encerrada: closed by billing, ready to invoice, read-only.
    case closed
    /// Faturada: in an invoice. Removing it from the open invoice is the way back to closed.
    case invoiced

    public var label: String {
        switch self {
        case .draft: "Em elaboração"
        case .closed: "Encerrada"
        case .invoiced: "Faturada"
        }
    }
}
