import FaturaDomain
import FaturaStore

/// Contract proposals (issue 15): registered by billing, simulated on the payer's real production,
/// analysed, sent to the board, decided; an approval becomes the contract's new version in the same
/// transaction as the decision.
public struct ProposalService: BillingService {
    let context: ServiceContext

    /// Items read and priced per step of a simulation (memory stays flat on a large payer's year).
    static let simulationBatch = 5_000

    var jobs: JobQueue { JobQueue(context: context) }

    public func list(companyId: Int, status: ProposalStatus? = nil) async throws -> [ProposalRepository.Stored] {
        try await database.read { try await ProposalRepository.list(companyId: companyId, status: status, on: $0) }
    }

    public func counts(companyId: Int) async throws -> [ProposalStatus: Int] {
        try await database.read { try await ProposalRepository.counts(companyId: companyId, on: $0) }
    }

    public func get(_ id: Int) async throws -> ProposalRepository.Stored {
        try await database.read { try await ProposalRepository.require(id, on: $0) }
    }

    /// Registers a proposal; its terms start as a copy of `baseContractId`'s when given (the form
    /// then edits what the payer changes).
    public func create(_ input: ContractProposal, by actor: AuditActor) async throws -> ContractProposal {
        var proposal = input
        proposal.subject = proposal.subject.trimmingSpaces()
        proposal.status = .analysis
        proposal.terms.normalize()
        let problems = proposal.validate()
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = proposal
        let now = clock.timestamp()
        return try await database.transaction { tx in
            if let base = candidate.baseContractId {
                guard let contract = try await ContractStore.find(ID(base), on: tx), contract.payerId == candidate.payerId,
                      contract.companyId == candidate.companyId else {
                    throw FaturaError.validation([FieldError("baseContractId", "O contrato de referência não é deste convênio e empresa.")])
                }
            }
            return try await ProposalRepository.insert(candidate, at: now, by: actor, on: tx)
        }
    }

    /// Edits the terms, subject or analysis while billing has it (not while the board decides).
    public func update(_ edited: ContractProposal, by actor: AuditActor) async throws -> ContractProposal {
        guard let id = edited.id else { throw FaturaError.notFound(entity: "proposta de contrato") }
        return try await database.transaction { tx in
            let before = try await ProposalRepository.require(id, on: tx).proposal
            var after = before
            after.status = try before.next(.edit)
            after.subject = edited.subject.trimmingSpaces()
            after.receivedOn = edited.receivedOn
            after.terms = edited.terms
            after.terms.normalize()
            after.analysis = edited.analysis?.trimmingSpaces().nilIfEmpty
            after.recommendation = edited.recommendation
            after.version = edited.version
            let problems = after.validate()
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            return try await ProposalRepository.update(after, before: before, detail: "proposta alterada", by: actor, on: tx)
        }
    }

    /// Sends the analysed proposal to the board.
    public func send(_ id: Int, expectedVersion: Int, by actor: AuditActor) async throws -> ContractProposal {
        try await database.transaction { tx in
            let before = try await ProposalRepository.require(id, on: tx).proposal
            var after = before
            after.status = try before.next(.send)
            after.version = expectedVersion
            return try await ProposalRepository.update(after, before: before, detail: "enviada à diretoria", by: actor, on: tx)
        }
    }

    /// The board's decision. Approving creates the contract version from the proposal's start date
    /// (a new version of the base contract, or the payer's first contract) in the same transaction.
    public func decide(_ id: Int, _ action: ProposalAction, comment: String?, expectedVersion: Int, by actor: AuditActor) async throws -> ContractProposal {
        guard [.approve, .reject, .counter].contains(action) else { throw FaturaError.badRequest("Decisão desconhecida.") }
        let comment = comment?.trimmingSpaces().nilIfEmpty
        if action == .counter, comment == nil {
            throw FaturaError.validation([FieldError("boardComment", "Descreva a contraproposta para o faturamento negociar.")])
        }
        let today = clock.today()
        return try await database.transaction { tx in
            let before = try await ProposalRepository.require(id, on: tx).proposal
            var after = before
            after.status = try before.next(action)
            after.boardComment = comment
            after.decidedBy = actor.username
            after.decidedOn = today
            after.version = expectedVersion
            let problems = after.validate()
            if !problems.isEmpty { throw FaturaError.validation(problems) }
            var detail = "decisão da diretoria: \(after.status.label.lowercased())"
            if action == .approve {
                let contract: Contract
                if let base = before.baseContractId {
                    contract = try await ContractStore.newVersion(of: ID(base), validFrom: before.terms.validFrom, terms: before.terms, by: actor, on: tx)
                } else {
                    contract = try await ContractStore.insert(before.terms, by: actor, detail: "contrato da proposta \(id)", on: tx)
                }
                after.createdContractId = contract.id?.rawValue
                detail += "; contrato \(contract.id?.rawValue ?? 0) versão \(contract.version) a partir de \(BrazilianFormat.date(contract.validFrom))"
            }
            return try await ProposalRepository.update(after, before: before, detail: detail, by: actor, on: tx)
        }
    }

