import FaturaDomain
import FaturaStore

/// `partials.mustache`: the worklist's filters and pager; the rows are HTML from `WorklistRow`.
struct WorklistModel: Sendable {
    let rowsHTML: String
    let empty: Bool
    let payers: [OptionModel]
    let sectors: [OptionModel]
    let statuses: [OptionModel]
    let de: String
    let ate: String
    let problems: [String]
    let hasProblems: Bool
    let onlyUnpriced: Bool
    let onlyPending: Bool
    let canClose: Bool
    let pager: PagerModel
    let noCompany: Bool
}

/// `unpriced.mustache`: items that could not be priced, a page at a time.
struct UnpricedModel: Sendable {
    struct Row: Sendable {
        let href: String
        let code: String
        let description: String
        let performedAt: String
        let reason: String
        let payer: String
        let patient: String
    }

    let rows: [Row]
    let empty: Bool
    let pager: PagerModel

    init(_ page: Page<AccountQueries.UnpricedItem>, href: (Int) -> String) {
        rows = page.items.map { item in
            Row(href: SiteURL.partial(item.partialId).path, code: item.code, description: item.description,
                performedAt: LocalDateTime(iso: item.performedAt)?.brazilian ?? item.performedAt, reason: item.pricingError ?? "",
                payer: item.payerName, patient: item.patientName)
        }
        empty = rows.isEmpty
        pager = PagerModel(page, href: href)
    }
}

/// `partial.mustache` without its non-conformities and closing box (`ClosingModel`).
struct PartialModel: Sendable {
    struct Item: Sendable {
        let code: String
        let description: String
        let kind: String
        let table: String
        let performedAt: String
        let quantity: String
        let porte: String
        let fee: String
        let uco: String
        let film: String
        let other: String
        let unit: String
        let total: String
        let examPercentage: String
        let manual: Bool
        let priced: Bool
        let urgency: Bool
        let reason: String
        let professional: String
        /// Billing's correction page for the line; empty when it cannot be corrected (closed
        /// partial, no permission, a line the exam rule split off another).
        let editHref: String
        /// "corrigido" / "incluído pelo faturamento", with who, when and why in the title.
        let correctionTag: String
        let correctionNote: String
    }

    /// A line the HIS sent again with other values after billing corrected or removed it.
    struct Conflict: Sendable {
        let text: String
        let href: String
    }

    /// A line billing removed from the bill.
    struct Removed: Sendable {
        let code: String
        let description: String
        let quantity: String
        let total: String
        let note: String
    }

    struct Total: Sendable {
        let label: String
        let value: String
    }

    let id: Int
    let externalId: String
    let status: String
    let draft: Bool
    let patient: String
    let card: String
    let record: String
    let payer: String
    let standard: String
    let encounter: String
    let type: String
    let sector: String
    let authorization: String
    let period: String
    let items: [Item]
    let conflicts: [Conflict]
    let hasConflicts: Bool
    let removed: [Removed]
    let hasRemoved: Bool
    /// Billing's page to add a line; empty when it may not.
    let addHref: String
    let empty: Bool
    let totals: [Total]
    let total: String
    let unpricedCount: Int
    let unpricedText: String
    let hasUnpriced: Bool
    let canEdit: Bool
    /// After re-pricing; nil leaves the layout's notice.
    let notice: String?

    init(_ detail: AccountQueries.PartialDetail, removals: [ItemCorrectionRepository.Removal] = [], canEdit: Bool, notice: String?) throws {
        let partial = detail.partial
        id = partial.id?.rawValue ?? 0
        externalId = partial.externalId
        status = partial.status.label
        draft = partial.status == .draft
        patient = detail.patient.name
        card = detail.patient.cardNumber ?? "—"
        record = detail.patient.medicalRecordNumber ?? "—"
        payer = detail.payerName
        standard = detail.payerStandard.label
        encounter = detail.encounterExternalId
        type = detail.encounterType.label
        sector = detail.sectorName ?? "—"
        authorization = detail.authorizationNumber ?? "—"
        period = BrazilianFormat.date(partial.periodStart) + " a " + BrazilianFormat.date(partial.periodEnd)
        let correctable = canEdit && partial.status == .draft
        items = detail.items.map { item in
            let unit = item.priced
            let id = item.id?.rawValue ?? 0
            let tag = item.origin == .billing ? "incluído pelo faturamento" : item.correction == nil ? "" : "corrigido pelo faturamento"
            return Item(
                code: item.code, description: item.description, kind: item.kind.label, table: item.priceTable.label,
                performedAt: item.performedAt.brazilian, quantity: item.quantity.description, porte: item.porte?.description ?? "",
                fee: unit.map { BrazilianFormat.decimal($0.feePart) } ?? "", uco: unit.map { BrazilianFormat.decimal($0.operatingCostPart) } ?? "",
                film: unit.map { BrazilianFormat.decimal($0.filmPart) } ?? "", other: unit.map { BrazilianFormat.decimal($0.otherPart) } ?? "",
                unit: unit == nil ? "" : BrazilianFormat.currency(item.unitValue), total: BrazilianFormat.currency(item.total),
                examPercentage: item.examPercentage.map(BrazilianFormat.percentage) ?? "", manual: item.examPercentageManual,
                priced: item.isPriced, urgency: unit?.urgency ?? false, reason: item.pricingMessage ?? "",
                professional: item.executingProfessional ?? "",
                editHref: correctable && item.splitFromId == nil ? SiteURL.item(partial: item.partialId.rawValue, id).path : "",
                correctionTag: tag,
                correctionNote: item.correction.map { "\(HospitalClock.display($0.at)) · \($0.by): \($0.reason)" } ?? "")
        }
        conflicts = detail.items.compactMap { item in
            item.hisConflict.map { Conflict(text: $0, href: SiteURL.item(partial: item.partialId.rawValue, item.id?.rawValue ?? 0).path) }
        } + removals.compactMap { removal in removal.hisConflict.map { Conflict(text: $0, href: "") } }
        hasConflicts = !conflicts.isEmpty
        removed = removals.map { r in
            Removed(code: r.line.code, description: r.line.description, quantity: r.line.quantity.description, total: BrazilianFormat.currency(r.total),
                    note: "Removido em \(HospitalClock.display(r.removedAt)) por \(r.removedBy): \(r.reason)")
        }
        hasRemoved = !removed.isEmpty
        addHref = correctable ? SiteURL.newItem(partial: id).path : ""
        empty = items.isEmpty
        totals = try detail.totalsByKind.map { Total(label: $0.0.label, value: BrazilianFormat.currency($0.1)) }
        total = BrazilianFormat.currency(try detail.total)
        unpricedCount = detail.unpricedCount
        unpricedText = BrazilianFormat.count(detail.unpricedCount, "item sem preço", "itens sem preço")
        hasUnpriced = detail.unpricedCount > 0
        self.canEdit = canEdit && partial.status == .draft
        self.notice = notice
    }
}
