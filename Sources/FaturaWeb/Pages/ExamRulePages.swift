import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// "Regras de Cobrança de Exames": the per-partial grid (edit percentages, apply) and the batch for
/// the current company, which runs in the background while its page shows the progress.
enum ExamRulePages {
    static let routes = [
        PageRoute(.get, "/accounts/partials/:id/exam-rule", .viewAccounts) { try await grid($0) },
        PageRoute(.post, "/accounts/partials/:id/exam-rule", .editAccounts) { request in
            let id = try request.id()
            var percentages: [ID<ChargeItem>: Percentage] = [:]
            var errors: [FieldError] = []
            for (name, values) in request.form.values where name.hasPrefix("pct_") {
                guard let itemId = Int(name.dropFirst(4)), let text = values.first else { continue }
                // Only what the person changed becomes manual; an untouched field keeps the rule's value.
                if text.trimmingCharacters(in: .whitespaces) == request.form["default_\(itemId)"] { continue }
                guard let value = Percentage(parsing: text), (0...10_000).contains(value.basisPoints) else {
                    errors.append(FieldError(name, "Percentual inválido: “\(text)” (use um número de 0 a 100, como 50 ou 50,00)."))
                    continue
                }
                percentages[ID(itemId)] = value
            }
            if !errors.isEmpty { throw FaturaError.validation(errors) }
            let summary = try await request.billing.examRule.apply(ID(id), percentages: percentages, expectedVersion: Int(request.form["version"]),
                                                                 by: request.actor)
            return request.redirect(SiteURL.examRule(partial: id).with([("aplicado", String(summary.itemsChanged))]))
        }.redisplaying { request, refusal in
            try await grid(request, refusal: refusal)
        },
        PageRoute(.get, "/exam-rule/batch", .viewAccounts) { try await batchPage($0) },
        PageRoute(.post, "/exam-rule/batch", .editAccounts) { request in
            guard let companyId = request.session.companyId else {
                throw FaturaError.validation([FieldError("companyId", "Escolha a coligada atual antes de executar o lote.")])
            }
            let dryRun = request.form["dryRun"] == "true"
            // Registered now (a second batch for the company is refused at once), run by the job
            // runner (a service of the application): the page keeps working, the run records its
            // progress, and a restart resumes it.
            let runId = try await request.billing.examBatch.start(companyId: companyId, today: request.today, dryRun: dryRun, by: request.actor)
            try await request.billing.jobs.enqueue(ExamRuleBatchJob(companyId: companyId, today: request.today, dryRun: dryRun, runId: runId),
                                                   by: request.actor)
            return request.redirect(SiteURL.examBatch.with([("execucao", String(runId))]))
        },
    ]

    static func grid(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let id = try request.id()
        let preview = try await request.billing.examRule.preview(ID(id))
        let editable = preview.partial.status == .draft && request.identity.may(.editAccounts)
        let notice = request.queryInt("aplicado").map { "Regra aplicada: \(BrazilianFormat.count($0, "linha alterada", "linhas alteradas"))." }
        return try await request.render("exam_rule", title: "Regras de Cobrança de Exames", section: "accounts",
                                        ExamRuleModel(preview, id: id, editable: editable,
                                                      errors: refusal.map { $0.fieldErrors.isEmpty ? [FieldError("", $0.message)] : $0.fieldErrors } ?? [],
                                                      typed: refusal == nil ? nil : request.form, notice: notice),
                                        status: refusal?.status ?? .ok)
    }

    static func batchPage(_ request: PageRequest) async throws -> Response {
        guard let companyId = request.session.companyId else {
            return try await request.render("message", title: "Regra de Cobrança de Exames em Lote", section: "accounts", MessagePageModel(
                heading: "Regra de Cobrança de Exames em Lote", text: "Escolha a coligada atual no topo da página."))
        }
        let runs = try await request.billing.examBatch.recent(companyId: companyId)
        let running = runs.contains { $0.isRunning }
        let ids = Array(Set(runs.flatMap { $0.report?.manualKept.flatMap(\.itemIds) ?? [] })).sorted().prefix(2_000)
        let codes = try await request.store.accounts.itemCodes(Array(ids))
        return try await request.render("exam_batch", title: "Regra de Cobrança de Exames em Lote", section: "accounts", ExamBatchModel(
            running: running, canRun: request.identity.may(.editAccounts) && !running, window: ExamRuleBatch.windowDays,
            runs: runs.map { ExamBatchModel.Run($0, codes: codes) }, empty: runs.isEmpty))
    }
}
