import FaturaDomain
import FaturaStore

/// `nonconformities.mustache`: billing's worklist, a page at a time, with the filter's true total.
struct NonConformityListModel: Sendable {
    let rows: [NonConformityRowModel]
    let empty: Bool
    /// Every non-conformity of the filter, not only this page's.
    let count: Int
    let overdueCount: Int
    /// "1 atrasada", "3 atrasadas".
    let overdueText: String
    let situations: [OptionModel]
    let sectors: [OptionModel]
    let back: String
    let pager: PagerModel

    init(page: Page<NonConformityQueries.Entry>, overdueCount: Int, today: CalendarDay, canManage: Bool, situations: [OptionModel],
         sectors: [OptionModel], back: String, href: (Int) -> String) {
        rows = page.items.map { entry in
            var row = NonConformityRowModel(entry, today: today)
            row.canCheck = canManage && entry.status == .corrected
            row.canCancel = canManage && entry.status.blocksClosing
            return row
        }
        empty = rows.isEmpty
        count = page.total
        self.overdueCount = overdueCount
        overdueText = BrazilianFormat.count(overdueCount, "atrasada", "atrasadas")
        self.situations = situations
        self.sectors = sectors
        self.back = back
        pager = PagerModel(page, href: href)
    }
}

/// `nonconformity_stats.mustache`: a line per sector and the company's total over them.
struct NonConformityStatsModel: Sendable {
    struct Line: Sendable {
        let sector: String
        let sectorHref: String
        let open: Int
        let awaiting: Int
        let overdue: Int
        let hasOverdue: Bool
        let corrected: Int
        let late: Int
        let average: String
    }

    struct Total: Sendable {
        let open: Int
        let awaiting: Int
        let overdue: Int
        let corrected: Int
        let late: Int
        let average: String
    }

    let rows: [Line]
    let total: Total
    let de: String
    let ate: String
    let errors: [MessageModel]
    let hasErrors: Bool

    init(lines: [(sector: Sector, stats: SectorNonConformityStats)], from: CalendarDay, to: CalendarDay, errors: [String]) {
        rows = lines.map { line in
            let s = line.stats
            return Line(sector: line.sector.name, sectorHref: SiteURL.queue(sector: line.sector.id ?? 0).path, open: s.open,
                        awaiting: s.awaitingCheck, overdue: s.overdue, hasOverdue: s.overdue > 0, corrected: s.correctedInPeriod,
                        late: s.correctedLate, average: Self.average(s))
        }
        let sum = Self.sum(lines.map(\.stats))
        total = Total(open: sum.open, awaiting: sum.awaitingCheck, overdue: sum.overdue, corrected: sum.correctedInPeriod,
                      late: sum.correctedLate, average: Self.average(sum))
        de = BrazilianFormat.date(from)
        ate = BrazilianFormat.date(to)
        self.errors = errors.map(MessageModel.init)
        hasErrors = !errors.isEmpty
    }

    /// The company's figures: the sectors' added up (the average from the summed days, not an
    /// average of averages).
    static func sum(_ stats: [SectorNonConformityStats]) -> SectorNonConformityStats {
        stats.reduce(into: SectorNonConformityStats(sectorId: 0)) { sum, s in
            sum.open += s.open
            sum.awaitingCheck += s.awaitingCheck
            sum.overdue += s.overdue
            sum.correctedInPeriod += s.correctedInPeriod
            sum.correctedLate += s.correctedLate
            sum.daysToCorrect += s.daysToCorrect
        }
    }

    /// Tenths of a day as `2,5`; `—` when nothing was corrected.
    static func average(_ s: SectorNonConformityStats) -> String {
        s.averageTenthsOfDay.map { "\($0 / 10),\($0 % 10)" } ?? "—"
    }
}

/// `queue_sectors.mustache`: every sector with what it has now.
struct SectorQueuesModel: Sendable {
    struct Line: Sendable {
        let name: String
        let href: String
        let open: Int
        let awaiting: Int
        let overdue: Int
        let hasOverdue: Bool
    }

    let rows: [Line]

    init(lines: [(sector: Sector, stats: SectorNonConformityStats)]) {
        rows = lines.map { line in
            Line(name: line.sector.name, href: SiteURL.queue(sector: line.sector.id ?? 0).path, open: line.stats.open,
                 awaiting: line.stats.awaitingCheck, overdue: line.stats.overdue, hasOverdue: line.stats.overdue > 0)
        }
    }
}

/// `queue.mustache`: a sector's open and corrected non-conformities and its return documents.
struct SectorQueueModel: Sendable {
    struct Document: Sendable {
        let number: String
        let href: String
        let created: String
        let lines: String
        let sent: Bool
    }

    let sector: String
    let sectorId: Int
    let open: [NonConformityRowModel]
    let hasOpen: Bool
    let overdueCount: Int
    let overdueText: String
    /// Every pending one of the sector, not only this page's.
    let total: Int
    let pager: PagerModel
    let corrected: [NonConformityRowModel]
    let hasCorrected: Bool
    let documents: [Document]
    let hasDocuments: Bool
    /// Older documents than the 20 shown exist: the page links to the full list.
    let moreDocuments: Bool
    let isSectorUser: Bool
}

/// `record_returns.mustache`: what each sector has to receive and the documents issued.
struct RecordReturnsModel: Sendable {
    struct Pending: Sendable {
        let sectorId: Int
        let sector: String
        let count: Int
        let due: String
    }

    struct Document: Sendable {
        let href: String
        let number: String
        let sector: String
        let lines: Int
        let due: String
        let created: String
        let createdBy: String
        let sent: String
    }

    let pending: [Pending]
    let hasPending: Bool
    let canIssue: Bool
    let noCompany: Bool
    let documents: [Document]
    let emptyDocuments: Bool
    let pager: PagerModel
}

/// `record_return.mustache` and the downloadable `record_return_file.mustache`: one document.
struct RecordReturnModel: Sendable {
    let id: Int
    let number: String
    let sector: String
    let company: String
    let cnpj: String
    let due: String
    let created: String
    let createdBy: String
    let sent: String
    let sentBy: String
    let canMarkSent: Bool
    let lines: [NonConformityRowModel]
    let count: String
}
