import FaturaBilling
import FaturaDomain
import FaturaStore
import OpenAPIRuntime

/// Contract proposals for the board's tools: read them with their simulation, and decide.
extension APIHandler {
    func listProposals(_ input: Operations.ListProposals.Input) async throws -> Operations.ListProposals.Output {
        _ = try RequestIdentity.require(.viewContracts)
        let status = input.query.status.flatMap { ProposalStatus(rawValue: $0.rawValue) }
        let proposals = try await billing.proposals.list(companyId: input.query.companyId, status: status)
        return .ok(.init(body: .json(proposals.map(Components.Schemas.Proposal.init))))
    }

    func getProposal(_ input: Operations.GetProposal.Input) async throws -> Operations.GetProposal.Output {
        _ = try RequestIdentity.require(.viewContracts)
        return .ok(.init(body: .json(.init(try await billing.proposals.get(input.path.id)))))
    }

    func decideProposal(_ input: Operations.DecideProposal.Input) async throws -> Operations.DecideProposal.Output {
        let identity = try RequestIdentity.require(.decideProposals)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let action: ProposalAction = switch body.decision {
        case .approve: .approve
        case .reject: .reject
        case .counter: .counter
        }
        _ = try await billing.proposals.decide(input.path.id, action, comment: body.comment, expectedVersion: body.expectedVersion, by: identity.actor)
        return .ok(.init(body: .json(.init(try await billing.proposals.get(input.path.id)))))
    }
}

extension Components.Schemas.Proposal {
    init(_ stored: ProposalRepository.Stored) {
        let p = stored.proposal
        let simulation: Components.Schemas.ImpactSimulation? = stored.simulation.flatMap { r in
            guard let months = stored.simulationMonths, let from = stored.simulationFrom, let to = stored.simulationTo else { return nil }
            return .init(months: months, from: from.iso, to: to.iso, simulatedAt: stored.simulatedAt ?? "", itemsRead: r.itemsRead, unpricedItems: r.unpricedItems,
                         total: .init(r.total), byMonth: r.byMonth.map(Components.Schemas.ImpactLine.init), byKind: r.byKind.map(Components.Schemas.ImpactLine.init),
                         byExamGroup: r.byExamGroup.map(Components.Schemas.ImpactLine.init), bySector: r.bySector.map(Components.Schemas.ImpactLine.init),
                         topCodes: r.topCodes.map(Components.Schemas.ImpactLine.init))
        }
        self.init(id: p.id ?? 0, version: p.version, companyId: p.companyId, payerId: p.payerId, subject: p.subject, receivedOn: p.receivedOn.iso,
                  startsOn: p.terms.validFrom.iso, baseContractId: p.baseContractId, status: .init(rawValue: p.status.rawValue) ?? .analysis,
                  porteAdjustmentBasisPoints: p.terms.porteAdjustment.basisPoints, drugPercentageBasisPoints: p.terms.drugPercentage.basisPoints,
                  materialPercentageBasisPoints: p.terms.materialPercentage.basisPoints, analysis: p.analysis,
                  recommendation: p.recommendation.flatMap { .init(rawValue: $0.rawValue) }, boardComment: p.boardComment, decidedBy: p.decidedBy,
                  decidedOn: p.decidedOn?.iso, createdContractId: p.createdContractId, simulation: simulation)
    }
}

extension Components.Schemas.ImpactLine {
    init(_ l: ImpactSimulation.Line) {
        self.init(key: l.key, label: l.label, items: l.items, currentCents: l.current.cents, proposedCents: l.proposed.cents,
                  differenceCents: l.difference.cents, percentBasisPoints: l.percent?.basisPoints)
    }
}
