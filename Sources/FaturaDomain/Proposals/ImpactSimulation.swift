/// The impact of a contract proposal (issue 15): the payer's real production of a period priced
/// again under the current contract and under the proposal — neither stored — and the difference
/// in total, by month, by kind, by exam group, by sector, and for the procedures that move most.
///
/// Both prices come from the same `PriceBook` rules, each with one contract standing alone for the
/// whole period (the current version's terms applied to every item, so the difference is the
/// proposal's and not a past version's). The value tables of each item's day still apply. An
/// item's exam-rule percentage is kept as charged (DOMAIN.md §3.6, `ExamRuleResult.reducedUnit`, on the new base), so a proposal
/// changing incidence bands is simulated at the percentages the rule gave.
public enum ImpactSimulation {
    /// One billed item as the simulation needs it.
    public struct Item: Sendable, Equatable {
        public var code: String
        public var description: String
        public var table: PriceTableKind
        public var kind: ChargeItemKind
        public var performedAt: LocalDateTime
        public var quantity: Quantity
        public var examPercentage: Percentage?
        public var sector: String
        public var examGroup: String?

        public init(code: String, description: String, table: PriceTableKind, kind: ChargeItemKind, performedAt: LocalDateTime, quantity: Quantity,
                    examPercentage: Percentage? = nil, sector: String, examGroup: String? = nil) {
            self.code = code
            self.description = description
            self.table = table
            self.kind = kind
            self.performedAt = performedAt
            self.quantity = quantity
            self.examPercentage = examPercentage
            self.sector = sector
            self.examGroup = examGroup
        }
    }

    /// A line of a breakdown: items, value now, value under the proposal.
    public struct Line: Sendable, Equatable, Codable {
        public var key: String
        public var label: String
        public var items: Int
        public var current: Money
        public var proposed: Money

        public init(key: String, label: String, items: Int = 0, current: Money = .zero, proposed: Money = .zero) {
            self.key = key
            self.label = label
            self.items = items
            self.current = current
            self.proposed = proposed
        }

        /// One more item, worth `current` now and `proposed` under the proposal.
        mutating func add(current: Money, proposed: Money) {
            items += 1
            self.current = self.current + current
            self.proposed = self.proposed + proposed
        }

        public var difference: Money { proposed - current }
        /// Difference ÷ current, to the hundredth of a percent (half away from zero); nil when nothing is priced now.
        public var percent: Percentage? { Percentage.ratio(difference, current) }
    }

    /// A code one of the two contracts could not price, with why and how many items.
    public struct Unpriced: Sendable, Equatable, Codable {
        public var code: String
        public var description: String
        /// "proposta" or "contrato atual".
        public var under: String
        public var reason: String
        public var items: Int

        public init(code: String, description: String, under: String, reason: String, items: Int) {
            self.code = code
            self.description = description
            self.under = under
            self.reason = reason
            self.items = items
        }
    }

    public struct Report: Sendable, Equatable, Codable {
        /// The items both contracts price (the comparison is over them).
        public var total: Line
        public var byMonth: [Line]
        public var byKind: [Line]
        public var byExamGroup: [Line]
        public var bySector: [Line]
        /// The 20 procedures (codes) whose value moves most, largest change first.
        public var topCodes: [Line]
        public var unpriced: [Unpriced]
        /// Items left out because one of the contracts could not price them.
        public var unpricedItems: Int
        public var itemsRead: Int
    }

    /// Accumulates items as they are read (a large payer's year is read in batches), then reports.
    public struct Accumulator: Sendable {
        var total = Line(key: "total", label: "Total")
        var months: [String: Line] = [:]
        var kinds: [String: Line] = [:]
        var groups: [String: Line] = [:]
        var sectors: [String: Line] = [:]
        var codes: [String: Line] = [:]
        var unpriced: [String: Unpriced] = [:]
        var unpricedItems = 0
        var itemsRead = 0

        public init() {}

        /// Prices `items` under `current` and `proposed` (each standing alone, see the type's note).
        public mutating func add(_ items: [Item], book: PriceBook, current: Contract, proposed: Contract) {
            let currentBook = ImpactSimulation.book(book, alone: current)
            let proposedBook = ImpactSimulation.book(book, alone: proposed)
            for item in items {
                itemsRead += 1
                let now = ImpactSimulation.price(item, currentBook, current)
                let then = ImpactSimulation.price(item, proposedBook, proposed)
                guard case .success(let a) = now, case .success(let b) = then else {
                    unpricedItems += 1
                    for (result, under) in [(now, "contrato atual"), (then, "proposta")] {
                        if case .failure(let failure) = result {
                            let key = under + "|" + item.code
                            unpriced[key, default: Unpriced(code: item.code, description: item.description, under: under, reason: failure.message, items: 0)].items += 1
                        }
                    }
                    continue
                }
                func add(_ lines: inout [String: Line], _ key: String, _ label: String) {
                    lines[key, default: Line(key: key, label: label)].add(current: a, proposed: b)
                }
                total.add(current: a, proposed: b)
                let month = Competence.of(item.performedAt.day)
                add(&months, month?.description ?? "", month?.label ?? "")
                add(&kinds, item.kind.rawValue, item.kind.label)
                if item.kind == .exam { add(&groups, item.examGroup ?? "", item.examGroup ?? "sem grupo de exames") }
                add(&sectors, item.sector, item.sector.isEmpty ? "sem setor" : item.sector)
                add(&codes, item.code, item.code + " – " + item.description)
            }
        }

        public func report() -> Report {
            func sorted(_ lines: [String: Line]) -> [Line] { lines.values.sorted { $0.label < $1.label } }
            let movers = codes.values.sorted {
                ($0.difference.cents.magnitude, $1.key) > ($1.difference.cents.magnitude, $0.key)
            }
            return Report(total: total, byMonth: months.values.sorted { $0.key < $1.key }, byKind: sorted(kinds), byExamGroup: sorted(groups),
                          bySector: sorted(sectors), topCodes: Array(movers.prefix(20)),
                          unpriced: unpriced.values.sorted { ($0.under, $0.code) < ($1.under, $1.code) }, unpricedItems: unpricedItems, itemsRead: itemsRead)
        }
    }

    /// The book with `contract` as the only contract of its payer and company, valid for any day.
    static func book(_ book: PriceBook, alone contract: Contract) -> PriceBook {
        var alone = contract
        alone.validFrom = CalendarDay(year: 1900, month: 1, day: 1)!
        alone.validTo = nil
        alone.active = true
        if alone.id == nil { alone.id = ID(-1) }
        var copy = book
        copy.contracts = [alone]
        return copy
    }

    /// The item's value under the book's contract, with its exam percentage as charged.
    static func price(_ item: Item, _ book: PriceBook, _ contract: Contract) -> Result<Money, PricingFailure> {
        book.price(table: item.table, code: item.code, performedAt: item.performedAt, quantity: item.quantity,
                   payerId: contract.payerId, companyId: contract.companyId).flatMap { outcome in
            guard let percentage = item.examPercentage, percentage != .hundred else { return .success(outcome.total) }
            guard let unit = try? ExamRuleResult.reducedUnit(base: outcome.unit.unitValue, film: outcome.unit.filmPart, percentage: percentage),
                  let total = try? unit.times(item.quantity) else { return .failure(.valueOutOfRange) }
            return .success(total)
        }
    }
}