    /// Queues the impact simulation (a job: a large payer's year is half a million items).
    public func enqueueSimulation(_ id: Int, months: Int, by actor: AuditActor) async throws -> Int {
        guard (1...36).contains(months) else { throw FaturaError.validation([FieldError("months", "Simule de 1 a 36 meses.")]) }
        let proposal = try await get(id).proposal
        if let pending = try await simulationJobs(of: proposal).first(where: \.status.isActive) { return pending.id }
        return try await jobs.enqueue(.proposalSimulation, companyId: proposal.companyId, arguments: ProposalSimulationJob(proposalId: id, months: months),
                                              detail: "\(JobKind.proposalSimulation.label): proposta \(id), \(months) meses", by: actor)
    }

    /// The proposal's simulation jobs, newest first.
    public func simulationJobs(of proposal: ContractProposal) async throws -> [Job] {
        try await jobs.list(kind: .proposalSimulation, companyId: proposal.companyId, limit: 200).filter {
            $0.arguments(as: ProposalSimulationJob.self)?.proposalId == proposal.id
        }
    }

    /// The period a simulation of `months` months covers: the months up to today (12 months on
    /// 10/12/2026: 11/12/2025 to 10/12/2026), so this month's production counts too.
    public func simulationPeriod(months: Int) -> (from: CalendarDay, to: CalendarDay) {
        let today = clock.today()
        let month = Competence.of(today)!.adding(months: -months)
        return (month.day(today.day).adding(days: 1), today)
    }

    /// Prices the payer's production of the last `months` months under the current contract
    /// (the base, or the one valid today) and under the proposal, and keeps the report on the proposal.
    @discardableResult
    public func simulate(_ id: Int, months: Int, progress: (@Sendable (Int) -> Void)? = nil) async throws -> ImpactSimulation.Report {
        guard (1...36).contains(months) else { throw FaturaError.validation([FieldError("months", "Simule de 1 a 36 meses.")]) }
        let stored = try await get(id)
        let proposal = stored.proposal
        let (from, to) = simulationPeriod(months: months)
        let current = try await currentContract(of: proposal)
        var terms = proposal.terms
        terms.payerId = proposal.payerId
        terms.companyId = proposal.companyId
        let proposed = terms
        var cache = PriceRepository.BookCache()
        var accumulator = ImpactSimulation.Accumulator()
        let groups = try await store.examGroups.list()
        var after = 0, read = 0
        while true {
            let start = after
            let carried = cache
            let (items, last, updated) = try await database.read { sql in
                var (items, last) = try await ProposalRepository.simulationItems(companyId: proposal.companyId, payerId: proposal.payerId, from: from, to: to,
                                                                              after: start, limit: Self.simulationBatch, on: sql)
                for index in items.indices where items[index].kind == .exam {
                    items[index].examGroup = groups.first { $0.contains(code: items[index].code) }?.name
                }
                var cache = carried
                try await PriceRepository.extend(&cache, for: items, contracts: [current, proposed].compactMap { $0 }, on: sql)
                return (items, last, cache)
            }
            cache = updated
            if let current {
                accumulator.add(items, book: cache.book, current: current, proposed: proposed)
            } else {
                // No contract today: everything counts as unpriced now (a first contract's proposal).
                accumulator.add(items, book: cache.book, current: Contract(payerId: proposal.payerId, companyId: proposal.companyId, name: "—",
                                                                           validFrom: from, active: false), proposed: proposed)
            }
            read += items.count
            progress?(read)
            guard let last, items.count == Self.simulationBatch else { break }
            after = last
        }
        let report = accumulator.report()
        let now = clock.timestamp()
        try await database.transaction { tx in
            try await ProposalRepository.saveSimulation(id, report: report, months: months, from: from, to: to, at: now, on: tx)
        }
        return report
    }

    /// The contract the proposal is compared with: its base, else the payer's contract valid today.
    public func currentContract(of proposal: ContractProposal) async throws -> Contract? {
        if let base = proposal.baseContractId { return try await store.contracts.get(ID(base)) }
        let today = clock.today()
        return try await store.contracts.list(payerId: proposal.payerId, companyId: proposal.companyId).first { $0.isValid(on: today) }
    }
}

/// What a proposal simulation job is asked.
public struct ProposalSimulationJob: Sendable, Equatable, Codable {
    public var proposalId: Int
    public var months: Int

    public init(proposalId: Int, months: Int) {
        self.proposalId = proposalId
        self.months = months
    }
}
