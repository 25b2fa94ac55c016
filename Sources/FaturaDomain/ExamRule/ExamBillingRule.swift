/// The exam billing rule (Regra de Cobrança de Exames), DOMAIN.md §3 and seed 004: exams of the same
/// incidence band on the same day of one partial are billed at reduced percentages after the first.
///
/// Pure: it takes the lines, the exam groups and the contract, and returns what each line becomes.
/// It always starts from the base value, so running it twice gives the same answer.
public struct ExamBillingRule: Sendable {
    public let groups: [ExamGroup]
    /// The contract's table choice (its "CBHPM" flag) and negotiated bands.
    public let usesCBHPM: Bool
    public let contractBands: [ContractBand]

    public init(groups: [ExamGroup], usesCBHPM: Bool, contractBands: [ContractBand]) {
        self.groups = groups.filter(\.active)
        self.usesCBHPM = usesCBHPM
        self.contractBands = contractBands
    }

    public init(groups: [ExamGroup], contract: Contract) {
        self.init(groups: groups, usesCBHPM: contract.usesCBHPM, contractBands: contract.bands)
    }

    public func group(of code: String) -> ExamGroup? { groups.first { $0.contains(code: code) } }

    /// The percentage of incidence `n` (1-based) for an exam of `group`: 100% for the first; from the
    /// second on, the contract's band when configured, otherwise the group's default for the table.
    public func percentage(incidence n: Int, group: ExamGroup) -> Percentage {
        if n <= 1 { return .hundred }
        if let band = contractBands.first(where: { $0.band == group.band }) {
            return n == 2 ? band.second : (band.third ?? band.second)
        }
        if usesCBHPM { return n == 2 ? group.cbhpmSecond : group.cbhpmThird }
        return n == 2 ? group.ambSecond : group.ambThird
    }

    public struct Outcome: Hashable, Sendable {
        public var results: [ExamRuleResult]
        public var skipped: [ExamRuleSkip]
    }

    /// Ranks the lines of each (band, day), highest value without film first, then highest porte,
    /// then launch order; a line of quantity n takes n incidences in a row and is split where its
    /// units fall at different percentages. Lines that came from a split are merged back first, so a
    /// split disappears when its reason does.
    public func apply(to input: [ExamRuleLine]) throws(FaturaError) -> Outcome {
        var skipped: [ExamRuleSkip] = []
        // Merge split lines back into their original: the rule decides afresh.
        var merged: [Int: ExamRuleLine] = [:]
        for line in input.sorted(by: { $0.id < $1.id }) {
            let key = line.splitFrom ?? line.id
            if var existing = merged[key] {
                let (sum, overflow) = existing.quantity.tenThousandths.addingReportingOverflow(line.quantity.tenThousandths)
                if overflow { throw .amountOutOfRange }
                existing.quantity = Quantity(tenThousandths: sum)
                if existing.manualPercentage == nil { existing.manualPercentage = line.manualPercentage }
                merged[key] = existing
            } else {
                var original = line
                original.id = key
                original.splitFrom = nil
                merged[key] = original
            }
        }
        struct Key: Hashable { var band: Int; var day: CalendarDay }
        var buckets: [Key: [(ExamRuleLine, ExamGroup)]] = [:]
        for line in merged.values {
            guard let group = group(of: line.code) else { continue }
            if line.baseUnitValue <= .zero { skipped.append(.unpriced(itemId: line.id)); continue }
            if !line.quantity.isWhole || line.quantity <= .zero { skipped.append(.fractionalQuantity(itemId: line.id)); continue }
            buckets[Key(band: group.band, day: line.day), default: []].append((line, group))
        }
        var results: [ExamRuleResult] = []
        for (key, entries) in buckets.sorted(by: { ($0.key.day, $0.key.band) < ($1.key.day, $1.key.band) }) {
            let ranked = entries.sorted { a, b in
                if a.0.valueWithoutFilm != b.0.valueWithoutFilm { return a.0.valueWithoutFilm > b.0.valueWithoutFilm }
                let pa = a.0.porte?.rank ?? -1, pb = b.0.porte?.rank ?? -1
                if pa != pb { return pa > pb }
                return a.0.launchOrder < b.0.launchOrder
            }
            var incidence = 1
            for (line, group) in ranked {
                // Stored lines past the edge's bound (old data) are reported, never looped over.
                guard line.quantity <= Quantity.lineLimit else { throw .amountOutOfRange }
                let units = Int(line.quantity.wholePart)
                // Group the line's units by percentage: one result line per distinct percentage.
                // Incidences 1, 2 and 3 may differ; from the 3rd on the percentage is the same, so the
                // rest of the line is one run whatever its size (no loop over each unit).
                var runs: [(first: Int, count: Int, percentage: Percentage)] = []
                var n = incidence
                while n < incidence + units {
                    let p = percentage(incidence: n, group: group)
                    let count = n >= 3 ? incidence + units - n : 1
                    if let last = runs.last, last.percentage == p {
                        runs[runs.count - 1].count += count
                    } else {
                        runs.append((n, count, p))
                    }
                    n += count
                }
                incidence += units
                if let manual = line.manualPercentage {
                    // A person's percentage covers the whole line; no split.
                    let unit = try ExamRuleResult.reducedUnit(base: line.baseUnitValue, film: line.filmValue, percentage: manual)
                    results.append(ExamRuleResult(originalId: line.id, band: key.band, groupName: group.name, day: key.day,
                                                  firstIncidence: runs.first?.first ?? 1, quantity: line.quantity, percentage: manual,
                                                  defaultPercentage: runs.first?.percentage ?? .hundred, manual: true,
                                                  baseUnitValue: line.baseUnitValue, filmValue: line.filmValue, unitValue: unit,
                                                  total: try unit.times(line.quantity)))
                    continue
                }
                for run in runs {
                    let quantity = Quantity(run.count)
                    let unit = try ExamRuleResult.reducedUnit(base: line.baseUnitValue, film: line.filmValue, percentage: run.percentage)
                    results.append(ExamRuleResult(originalId: line.id, band: key.band, groupName: group.name, day: key.day,
                                                  firstIncidence: run.first, quantity: quantity, percentage: run.percentage,
                                                  defaultPercentage: run.percentage, manual: false, baseUnitValue: line.baseUnitValue,
                                                  filmValue: line.filmValue, unitValue: unit, total: try unit.times(quantity)))
                }
            }
        }
        return Outcome(results: results, skipped: skipped.sorted { $0.message < $1.message })
    }
}
