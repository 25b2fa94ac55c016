import FaturaBilling
import FaturaDomain
import FaturaStore
import Hummingbird

/// On a partial: registering a non-conformity, "Encerrar parcial" (refused with every reason at
/// once), reopening for a supervisor with a written reason; and closing many from the worklist.
enum ClosingPages {
    static let routes = [
        PageRoute(.post, "/accounts/partials/:id/nonconformities", .manageNonConformities) { request in
            let id = try request.id()
            let input = NonConformityService.Registration(partialId: ID(id), itemId: Int(request.form["itemId"]).map { ID($0) }, typeId: Int(request.form["typeId"]),
                                                        sectorId: Int(request.form["sectorId"]), note: request.form["note"])
            _ = try await request.billing.nonConformities.register(input, expectedVersion: Int(request.form["version"]),
                                                                 today: request.today, by: request.actor)
            return request.redirect(.partialNonConformities(id), notice: .ncRegistered)
        }.redisplaying { request, refusal in
            try await AccountPages.partial(request, ncErrors: messages(refusal), stale: refusal.isStale, form: request.form)
        },
        PageRoute(.post, "/accounts/partials/:id/close", .editAccounts) { request in
            let id = try request.id()
            do {
                try await request.billing.closing.close(ID(id), expectedVersion: Int(request.form["version"]), by: request.actor)
            } catch FaturaError.notClosable(let blockers) {
                return try await AccountPages.partial(request, closingRefused: blockers.map(\.message))
            }
            return request.redirect(.partial(id), notice: .partialClosed)
        }.redisplaying { request, refusal in
            // Stale or already closed: the page as it is now, with why the close did not happen.
            try await AccountPages.partial(request, closingRefused: [refusal.message], stale: refusal.isStale)
        },
        PageRoute(.post, "/accounts/partials/:id/reopen", .reopenPartials) { request in
            let id = try request.id()
            try await request.billing.closing.reopen(ID(id), reason: request.form["reason"], expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.partial(id), notice: .partialReopened)
        }.redisplaying { request, refusal in
            try await AccountPages.partial(request, reopenErrors: messages(refusal), stale: refusal.isStale, form: request.form)
        },
        PageRoute(.post, "/accounts/close", .editAccounts) { request in
            let ids = (request.form.values["ids"] ?? []).compactMap { Int($0) }.map { ID<PartialBill>($0) }
            guard !ids.isEmpty else {
                throw FaturaError.validation([FieldError("ids", "Marque ao menos uma parcial para encerrar.")])
            }
            guard ids.count <= 200 else {
                throw FaturaError.validation([FieldError("ids", "Encerre no máximo 200 parciais de uma vez.")])
            }
            let outcomes = try await request.billing.closing.closeMany(ids, by: request.actor)
            return try await request.render("close_result", title: "Encerramento de parciais", section: "accounts", CloseResultModel(outcomes))
        },
    ]

    /// A refusal as the partial page's boxes list it: each field's message, or the one sentence.
    static func messages(_ refusal: FormRefusal) -> [FieldError] {
        refusal.fieldErrors.isEmpty ? [FieldError("", refusal.message)] : refusal.fieldErrors
    }
}

/// `close_result.mustache`: each partial asked for, closed or refused with its reasons, and the counts.
struct CloseResultModel: Sendable {
    struct Row: Sendable {
        let href: String
        let externalId: String
        let closed: Bool
        let reasons: [String]
    }

    let rows: [Row]
    let summary: String

    init(_ outcomes: [ClosingService.Outcome]) {
        rows = outcomes.map { Row(href: SiteURL.partial($0.partialId.rawValue).path, externalId: $0.externalId, closed: $0.closed, reasons: $0.reasons) }
        let closed = outcomes.filter(\.closed).count
        summary = BrazilianFormat.count(closed, "encerrada", "encerradas") + ", " + BrazilianFormat.count(outcomes.count - closed, "não encerrada", "não encerradas") + "."
    }
}
