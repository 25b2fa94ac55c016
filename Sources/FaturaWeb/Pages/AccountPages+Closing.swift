import FaturaBilling
import FaturaDomain
import FaturaStore

extension AccountPages {
    /// The partial page's non-conformities, its registration form, and the closing / reopening box.
    static func closingModel(_ request: PageRequest, detail: AccountQueries.PartialDetail, ncErrors: [FieldError], reopenErrors: [FieldError],
                             closingRefused: [String]?, stale: Bool, form: FormData?) async throws -> ClosingModel {
        let partialId = try detail.partial.id.stored("partial_bills")
        let id = partialId.rawValue
        let today = request.today
        let draft = detail.partial.status == .draft
        let identity = request.identity
        let back = SiteURL.partialNonConformities(id).path
        let entries = try await request.store.nonConformityQueries.entries(.init(partialId: partialId))
        let events = Dictionary(grouping: try await request.store.nonConformityQueries.events(of: entries.map(\.id)), by: \.nonconformityId)
        let rows = entries.map { entry in
            var row = NonConformityRowModel(entry, today: today)
            row.canCheck = identity.may(.manageNonConformities) && entry.status == .corrected
            row.canCancel = identity.may(.manageNonConformities) && entry.status.blocksClosing
            row.back = back
            row.history = (events[entry.id] ?? []).map { event in
                .init(at: HospitalClock.display(event.at), who: event.username, label: event.label, note: event.note ?? "")
            }
            return row
        }
        let blockers = draft ? try await request.billing.closing.blockers(partialId).blockers : []
        var model = ClosingModel(
            detail: detail, entries: entries, rows: rows, back: back, blockers: blockers, closingRefused: closingRefused,
            canRegister: draft && identity.may(.manageNonConformities), canClose: draft && identity.may(.editAccounts),
            canReopen: detail.partial.status == .closed && identity.may(.reopenPartials), ncErrors: ncErrors, reopenErrors: reopenErrors,
            reloadHref: stale ? SiteURL.partial(id).path : nil, form: form)
        if model.canRegister {
            let types = try await request.store.nonConformityTypes.all(active: true)
            let sectors = try await request.store.sectors.all(active: true)
            let chosenItem = form.flatMap { Int($0["itemId"]) }
            model.typeOptions = OptionModel.list(types.map { ($0.id ?? 0, "\($0.name) (\(BrazilianFormat.count($0.deadlineBusinessDays, "dia útil", "dias úteis")))") },
                                                 selected: form.flatMap { Int($0["typeId"]) })
            model.sectorOptions = OptionModel.list(sectors.map { ($0.id ?? 0, $0.name) }, selected: form.flatMap { Int($0["sectorId"]) })
            model.itemOptions = OptionModel.list(detail.items.compactMap { item in
                item.id.map { ($0.rawValue, "\(item.code) — \(item.description) (\(item.performedAt.brazilian))") }
            }, selected: chosenItem)
        }
        return model
    }
}

/// The partial page's non-conformities and its closing / reopening box.
struct ClosingModel: Sendable {
    let version: Int
    let back: String
    let nonconformities: [NonConformityRowModel]
    let hasNonconformities: Bool
    /// The sectors that hold the record now (an open non-conformity each), by name.
    let returnedTo: String
    let isReturned: Bool
    let canRegister: Bool
    let canClose: Bool
    let closingBlockers: [String]
    let closable: Bool
    let closingRefused: Bool
    let canReopen: Bool
    let closedInfo: String
    let reopenInfo: String
    let ncErrors: [MessageModel]
    let hasNcErrors: Bool
    let reopenErrors: [MessageModel]
    let hasReopenErrors: Bool
    /// After someone else changed the partial: the link to its current state, beside the refusal.
    let reloadHref: String?
    let ncNote: String
    let reopenReason: String
    /// The registration form's choices, only when the person may register.
    var typeOptions: [OptionModel]? = nil
    var sectorOptions: [OptionModel]? = nil
    var itemOptions: [OptionModel]? = nil

    init(detail: AccountQueries.PartialDetail, entries: [NonConformityQueries.Entry], rows: [NonConformityRowModel], back: String,
         blockers: [ClosingBlocker], closingRefused: [String]?, canRegister: Bool, canClose: Bool, canReopen: Bool,
         ncErrors: [FieldError], reopenErrors: [FieldError], reloadHref: String?, form: FormData?) {
        let returned = Set(entries.filter { $0.status == .open }.map(\.sectorName)).sorted()
        version = detail.partial.version
        self.back = back
        nonconformities = rows
        hasNonconformities = !rows.isEmpty
        returnedTo = returned.joined(separator: ", ")
        isReturned = !returned.isEmpty
        self.canRegister = canRegister
        self.canClose = canClose
        closingBlockers = closingRefused ?? blockers.map(\.message)
        closable = detail.partial.status == .draft && blockers.isEmpty
        self.closingRefused = closingRefused != nil
        self.canReopen = canReopen
        closedInfo = (detail.closedAt.map { "Encerrada em \(HospitalClock.display($0)) por \(detail.closedBy ?? "—")." } ?? "")
            + (detail.partial.status == .invoiced ? " Faturada: está em uma fatura; para reabri-la, retire-a da fatura enquanto ela estiver aberta (Faturas)." : "")
        reopenInfo = detail.reopenedAt.map { "Reaberta em \(HospitalClock.display($0)) por \(detail.reopenedBy ?? "—"): \(detail.reopenReason ?? "")" } ?? ""
        self.ncErrors = ncErrors.messages
        hasNcErrors = !ncErrors.isEmpty
        self.reopenErrors = reopenErrors.messages
        hasReopenErrors = !reopenErrors.isEmpty
        self.reloadHref = reloadHref
        ncNote = form?["note"] ?? ""
        reopenReason = form?["reason"] ?? ""
    }
}
