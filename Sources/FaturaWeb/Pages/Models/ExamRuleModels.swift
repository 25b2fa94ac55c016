import FaturaBilling
import FaturaDomain
import FaturaStore

/// `exam_rule.mustache`: a partial's exam lines by group and day, with the rule's outcome.
struct ExamRuleModel: Sendable {
    struct Line: Sendable {
        let itemId: Int
        let hasItem: Bool
        let code: String
        let description: String
        let incidence: String
        let quantity: String
        let base: String
        let film: String
        let `default`: String
        var percentage: String
        let defaultValue: String
        let manual: Bool
        let unit: String
        let total: String
        let current: String
        let changes: Bool
        /// Why the typed percentage was refused, beside its field.
        var error: String? = nil

        init(_ line: ExamRuleService.PreviewLine) {
            let r = line.result
            itemId = line.itemId?.rawValue ?? 0
            hasItem = line.itemId != nil
            code = line.code
            description = line.description
            incidence = r.quantity == .one ? "\(r.firstIncidence)ª" : "\(r.firstIncidence)ª a \(r.firstIncidence + Int(r.quantity.wholePart) - 1)ª"
            quantity = r.quantity.description
            base = BrazilianFormat.currency(r.baseUnitValue)
            film = BrazilianFormat.currency(r.filmValue)
            self.default = BrazilianFormat.percentage(r.defaultPercentage)
            percentage = r.percentage.formValue
            defaultValue = r.percentage.formValue
            manual = r.manual
            unit = BrazilianFormat.currency(r.unitValue)
            total = BrazilianFormat.currency(r.total)
            current = BrazilianFormat.currency(line.currentUnitValue)
            changes = line.currentUnitValue != r.unitValue
        }
    }

    struct Group: Sendable {
        let title: String
        let lines: [Line]
    }

    let id: Int
    let externalId: String
    let status: String
    let version: Int
    let groups: [Group]
    let empty: Bool
    let editable: Bool
    let readOnly: Bool
    let skipped: [String]
    let hasSkipped: Bool
    let excluded: Bool
    let standard: String
    let noContract: Bool
    /// "1 linha muda", "3 linhas mudam".
    let changes: String
    let reduction: String
    let errors: [MessageModel]
    let hasErrors: Bool
    /// After applying; nil leaves the layout's notice.
    let notice: String?

    /// `typed` and `errors` after a refused form: each line shows what was typed in it and, beside
    /// the field, why it was refused; the box above names the line by its code and description.
    init(_ preview: ExamRuleService.Preview, id: Int, editable: Bool, errors: [FieldError], typed: FormData? = nil, notice: String?) {
        self.id = id
        externalId = preview.partial.externalId
        status = preview.partial.status.label
        version = preview.partial.version
        var summary: [FieldError] = []
        groups = preview.groups.map { group in
            Group(title: "\(group.groupName) — faixa \(group.band) — \(BrazilianFormat.date(group.day))", lines: group.lines.map { source in
                var line = Line(source)
                let field = "pct_\(line.itemId)"
                if line.hasItem, let typed, typed.has(field) { line.percentage = typed[field] }
                if line.hasItem, let error = errors.first(where: { $0.field == field }) {
                    line.error = error.message
                    summary.append(FieldError(field, "\(line.code) — \(line.description) (\(BrazilianFormat.date(group.day))): \(error.message)"))
                }
                return line
            })
        }
        summary += errors.filter { error in !summary.contains { $0.field == error.field } }
        empty = groups.isEmpty
        self.editable = editable
        readOnly = !editable
        skipped = preview.skipped.map(\.message)
        hasSkipped = !preview.skipped.isEmpty
        excluded = preview.payerStandard != .convenio
        standard = preview.payerStandard.label
        noContract = !preview.contractFound
        changes = preview.itemsChanged == 1 ? "1 linha muda" : "\(BrazilianFormat.integer(preview.itemsChanged)) linhas mudam"
        reduction = BrazilianFormat.currency(preview.reduction)
        self.errors = summary.messages
        hasErrors = !summary.isEmpty
        self.notice = notice
    }
}

/// `exam_batch.mustache`: the batch for the current company and its recent runs.
struct ExamBatchModel: Sendable {
    struct ManualKept: Sendable {
        let href: String
        let partial: String
        let items: String
    }

    struct Run: Sendable {
        let id: Int
        let status: String
        let isRunning: Bool
        let dryRun: Bool
        let startedBy: String
        let startedAt: String
        let finishedAt: String
        let window: String
        let progress: String
        let itemsExamined: Int
        let itemsChanged: Int
        let reduction: String
        let error: String
        let partialsChanged: Int
        let manualKept: [ManualKept]
        let skipped: [String]
        let left: [String]

        /// `codes`: the codes of the lines the report names by id (a person reads codes, not ids).
        init(_ run: ExamRuleBatch.Run, codes: [Int: String] = [:]) {
            let report = run.report
            id = run.id
            status = run.status.label
            isRunning = run.isRunning
            dryRun = run.dryRun
            startedBy = run.startedBy
            startedAt = HospitalClock.display(run.startedAt)
            finishedAt = HospitalClock.display(run.finishedAt)
            window = CalendarDay(iso: run.windowStart).map(BrazilianFormat.date) ?? run.windowStart
            progress = "\(run.partialsDone) de \(run.partialsTotal)"
            itemsExamined = run.itemsExamined
            itemsChanged = run.itemsChanged
            reduction = BrazilianFormat.currency(Money(cents: run.reductionCents))
            error = run.error ?? ""
            partialsChanged = report?.partialsChanged ?? 0
            manualKept = (report?.manualKept ?? []).map {
                ManualKept(href: SiteURL.examRule(partial: $0.partialId).path, partial: $0.partialExternalId,
                           items: $0.itemIds.map { codes[$0] ?? "lançamento \($0)" }.joined(separator: ", "))
            }
            skipped = report?.skipped ?? []
            left = report?.partialsLeft ?? []
        }
    }

    let running: Bool
    let canRun: Bool
    let window: Int
    let runs: [Run]
    let empty: Bool
}
