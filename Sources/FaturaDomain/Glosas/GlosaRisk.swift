/// Glosa risk before billing: the hospital's own history of what each payer denied, per procedure
/// code, turned into a flag on the items a biller is about to close. The rule and its numbers are
/// always shown with the flag; nothing is predicted beyond "this payer denied this code this often".
public struct GlosaRiskRule: Hashable, Sendable {
    /// Flag when the payer denied at least this share of the times the code was billed…
    public var minimumRate: Percentage
    /// …over at least this many times billed (fewer is too little history to say anything)…
    public var minimumBilled: Int
    /// …in invoices sent in the last this many months.
    public var months: Int

    public static let standard = GlosaRiskRule(minimumRate: Percentage(percent: 20), minimumBilled: 10, months: 12)

    public init(minimumRate: Percentage, minimumBilled: Int, months: Int) {
        self.minimumRate = minimumRate
        self.minimumBilled = minimumBilled
        self.months = months
    }

    public var problems: [FieldError] {
        var errors = FieldErrors()
        if !(1...10_000).contains(minimumRate.basisPoints) { errors.add("minimumRate", "A taxa mínima deve estar entre 0,01% e 100%.") }
        if !(1...100_000).contains(minimumBilled) { errors.add("minimumBilled", "O mínimo de cobranças deve estar entre 1 e 100.000.") }
        if !(1...60).contains(months) { errors.add("months", "O período deve estar entre 1 e 60 meses.") }
        return errors.all
    }

    /// "≥ 20,00% das cobranças, com no mínimo 10 cobranças nos últimos 12 meses".
    public var description: String {
        "glosado em ≥ \(BrazilianFormat.percentage(minimumRate)) das cobranças, com no mínimo \(BrazilianFormat.count(minimumBilled, "cobrança", "cobranças")) nos últimos \(months) meses"
    }
}

/// What one payer did with one code in the rule's window.
public struct GlosaRiskHistory: Hashable, Sendable {
    public var payerId: Int
    public var code: String
    /// Items with this code sent to the payer and answered by one of its statements.
    public var billed: Int
    /// Of them, how many had at least one glosa.
    public var denied: Int
    public var deniedValue: Money
    /// The most frequent denial reason (TUSS 38) and how many times.
    public var topReason: String?
    public var topReasonCount: Int

    public init(payerId: Int, code: String, billed: Int, denied: Int = 0, deniedValue: Money = .zero, topReason: String? = nil, topReasonCount: Int = 0) {
        self.payerId = payerId
        self.code = code
        self.billed = billed
        self.denied = denied
        self.deniedValue = deniedValue
        self.topReason = topReason
        self.topReasonCount = topReasonCount
    }

    /// Denied ÷ billed, to the hundredth of a percent.
    public var rate: Percentage? {
        guard billed > 0 else { return nil }
        return Percentage(basisPoints: Int(Money.divideRoundingHalfUp(Int64(denied) * 10_000, by: Int64(billed))))
    }

    public func isRisk(under rule: GlosaRiskRule) -> Bool {
        // Compared as counts, not the rounded rate: denied/billed ≥ p  ⇔  denied × 10 000 ≥ p × billed.
        billed >= rule.minimumBilled && denied > 0 && Int64(denied) * 10_000 >= Int64(rule.minimumRate.basisPoints) * Int64(billed)
    }

    /// Picks each (payer, code)'s most frequent reason from per-reason counts (ties: the lower code).
    public static func topReasons(_ counts: [(payerId: Int, code: String, reason: String, count: Int)]) -> [String: (reason: String, count: Int)] {
        var best: [String: (reason: String, count: Int)] = [:]
        for row in counts {
            let key = "\(row.payerId)|\(row.code)"
            if let current = best[key], current.count > row.count || (current.count == row.count && current.reason <= row.reason) { continue }
            best[key] = (row.reason, row.count)
        }
        return best
    }
}
