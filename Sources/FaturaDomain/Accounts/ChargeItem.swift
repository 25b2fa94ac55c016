/// One line of a partial bill (lançamento): what was done, when, how many, and its price with the parts.
public struct ChargeItem: Hashable, Sendable, Identifiable {
    public var id: FaturaDomain.ID<ChargeItem>?
    public var externalId: String
    public var partialId: FaturaDomain.ID<PartialBill>
    public var kind: ChargeItemKind
    public var priceTable: PriceTableKind
    public var code: String
    public var description: String
    public var performedAt: LocalDateTime
    public var quantity: Quantity
    public var executingProfessional: String?
    /// Set when priced: the contract whose values were used.
    public var contractId: FaturaDomain.ID<Contract>?
    /// The CBHPM porte, kept for the exam rule's tie-break.
    public var porte: Porte?
    public var priced: PricedUnit?
    public var total: Money
    public var pricingFailure: PricingFailure?
    /// Stored text of the failure, for lists (the enum's message at the time it was priced).
    public var pricingMessage: String?
    /// The exam billing rule: the priced unit value before any reduction, the percentage applied,
    /// whether a person set it, the incidence, and the line this one was split from.
    public var baseUnitValue: Money = .zero
    /// The unit value billed: the base, or the base reduced by the exam rule.
    public var unitValue: Money = .zero
    public var examPercentage: Percentage?
    public var examPercentageManual = false
    public var examIncidence: Int?
    public var splitFromId: FaturaDomain.ID<ChargeItem>?
    /// Who put the line on the bill: the HIS, or billing (`ItemCorrection`).
    public var origin: ChargeOrigin = .his
    /// Billing's last correction of the line; nil while it is as the HIS sent it.
    public var correction: ChargeCorrection?
    /// The line as the HIS last sent it, kept once billing corrected it (the correction prevails).
    public var hisLine: ChargeLine?
    /// The HIS sent the line again, with other values, after billing corrected (or removed) it.
    public var hisConflict: String?

    public init(id: FaturaDomain.ID<ChargeItem>? = nil, externalId: String, partialId: FaturaDomain.ID<PartialBill>, kind: ChargeItemKind, priceTable: PriceTableKind, code: String,
                description: String, performedAt: LocalDateTime, quantity: Quantity, executingProfessional: String? = nil,
                contractId: FaturaDomain.ID<Contract>? = nil, porte: Porte? = nil, priced: PricedUnit? = nil, total: Money = .zero,
                pricingFailure: PricingFailure? = nil, pricingMessage: String? = nil) {
        self.id = id
        self.externalId = externalId
        self.partialId = partialId
        self.kind = kind
        self.priceTable = priceTable
        self.code = code
        self.description = description
        self.performedAt = performedAt
        self.quantity = quantity
        self.executingProfessional = executingProfessional
        self.contractId = contractId
        self.porte = porte
        self.priced = priced
        self.total = total
        self.pricingFailure = pricingFailure
        self.pricingMessage = pricingMessage
    }

    public var isPriced: Bool { priced != nil }
}

public enum ChargeOrigin: String, Sendable, Codable {
    case his
    case billing
}

/// Who corrected a line, when (a stored timestamp) and why.
public struct ChargeCorrection: Hashable, Sendable {
    public var at: String
    public var by: String
    public var reason: String

    public init(at: String, by: String, reason: String) {
        self.at = at
        self.by = by
        self.reason = reason
    }
}

extension ChargeItem {
    /// Whether the HIS sent this item again as it is stored: the same kind, code, text, time,
    /// professional and quantity (the stored one summed over the lines the exam rule split off it).
    /// The table is compared as sent: once priced, an AMB/CBHPM item carries the contract's table,
    /// so a resend naming either of the two is the same item.
    public func isSameAsSent(_ incoming: ChargeItem, storedQuantity: Quantity) -> Bool {
        kind == incoming.kind && code == incoming.code && description == incoming.description
            && performedAt == incoming.performedAt && storedQuantity == incoming.quantity
            && executingProfessional == incoming.executingProfessional
            && (priceTable == incoming.priceTable || isPriced && (incoming.priceTable == .amb || incoming.priceTable == .cbhpm))
    }
}
