/// Where a charge item's price comes from.
public enum PriceTableKind: String, CaseIterable, Sendable, Codable {
    /// AMB: CH quantity × CH value + film.
    case amb
    /// CBHPM: porte + UCO + film, by edition.
    case cbhpm
    /// The hospital's or the payer's own table, including packages: a fixed value per code.
    case own
    /// Drugs, Brasíndice-like reference prices ± the contract's drug percentage.
    case drug
    /// Materials, Simpro-like reference prices ± the contract's material percentage.
    case material
    /// SUS: the SIGTAP procedure table of a competence (a fixed value per code: the ambulatory
    /// value, or the hospital and professional services' for a hospital procedure).
    case sigtap

    public var label: String {
        switch self {
        case .amb: "AMB"
        case .cbhpm: "CBHPM"
        case .own: "Tabela própria / pacote"
        case .drug: "Medicamentos (Brasíndice)"
        case .material: "Materiais (Simpro)"
        case .sigtap: "SIGTAP (SUS)"
        }
    }
}

/// What a charge item is, for totals by kind on the partial's page and for the TISS claim lines.
public enum ChargeItemKind: String, CaseIterable, Sendable, Codable {
    case procedure
    case exam
    case material
    case drug
    case fee
    case dailyRate = "daily_rate"
    case package

    public var label: String {
        switch self {
        case .procedure: "Procedimentos"
        case .exam: "Exames"
        case .material: "Materiais"
        case .drug: "Medicamentos"
        case .fee: "Taxas"
        case .dailyRate: "Diárias"
        case .package: "Pacotes"
        }
    }

    /// One line of the kind ("Exame"), where `label` names the group.
    public var singular: String {
        switch self {
        case .procedure: "Procedimento"
        case .exam: "Exame"
        case .material: "Material"
        case .drug: "Medicamento"
        case .fee: "Taxa"
        case .dailyRate: "Diária"
        case .package: "Pacote"
        }
    }
}
