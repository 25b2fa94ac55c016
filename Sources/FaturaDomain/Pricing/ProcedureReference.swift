/// What a price table says about one code, before the contract's values are applied.
public enum ProcedureReference: Hashable, Sendable {
    /// CBHPM: fee tier, operating-cost units and film area.
    case cbhpm(porte: Porte, uco: Quantity, filmSquareMeters: Quantity)
    /// AMB: CH quantity and film area.
    case amb(ch: Quantity, filmSquareMeters: Quantity)
    /// Own table or package: a fixed value.
    case fixed(Money)
    /// Drug or material reference price (Brasíndice/Simpro-like).
    case referencePrice(Money, PriceTableKind)
}

/// The contract's numbers that pricing needs, already resolved for the day an item was performed.
public struct PricingTerms: Hashable, Sendable {
    /// The R$ of each CBHPM porte of the value table valid on that day.
    public var porteValues: [Porte: Money]
    /// e.g. −20,00% for "CBHPM −20%".
    public var porteAdjustment: Percentage
    public var ucoValue: Rate
    public var chValue: Rate
    public var filmValue: Rate
    public var urgencySurcharge: Bool
    public var drugPercentage: Percentage
    public var materialPercentage: Percentage

    public init(porteValues: [Porte: Money] = [:], porteAdjustment: Percentage = Percentage(basisPoints: 0),
                ucoValue: Rate = .zero, chValue: Rate = .zero, filmValue: Rate = .zero, urgencySurcharge: Bool = false,
                drugPercentage: Percentage = Percentage(basisPoints: 0), materialPercentage: Percentage = Percentage(basisPoints: 0)) {
        self.porteValues = porteValues
        self.porteAdjustment = porteAdjustment
        self.ucoValue = ucoValue
        self.chValue = chValue
        self.filmValue = filmValue
        self.urgencySurcharge = urgencySurcharge
        self.drugPercentage = drugPercentage
        self.materialPercentage = materialPercentage
    }

    /// DOMAIN.md §2: +30% on the porte when the contract grants urgency.
    public static let urgencyPercentage = Percentage(percent: 30)
}
