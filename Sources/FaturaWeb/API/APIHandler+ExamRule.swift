import FaturaBilling
import FaturaDomain
import FaturaStore

extension APIHandler {
    func previewExamRule(_ input: Operations.PreviewExamRule.Input) async throws -> Operations.PreviewExamRule.Output {
        _ = try RequestIdentity.require(.viewAccounts)
        let preview = try await billing.examRule.preview(ID(input.path.id))
        return .ok(.init(body: .json(.init(
            partialId: input.path.id, version: preview.partial.version, status: .init(rawValue: preview.partial.status.rawValue) ?? .closed,
            itemsChanged: preview.itemsChanged, reductionCents: Int(preview.reduction.cents),
            groups: preview.groups.map { group in
                .init(band: group.band, group: group.groupName, day: group.day.iso, lines: group.lines.map { line in
                    let r = line.result
                    return .init(itemId: line.itemId?.rawValue, code: line.code, description: line.description, firstIncidence: r.firstIncidence,
                                 quantity: r.quantity.description, baseUnitValueCents: Int(r.baseUnitValue.cents), filmValueCents: Int(r.filmValue.cents),
                                 defaultPercentageBasisPoints: r.defaultPercentage.basisPoints, percentageBasisPoints: r.percentage.basisPoints,
                                 manual: r.manual, unitValueCents: Int(r.unitValue.cents), totalCents: Int(r.total.cents))
                })
            }))))
    }

    func applyExamRule(_ input: Operations.ApplyExamRule.Input) async throws -> Operations.ApplyExamRule.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        var percentages: [ID<ChargeItem>: Percentage] = [:]
        var errors = FieldErrors()
        for (index, entry) in (body.percentages ?? []).enumerated() {
            // A reduction is between 0,00% and 100,00%: the rule never raises a value.
            guard (0...10_000).contains(entry.basisPoints) else {
                errors.add("percentages[\(index)].basisPoints", "Percentual entre 0 e 10000 centésimos (0,00% a 100,00%).")
                continue
            }
            percentages[ID(entry.itemId)] = Percentage(basisPoints: entry.basisPoints)
        }
        if !errors.isEmpty { throw FaturaError.validation(errors.all) }
        let summary = try await billing.examRule.apply(ID(input.path.id), percentages: percentages, expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(.init(itemsExamined: summary.itemsExamined, itemsChanged: summary.itemsChanged,
                                           reductionCents: Int(summary.reductionCents), manualKept: summary.manualKept))))
    }
}
