/// One unit of a charge item, priced, with the parts the exam rule and TISS need.
/// Each part is rounded half up to the centavo on its own; the unit value is their sum.
public struct PricedUnit: Hashable, Sendable, Codable {
    /// Porte (CBHPM) or CH (AMB) part: the medical fee.
    public var feePart: Money
    /// UCO part: the operating cost.
    public var operatingCostPart: Money
    /// Film part: never reduced by the exam rule.
    public var filmPart: Money
    /// Fixed or reference-price value (own tables, packages, drugs, materials).
    public var otherPart: Money
    /// Whether the urgency surcharge went into `feePart`.
    public var urgency: Bool

    public init(feePart: Money = .zero, operatingCostPart: Money = .zero, filmPart: Money = .zero, otherPart: Money = .zero, urgency: Bool = false) {
        self.feePart = feePart
        self.operatingCostPart = operatingCostPart
        self.filmPart = filmPart
        self.otherPart = otherPart
        self.urgency = urgency
    }

    public var unitValue: Money { feePart + operatingCostPart + filmPart + otherPart }
    /// The value the exam rule reduces (DOMAIN.md §3.6).
    public var valueWithoutFilm: Money { unitValue - filmPart }
}

/// Why an item could not be priced; kept on the item and listed, never replaced by an invented value.
public enum PricingFailure: Error, Hashable, Sendable {
    case noContract
    case codeNotInTable(code: String, table: PriceTableKind)
    case noValueForPorte(Porte)
    case noReferencePrice(code: String)
    case tableNotInContract(PriceTableKind)
    /// The contract and its value table give no R$ for the UCO, the CH or the film.
    case noUnitValue(String)
    /// The unit value or the line total passes R$ 99.999.999,99 (TISS `st_decimal10-2`).
    case valueOutOfRange

    public var code: String {
        switch self {
        case .noContract: "no_contract"
        case .codeNotInTable: "code_not_in_table"
        case .noValueForPorte: "no_porte_value"
        case .noReferencePrice: "no_reference_price"
        case .tableNotInContract: "table_not_in_contract"
        case .noUnitValue: "no_unit_value"
        case .valueOutOfRange: "value_out_of_range"
        }
    }

    public var message: String {
        switch self {
        case .noContract: "Não há contrato vigente com o convênio na data de realização."
        case .codeNotInTable(let code, let table): "Código \(code) não consta da tabela \(table.label) do contrato."
        case .noValueForPorte(let porte): "A tabela de valores do contrato não tem valor para o porte \(porte)."
        case .noReferencePrice(let code): "Sem preço de referência vigente para o código \(code)."
        case .tableNotInContract(let table): "O contrato não usa a tabela \(table.label)."
        case .noUnitValue(let unit): "O contrato não define o valor da \(unit) (nem a série de valores vigente)."
        case .valueOutOfRange: "O valor calculado passa de R$ 99.999.999,99 por linha (limite do TISS): confira a quantidade e o preço."
        }
    }
}
