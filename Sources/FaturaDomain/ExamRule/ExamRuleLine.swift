/// One charge-item line as the exam billing rule sees it (DOMAIN.md §3).
public struct ExamRuleLine: Hashable, Sendable {
    /// The item's id; lines made by a split carry the id of the line they came from in `splitFrom`.
    public var id: Int
    public var splitFrom: Int?
    public var code: String
    public var day: CalendarDay
    /// The priced unit value before any reduction, and its film part (never reduced).
    public var baseUnitValue: Money
    public var filmValue: Money
    public var porte: Porte?
    /// The order the items were launched in (tie-break after value and porte).
    public var launchOrder: Int
    public var quantity: Quantity
    /// A percentage a person set on this line; the rule keeps it.
    public var manualPercentage: Percentage?

    public init(id: Int, splitFrom: Int? = nil, code: String, day: CalendarDay, baseUnitValue: Money, filmValue: Money, porte: Porte?,
                launchOrder: Int, quantity: Quantity, manualPercentage: Percentage? = nil) {
        self.id = id
        self.splitFrom = splitFrom
        self.code = code
        self.day = day
        self.baseUnitValue = baseUnitValue
        self.filmValue = filmValue
        self.porte = porte
        self.launchOrder = launchOrder
        self.quantity = quantity
        self.manualPercentage = manualPercentage
    }

    public var valueWithoutFilm: Money { baseUnitValue - filmValue }
}

/// What the rule decides for one resulting line: its incidences, percentage and value.
public struct ExamRuleResult: Hashable, Sendable {
    /// The original line (item id) this result belongs to.
    public var originalId: Int
    /// The band and day of the group it was ranked in.
    public var band: Int
    public var groupName: String
    public var day: CalendarDay
    /// First incidence number of this line (1-based) and how many units it carries.
    public var firstIncidence: Int
    public var quantity: Quantity
    public var percentage: Percentage
    /// The percentage the table or the contract gives (before a manual one).
    public var defaultPercentage: Percentage
    public var manual: Bool
    public var baseUnitValue: Money
    public var filmValue: Money
    public var unitValue: Money
    public var total: Money

    /// DOMAIN.md §3.6: round((base − film) × percentage) + film.
    public static func reducedUnit(base: Money, film: Money, percentage: Percentage) throws(FaturaError) -> Money {
        try (base - film).applying(percentage).adding(film)
    }
}

/// Why a line in an exam group was left as it was.
public enum ExamRuleSkip: Hashable, Sendable {
    case unpriced(itemId: Int)
    case fractionalQuantity(itemId: Int)

    public var message: String {
        switch self {
        case .unpriced(let id): "Item \(id) sem preço: a regra parte do valor precificado."
        case .fractionalQuantity(let id): "Item \(id) com quantidade fracionária: exames contam incidências inteiras."
        }
    }
}
