import FaturaBilling
import FaturaDomain
import FaturaStore

extension AccountPages {
    /// The partial page's non-conformities, its registration form, and the closing / reopening box.
    static func closingValues(_ request: PageRequest, detail: AccountQueries.PartialDetail, ncErrors: [FieldError], reopenErrors: [FieldError],
                              closingRefused: [ClosingBlocker]?, form: FormData?) async throws -> [String: Any] {
        let id = detail.partial.id ?? 0
        let today = request.today
        let draft = detail.partial.status == .draft
        let identity = request.identity
        let back = "/accounts/partials/\(id)#nao-conformidades"
        let entries = try await request.store.nonConformityQueries.entries(.init(partialId: id))
        let events = Dictionary(grouping: try await request.store.nonConformityQueries.events(of: entries.map(\.id)), by: \.nonconformityId)
        let rows: [[String: Any]] = entries.map { entry in
            var values = NonConformityView.values(entry, today: today)
            values["canCheck"] = identity.may(.manageNonConformities) && entry.status == .corrected
            values["canCancel"] = identity.may(.manageNonConformities) && entry.status.blocksClosing
            values["back"] = back
            values["history"] = (events[entry.id] ?? []).map { event in
                ["at": HospitalClock.display(event.at), "who": event.username, "label": event.label, "note": event.note ?? ""]
            }
            return values
        }
        let returnedTo = Set(entries.filter { $0.status == .open }.map(\.sectorName)).sorted()
        let blockers = draft ? try await request.billing.closing.blockers(id).blockers : []
        var values: [String: Any] = [
            "version": detail.partial.version, "back": back,
            "nonconformities": rows, "hasNonconformities": !rows.isEmpty,
            "returnedTo": returnedTo.joined(separator: ", "), "isReturned": !returnedTo.isEmpty,
            "canRegister": draft && identity.may(.manageNonConformities),
            "canClose": draft && identity.may(.editAccounts),
            "closingBlockers": (closingRefused ?? blockers).map(\.message), "closable": draft && blockers.isEmpty,
            "closingRefused": closingRefused != nil,
            "canReopen": !draft && identity.may(.reopenPartials),
            "closedInfo": detail.closedAt.map { "Encerrada em \(HospitalClock.display($0)) por \(detail.closedBy ?? "—")." } ?? "",
            "reopenInfo": detail.reopenedAt.map { "Reaberta em \(HospitalClock.display($0)) por \(detail.reopenedBy ?? "—"): \(detail.reopenReason ?? "")" } ?? "",
            "ncErrors": ncErrors.map { ["message": $0.message] }, "hasNcErrors": !ncErrors.isEmpty,
            "reopenErrors": reopenErrors.map { ["message": $0.message] }, "hasReopenErrors": !reopenErrors.isEmpty,
            "ncNote": form?["note"] ?? "", "reopenReason": form?["reason"] ?? "",
        ]
        if draft && identity.may(.manageNonConformities) {
            let types = try await request.store.nonConformityTypes.all(active: true)
            let sectors = try await request.store.sectors.all(active: true)
            let chosenType = form.flatMap { Int($0["typeId"]) }
            let chosenSector = form.flatMap { Int($0["sectorId"]) }
            let chosenItem = form.flatMap { Int($0["itemId"]) }
            values["typeOptions"] = types.map { type in
                ["value": type.id ?? 0, "label": "\(type.name) (\(type.deadlineBusinessDays) dia(s) útil(eis))", "selected": type.id == chosenType] as [String: Any]
            }
            values["sectorOptions"] = options(sectors.map { ($0.id ?? 0, $0.name) }, selected: chosenSector)
            values["itemOptions"] = detail.items.compactMap { item in
                item.id.map { ["value": $0, "label": "\(item.code) — \(item.description) (\(item.performedAt.brazilian))", "selected": $0 == chosenItem] as [String: Any] }
            }
        }
        return values
    }
}
