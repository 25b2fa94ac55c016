/// The month of production an invoice bills ("competência"): `2026-11`.
public struct Competence: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Years a hospital bills: a competence outside them is a typing error.
    public static let years = 2000...2100

    public init?(year: Int, month: Int) {
        guard Self.years.contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `aaaa-mm` (how the API and files write it) or `mm/aaaa` (how a person types it).
    public init?(_ text: String) {
        let t = text.trimmingSpaces()
        let parts: [Substring]
        let yearFirst: Bool
        if t.count == 7, t.dropFirst(4).first == "-" { parts = t.split(separator: "-"); yearFirst = true }
        else if t.count == 7, t.dropFirst(2).first == "/" { parts = t.split(separator: "/"); yearFirst = false }
        else { return nil }
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        self.init(year: yearFirst ? a : b, month: yearFirst ? b : a)
    }

    public static func < (a: Competence, b: Competence) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// The competence of a day (the month it falls in).
    public static func of(_ day: CalendarDay) -> Competence? { Competence(year: day.year, month: day.month) }

    public var next: Competence {
        month == 12 ? Competence(year: year + 1, month: 1) ?? self : Competence(year: year, month: month + 1) ?? self
    }

    public var firstDay: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }
    public var lastDay: CalendarDay { CalendarDay(year: year, month: month, day: CalendarDay.daysIn(month: month, year: year))! }
    /// The `day`-th of the month, or its last day for a shorter month (the 30th of February is the 28th or 29th).
    public func day(_ day: Int) -> CalendarDay {
        CalendarDay(year: year, month: month, day: min(max(1, day), CalendarDay.daysIn(month: month, year: year)))!
    }

    public var description: String { String(year) + "-" + BrazilianFormat.pad(month) }
    /// `11/2026`, as the pages show it.
    public var label: String { BrazilianFormat.pad(month) + "/" + String(year) }
}

/// When a payer takes the invoices of a competence (DOMAIN.md §5). Every deadline that falls on a
/// weekend or a national holiday (Carnaval, Good Friday and Corpus Christi included) moves
/// **earlier**, to the last business day before it: late is late, early is always accepted.
public enum DeliveryRule: Hashable, Sendable {
    /// The `n`-th day of the month after the competence (its last day when the month is shorter).
    case dayOfFollowingMonth(Int)
    /// The `n`-th business day of the month after the competence ("5º dia útil").
    case nthBusinessDay(Int)
    /// Days `from` to `to` of the month after: it opens on `from`, the deadline is `to`.
    case window(from: Int, to: Int)
    /// The dates the payer publishes, one per competence (imported or typed).
    case published([Competence: CalendarDay])

    /// The delivery deadline of `competence`'s invoices; nil when the payer published none for it.
    public func deadline(for competence: Competence) -> CalendarDay? {
        let month = competence.next
        let day: CalendarDay? = switch self {
        case .dayOfFollowingMonth(let n): month.day(n)
        case .nthBusinessDay(let n): BusinessDays.nth(n, ofYear: month.year, month: month.month)
        case .window(_, let to): month.day(to)
        case .published(let dates): dates[competence]
        }
        return day.map(BusinessDays.onOrBefore)
    }

    /// The first day the payer takes the invoices (a window opens on its first day; the others take
    /// them from the first day after the competence).
    public func opens(for competence: Competence) -> CalendarDay {
        if case .window(let from, _) = self { return competence.next.day(from) }
        return competence.next.firstDay
    }

    /// Every problem of the rule, by field.
    public var problems: [FieldError] {
        var errors = FieldErrors()
        switch self {
        case .dayOfFollowingMonth(let n):
            if !(1...31).contains(n) { errors.add("deliveryDay", "O dia de entrega deve estar entre 1 e 31.") }
        case .nthBusinessDay(let n):
            // No month has more than 23 business days.
            if !(1...23).contains(n) { errors.add("deliveryDay", "O dia útil de entrega deve estar entre 1 e 23.") }
        case .window(let from, let to):
            if !(1...31).contains(from) || !(1...31).contains(to) { errors.add("deliveryDay", "Os dias da janela devem estar entre 1 e 31.") }
            else if from > to { errors.add("deliveryDay", "A janela começa depois de terminar (dia \(from) a \(to)).") }
        case .published(let dates):
            if dates.isEmpty { errors.add("deliveryDates", "Informe ao menos uma data publicada pelo convênio.") }
            for (competence, day) in dates.sorted(by: { $0.key < $1.key }) where day < competence.next.firstDay {
                errors.add("deliveryDates", "A data \(BrazilianFormat.date(day)) da competência \(competence.label) é anterior ao fim da competência.")
            }
        }
        return errors.all
    }
}

/// When the payer is expected to pay what it releases: N calendar days after delivery, or a fixed
/// day of the month after delivery. A payment day that is not a business day is expected on the
/// next one (banks credit on business days), unlike a delivery deadline, which moves earlier.
public enum PaymentTerm: Hashable, Sendable {
    case daysAfterDelivery(Int)
    case fixedDay(Int)

    public func expectedPayment(deliveredOn delivery: CalendarDay) -> CalendarDay {
        var day: CalendarDay
        switch self {
        case .daysAfterDelivery(let n): day = delivery.adding(days: n)
        case .fixedDay(let n): day = (Competence.of(delivery)?.next ?? Competence(year: delivery.year, month: delivery.month)!).day(n)
        }
        while !BusinessDays.isBusinessDay(day) { day = day.adding(days: 1) }
        return day
    }

    public var problems: [FieldError] {
        switch self {
        case .daysAfterDelivery(let n) where !(1...365).contains(n):
            [FieldError("paymentDays", "O prazo de pagamento deve estar entre 1 e 365 dias.")]
        case .fixedDay(let n) where !(1...31).contains(n):
            [FieldError("paymentDays", "O dia de pagamento deve estar entre 1 e 31.")]
        default: []
        }
    }
}
