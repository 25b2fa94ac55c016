/// An invoice's states (issue 12): open while partials come and go; closed when its batches are
/// generated and valid (frozen); sent with its date, channel and protocol; then, as the payer's
/// statements arrive, partially received and finally settled.
public enum InvoiceStatus: String, Sendable, CaseIterable {
    case open
    case closed
    case sent
    case partiallyReceived = "partially_received"
    case settled

    public var label: String {
        switch self {
        case .open: "Aberta"
        case .closed: "Fechada"
        case .sent: "Enviada"
        case .partiallyReceived: "Recebida parcialmente"
        case .settled: "Liquidada"
        }
    }

    /// Partials may be added or removed only while the invoice is open.
    public var acceptsPartials: Bool { self == .open }
}

public enum InvoiceEvent: String, Sendable, CaseIterable {
    case close
    /// Back to open from closed (before sending): the batches are discarded and generated again.
    case reopen
    case send
    case receivePayment = "receive_payment"
    case settle
}

extension InvoiceStatus {
    /// The state after `event`, or nil when the lifecycle refuses it (the caller names the refusal).
    public func next(_ event: InvoiceEvent) -> InvoiceStatus? {
        switch (self, event) {
        case (.open, .close): .closed
        case (.closed, .reopen): .open
        case (.closed, .send): .sent
        case (.sent, .receivePayment), (.partiallyReceived, .receivePayment): .partiallyReceived
        case (.sent, .settle), (.partiallyReceived, .settle): .settled
        default: nil
        }
    }
}

/// TISS claim batches (`loteGuias`): at most 100 claims, all of one type (Componente
/// Organizacional, quadro 4). Claims keep their order; each type starts its own batches.
public enum ClaimBatches {
    public static let maxClaims = 100

    public static func split<Claim, Kind: Hashable>(_ claims: [Claim], kind: (Claim) -> Kind, max: Int = maxClaims) -> [(kind: Kind, claims: [Claim])] {
        var order: [Kind] = []
        var byKind: [Kind: [Claim]] = [:]
        for claim in claims {
            let k = kind(claim)
            if byKind[k] == nil { order.append(k) }
            byKind[k, default: []].append(claim)
        }
        let size = Swift.max(1, max)
        return order.flatMap { k in
            stride(from: 0, to: byKind[k]!.count, by: size).map { start in
                (kind: k, claims: Array(byKind[k]![start..<Swift.min(start + size, byKind[k]!.count)]))
            }
        }
    }
}
