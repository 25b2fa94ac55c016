/// One sector's line on the page the supervisor takes to meetings with the sectors: what the sector
/// has now, what is late, and how long it took to correct what billing accepted in a period.
public struct SectorNonConformityStats: Hashable, Sendable {
    public var sectorId: Int
    /// With the sector now (open).
    public var open = 0
    /// Corrected, waiting for billing to check.
    public var awaitingCheck = 0
    /// Open and past the due day.
    public var overdue = 0
    /// Accepted corrections whose (last) correction falls in the period.
    public var correctedInPeriod = 0
    /// Of those, the corrections delivered after the due day.
    public var correctedLate = 0
    /// Sum of calendar days from registration to correction, for the average.
    public var daysToCorrect = 0

    public init(sectorId: Int) { self.sectorId = sectorId }

    /// Average calendar days from registration to the accepted correction, in tenths of a day,
    /// rounded half up; nil when nothing was corrected in the period.
    public var averageTenthsOfDay: Int? {
        guard correctedInPeriod > 0 else { return nil }
        return (daysToCorrect * 20 + correctedInPeriod) / (2 * correctedInPeriod)
    }

    /// What the summary needs of one non-conformity.
    public struct Row: Sendable, Equatable {
        public var sectorId: Int
        public var status: NonConformityStatus
        public var registeredOn: CalendarDay
        public var dueOn: CalendarDay
        public var correctedOn: CalendarDay?

        public init(sectorId: Int, status: NonConformityStatus, registeredOn: CalendarDay, dueOn: CalendarDay, correctedOn: CalendarDay?) {
            self.sectorId = sectorId
            self.status = status
            self.registeredOn = registeredOn
            self.dueOn = dueOn
            self.correctedOn = correctedOn
        }
    }

    /// One line per sector that has anything, by sector id.
    public static func summarize(_ rows: [Row], from: CalendarDay, to: CalendarDay, today: CalendarDay) -> [Int: SectorNonConformityStats] {
        var result: [Int: SectorNonConformityStats] = [:]
        for row in rows {
            var stats = result[row.sectorId] ?? SectorNonConformityStats(sectorId: row.sectorId)
            switch row.status {
            case .open:
                stats.open += 1
                if today > row.dueOn { stats.overdue += 1 }
            case .corrected:
                stats.awaitingCheck += 1
            case .accepted:
                if let corrected = row.correctedOn, corrected >= from, corrected <= to {
                    stats.correctedInPeriod += 1
                    stats.daysToCorrect += corrected.daysSinceEpoch - row.registeredOn.daysSinceEpoch
                    if corrected > row.dueOn { stats.correctedLate += 1 }
                }
            case .cancelled:
                break
            }
            result[row.sectorId] = stats
        }
        return result
    }
}
