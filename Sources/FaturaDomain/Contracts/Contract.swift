/// An agreement with a payer for one company, valid for a period; a new version is a new contract
/// that points at the one it replaces, so what was priced under the old one stays as it was.
public struct Contract: Hashable, Sendable, Codable, Identifiable {
    public var id: FaturaDomain.ID<Contract>?
    public var payerId: Int
    public var companyId: Int
    public var name: String
    public var version: Int
    public var previousId: FaturaDomain.ID<Contract>?
    public var validFrom: CalendarDay
    public var validTo: CalendarDay?
    /// The seed's "CBHPM" flag: `.cbhpm` when checked, `.amb` otherwise.
    public var procedureTable: PriceTableKind
    /// The AMB or CBHPM edition whose procedures are priced.
    public var procedureTableId: Int?
    /// The value-table series (R$ of portes, UCO, CH, film) used for the dates performed.
    public var valueSeries: String?
    public var porteAdjustment: Percentage
    /// Values fixed by the contract; when nil, those of the value table valid on the day apply.
    public var ucoValue: Rate?
    public var chValue: Rate?
    public var filmValue: Rate?
    public var urgencySurcharge: Bool
    public var drugPercentage: Percentage
    public var materialPercentage: Percentage
    public var ownTableId: Int?
    public var drugTableId: Int?
    public var materialTableId: Int?
    /// Incidence percentages negotiated per band (from the 2nd incidence); a band not listed uses the table defaults.
    public var bands: [ContractBand]
    public var notes: String?
    public var active: Bool

    public init(id: FaturaDomain.ID<Contract>? = nil, payerId: Int, companyId: Int, name: String, version: Int = 1, previousId: FaturaDomain.ID<Contract>? = nil,
                validFrom: CalendarDay, validTo: CalendarDay? = nil, procedureTable: PriceTableKind = .cbhpm, procedureTableId: Int? = nil,
                valueSeries: String? = nil, porteAdjustment: Percentage = Percentage(basisPoints: 0), ucoValue: Rate? = nil,
                chValue: Rate? = nil, filmValue: Rate? = nil, urgencySurcharge: Bool = false,
                drugPercentage: Percentage = Percentage(basisPoints: 0), materialPercentage: Percentage = Percentage(basisPoints: 0),
                ownTableId: Int? = nil, drugTableId: Int? = nil, materialTableId: Int? = nil, bands: [ContractBand] = [],
                notes: String? = nil, active: Bool = true) {
        self.id = id
        self.payerId = payerId
        self.companyId = companyId
        self.name = name
        self.version = version
        self.previousId = previousId
        self.validFrom = validFrom
        self.validTo = validTo
        self.procedureTable = procedureTable
        self.procedureTableId = procedureTableId
        self.valueSeries = valueSeries
        self.porteAdjustment = porteAdjustment
        self.ucoValue = ucoValue
        self.chValue = chValue
        self.filmValue = filmValue
        self.urgencySurcharge = urgencySurcharge
        self.drugPercentage = drugPercentage
        self.materialPercentage = materialPercentage
        self.ownTableId = ownTableId
        self.drugTableId = drugTableId
        self.materialTableId = materialTableId
        self.bands = bands
        self.notes = notes
        self.active = active
    }

    public var usesCBHPM: Bool { procedureTable == .cbhpm }

    public func isValid(on day: CalendarDay) -> Bool { active && validFrom <= day && (validTo.map { day <= $0 } ?? true) }

    public mutating func normalize() {
        name = name.trimmingSpaces()
        valueSeries = valueSeries?.trimmingSpaces().nilIfEmpty
        notes = notes?.trimmingSpaces().nilIfEmpty
        bands.sort { $0.band < $1.band }
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Nome do contrato é obrigatório.") }
        if let validTo, validTo < validFrom { errors.add("validTo", "O fim da vigência é anterior ao início.") }
        if ![.amb, .cbhpm, .sigtap, .own].contains(procedureTable) {
            errors.add("procedureTable", "Escolha AMB, CBHPM, SIGTAP (SUS) ou a tabela própria do hospital.")
        }
        if procedureTableId == nil { errors.add("procedureTableId", "Escolha a tabela de procedimentos (edição, competência SIGTAP ou lista de preços).") }
        if procedureTable == .cbhpm && valueSeries == nil && ucoValue == nil {
            errors.add("valueSeries", "Contratos CBHPM precisam de uma série de valores (portes e UCO).")
        }
        if porteAdjustment.basisPoints <= -10_000 { errors.add("porteAdjustment", "O ajuste do porte deve ser maior que −100%.") }
        for (field, percentage) in [("drugPercentage", drugPercentage), ("materialPercentage", materialPercentage)]
        where percentage.basisPoints <= -10_000 {
            errors.add(field, "O percentual deve ser maior que −100%.")
        }
        for band in bands {
            if !(1...99).contains(band.band) { errors.add("bands", "Faixa \(band.band) inválida (1 a 99).") }
            for value in [band.second] + (band.third.map { [$0] } ?? []) where !(0...10_000).contains(value.basisPoints) {
                errors.add("bands", "Percentuais da faixa \(band.band) devem estar entre 0% e 100%.")
            }
        }
        if Set(bands.map(\.band)).count != bands.count { errors.add("bands", "Cada faixa pode aparecer uma só vez.") }
        return errors.all
    }

    /// Two contracts of the same payer and company may not be valid on the same day.
    public func overlaps(_ other: Contract) -> Bool {
        guard payerId == other.payerId, companyId == other.companyId, active, other.active else { return false }
        let end = validTo ?? CalendarDay(daysSinceEpoch: Int.max / 4)
        let otherEnd = other.validTo ?? CalendarDay(daysSinceEpoch: Int.max / 4)
        return validFrom <= otherEnd && other.validFrom <= end
    }
}

/// The incidence percentages a contract sets for one band (faixa), from the 2nd incidence on.
public struct ContractBand: Hashable, Sendable, Codable {
    public var band: Int
    public var second: Percentage
    /// 3rd and beyond; nil means the same as the 2nd.
    public var third: Percentage?

    public init(band: Int, second: Percentage, third: Percentage? = nil) {
        self.band = band
        self.second = second
        self.third = third
    }
}
