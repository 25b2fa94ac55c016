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
            var percentages: [Int: Percentage] = [:]
            var errors: [FieldError] = []
            for (name, values) in request.form.values where name.hasPrefix("pct_") {
                guard let itemId = Int(name.dropFirst(4)), let text = values.first else { continue }
                // Only what the person changed becomes manual; an untouched field keeps the rule's value.
                if text.trimmingCharacters(in: .whitespaces) == request.form["default_\(itemId)"] { continue }
                guard let value = Percentage(parsing: text), (0...10_000).contains(value.basisPoints) else {
                    errors.append(FieldError(name, "Percentual inválido no item \(itemId): \(text) (0 a 100)."))
                    continue
                }
                percentages[itemId] = value
            }
            if !errors.isEmpty { return try await grid(request, errors: errors) }
            let summary = try await request.billing.examRule.apply(id, percentages: percentages, expectedVersion: Int(request.form["version"]),
                                                                 by: request.actor)
            return request.redirect("/accounts/partials/\(id)/exam-rule?aplicado=\(summary.itemsChanged)")
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
            return request.redirect("/exam-rule/batch?execucao=\(runId)")
        },
    ]

    static func grid(_ request: PageRequest, errors: [FieldError] = []) async throws -> Response {
        let id = try request.id()
        let preview = try await request.billing.examRule.preview(id)
        let editable = preview.partial.status == .draft && request.identity.may(.editAccounts)
        let groups: [[String: Any]] = preview.groups.map { group in
            [
                "title": "\(group.groupName) — faixa \(group.band) — \(BrazilianFormat.date(group.day))",
                "lines": group.lines.map { line -> [String: Any] in
                    let r = line.result
                    return [
                        "itemId": line.itemId ?? 0, "hasItem": line.itemId != nil, "code": line.code, "description": line.description,
                        "incidence": r.quantity == .one ? "\(r.firstIncidence)ª" : "\(r.firstIncidence)ª a \(r.firstIncidence + Int(r.quantity.wholePart) - 1)ª",
                        "quantity": r.quantity.description, "base": BrazilianFormat.currency(r.baseUnitValue), "film": BrazilianFormat.currency(r.filmValue),
                        "default": BrazilianFormat.percentage(r.defaultPercentage), "percentage": r.percentage.formValue,
                        "defaultValue": r.percentage.formValue, "manual": r.manual, "unit": BrazilianFormat.currency(r.unitValue),
                        "total": BrazilianFormat.currency(r.total), "current": BrazilianFormat.currency(line.currentUnitValue),
                        "changes": line.currentUnitValue != r.unitValue,
                    ]
                },
            ]
        }
        var values: [String: Any] = [
            "id": id, "externalId": preview.partial.externalId, "status": preview.partial.status.label, "version": preview.partial.version,
            "groups": groups, "empty": groups.isEmpty, "editable": editable, "readOnly": !editable,
            "skipped": preview.skipped.map(\.message), "hasSkipped": !preview.skipped.isEmpty,
            "excluded": preview.payerStandard != .convenio, "standard": preview.payerStandard.label,
            "noContract": !preview.contractFound, "changes": preview.itemsChanged, "reduction": BrazilianFormat.currency(preview.reduction),
            "errors": errors.map { ["message": $0.message] }, "hasErrors": !errors.isEmpty,
        ]
        if let changed = request.queryInt("aplicado") { values["notice"] = "Regra aplicada: \(changed) linha(s) alterada(s)." }
        return try await request.render("exam_rule", title: "Regras de Cobrança de Exames", section: "accounts", values,
                                        status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func batchPage(_ request: PageRequest) async throws -> Response {
        guard let companyId = request.session.companyId else {
            return try await request.render("message", title: "Regra de Cobrança de Exames em Lote", section: "accounts", [
                "heading": "Regra de Cobrança de Exames em Lote", "text": "Escolha a coligada atual no topo da página.",
            ])
        }
        let runs = try await request.billing.examBatch.recent(companyId: companyId)
        let running = runs.contains { $0.isRunning }
        return try await request.render("exam_batch", title: "Regra de Cobrança de Exames em Lote", section: "accounts", [
            "running": running, "canRun": request.identity.may(.editAccounts) && !running,
            "window": ExamRuleBatch.windowDays,
            "runs": runs.map { run -> [String: Any] in
                let report = run.report
                return [
                    "id": run.id, "status": run.status.label,
                    "isRunning": run.isRunning, "dryRun": run.dryRun, "startedBy": run.startedBy, "startedAt": HospitalClock.display(run.startedAt),
                    "finishedAt": HospitalClock.display(run.finishedAt), "window": CalendarDay(iso: run.windowStart).map(BrazilianFormat.date) ?? run.windowStart,
                    "progress": "\(run.partialsDone) de \(run.partialsTotal)", "itemsExamined": run.itemsExamined, "itemsChanged": run.itemsChanged,
                    "reduction": BrazilianFormat.currency(Money(cents: run.reductionCents)), "error": run.error ?? "",
                    "partialsChanged": report?.partialsChanged ?? 0,
                    "manualKept": (report?.manualKept ?? []).map { ["href": "/accounts/partials/\($0.partialId)/exam-rule", "partial": $0.partialExternalId,
                                                                    "items": $0.itemIds.map(String.init).joined(separator: ", ")] },
                    "skipped": report?.skipped ?? [], "left": report?.partialsLeft ?? [],
                ]
            },
            "empty": runs.isEmpty,
        ])
    }
}
