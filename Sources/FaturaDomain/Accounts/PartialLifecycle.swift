/// The partial's lifecycle (DOMAIN.md §3–4): a draft takes changes (items, prices, the exam rule,
/// non-conformities) and is closed; a closed partial is read-only until it is reopened with a reason.
/// Invoicing will add its states here. Every writer asks this type, never the raw status.
public enum PartialEvent: String, Sendable, CaseIterable {
    case close
    case reopen
    /// Put in an invoice (closed → faturada) and taken out of an open one (faturada → closed).
    case invoice
    case uninvoice
}

/// A change a writer wants to make to a partial's contents.
public enum PartialChange: String, Sendable, CaseIterable {
    case items
    case prices
    case examRule
    case nonConformities

    /// The end of the refusal's sentence: what a closed partial does not take.
    var refusal: String {
        switch self {
        case .items: "reabra-a antes de alterar seus lançamentos."
        case .prices: "reabra-a antes de recalcular os preços."
        case .examRule: "a regra de cobrança de exames não a altera."
        case .nonConformities: "reabra-a antes de registrar não conformidades."
        }
    }
}

extension PartialStatus {
    /// Whether a partial in this status takes `change`.
    public func allows(_ change: PartialChange) -> Bool {
        switch self {
        case .draft: true
        case .closed, .invoiced: false
        }
    }

    /// The status after `event`, or nil when this status does not allow it.
    public func after(_ event: PartialEvent) -> PartialStatus? {
        switch (self, event) {
        case (.draft, .close): .closed
        case (.closed, .reopen): .draft
        case (.closed, .invoice): .invoiced
        case (.invoiced, .uninvoice): .closed
        default: nil
        }
    }
}

extension PartialBill {
    /// Refuses `change` when the partial is not a draft (`partial_closed`) or when it moved on since
    /// the version the person saw (`stale_version`).
    public func check(_ change: PartialChange, expectedVersion: Int? = nil) throws(FaturaError) {
        guard status.allows(change) else { throw .partialClosed(externalId: externalId, change: change) }
        if let expectedVersion, expectedVersion != version { throw .stalePartial }
    }

    /// The status `event` leads to, or the refusal: closing what is not a draft (`partial_closed`),
    /// reopening what is not closed (`partial_not_closed`), or a stale version.
    public func next(_ event: PartialEvent, expectedVersion: Int? = nil) throws(FaturaError) -> PartialStatus {
        guard let next = status.after(event) else {
            switch (event, status) {
            case (.close, _): throw .partialAlreadyClosed(externalId: externalId)
            case (.reopen, .invoiced): throw .partialInvoiced(externalId: externalId)
            case (.reopen, _), (.invoice, .draft): throw .partialNotClosed(externalId: externalId)
            case (.invoice, _): throw .partialInvoiced(externalId: externalId)
            case (.uninvoice, _): throw .partialNotInvoiced(externalId: externalId)
            }
        }
        if let expectedVersion, expectedVersion != version { throw .stalePartial }
        return next
    }
}
