/// A price table: an AMB or CBHPM edition (procedures without R$), or a list of values per code
/// (own table/packages, drugs, materials).
public struct PriceTable: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var kind: PriceTableKind
    public var name: String
    /// e.g. `2022` for CBHPM 11ª edição, `92` for AMB 92.
    public var edition: String?
    public var active: Bool

    public init(id: Int? = nil, kind: PriceTableKind, name: String, edition: String? = nil, active: Bool = true) {
        self.id = id
        self.kind = kind
        self.name = name
        self.edition = edition
        self.active = active
    }

    public mutating func normalize() {
        name = name.trimmingSpaces()
        edition = edition?.trimmingSpaces().nilIfEmpty
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Nome é obrigatório.") }
        if name.count > 120 { errors.add("name", "Nome deve ter no máximo 120 caracteres.") }
        return errors.all
    }

    /// Procedure tables hold porte/UCO/CH per code; the others hold a value per code and validity.
    public var isProcedureTable: Bool { kind == .amb || kind == .cbhpm }
}

/// What an AMB or CBHPM edition says of one procedure code.
public struct ProcedureEntry: Hashable, Sendable, Codable {
    public var code: String
    public var description: String
    public var porte: Porte?
    public var uco: Quantity
    public var film: Quantity
    public var ch: Quantity
    public var auxiliaries: Int
    public var anaestheticPorte: Int

    public init(code: String, description: String, porte: Porte? = nil, uco: Quantity = .zero, film: Quantity = .zero,
                ch: Quantity = .zero, auxiliaries: Int = 0, anaestheticPorte: Int = 0) {
        self.code = code
        self.description = description
        self.porte = porte
        self.uco = uco
        self.film = film
        self.ch = ch
        self.auxiliaries = auxiliaries
        self.anaestheticPorte = anaestheticPorte
    }

    /// The reference pricing reads under a table of `kind`; nil when the entry lacks what that table needs.
    public func reference(for kind: PriceTableKind) -> ProcedureReference? {
        switch kind {
        case .cbhpm: porte.map { .cbhpm(porte: $0, uco: uco, filmSquareMeters: film) }
        case .amb: .amb(ch: ch, filmSquareMeters: film)
        default: nil
        }
    }
}

/// A value per code with a validity period (own tables, packages, drugs, materials).
public struct PricedEntry: Hashable, Sendable, Codable {
    public var code: String
    public var description: String
    public var value: Money
    public var validFrom: CalendarDay
    public var validTo: CalendarDay?

    public init(code: String, description: String, value: Money, validFrom: CalendarDay, validTo: CalendarDay? = nil) {
        self.code = code
        self.description = description
        self.value = value
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on day: CalendarDay) -> Bool { validFrom <= day && (validTo.map { day <= $0 } ?? true) }
}

/// The R$ of each porte and of the UCO, CH and film m² for a period (a CBHPM edition's
/// "comunicado oficial", or the values a payer publishes).
public struct ValueTable: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    /// Tables of one series replace each other in time; a contract names the series.
    public var series: String
    public var validFrom: CalendarDay
    public var validTo: CalendarDay?
    public var porteValues: [Porte: Money]
    public var ucoValue: Rate?
    public var chValue: Rate?
    public var filmValue: Rate?

    public init(id: Int? = nil, series: String, validFrom: CalendarDay, validTo: CalendarDay? = nil, porteValues: [Porte: Money] = [:],
                ucoValue: Rate? = nil, chValue: Rate? = nil, filmValue: Rate? = nil) {
        self.id = id
        self.series = series
        self.validFrom = validFrom
        self.validTo = validTo
        self.porteValues = porteValues
        self.ucoValue = ucoValue
        self.chValue = chValue
        self.filmValue = filmValue
    }

    public func isValid(on day: CalendarDay) -> Bool { validFrom <= day && (validTo.map { day <= $0 } ?? true) }
}
