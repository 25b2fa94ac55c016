import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging

/// `fatura bench proposal`: one large payer's month (500 000 items by default) and a proposal that
/// moves its porte from 0% to −5%; the impact simulation over the last 12 months timed with the
/// process's peak memory (issue 15: under a minute for ≈ 500 000 items).
struct ProposalBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "proposal", abstract: "Simulação de impacto de uma proposta sobre a produção de um convênio.")

    @Option(help: "Quantos itens gerar, todos do mesmo convênio.") var items = 500_000
    @Option(help: "PostgreSQL onde criar (e apagar) um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        guard (1...5_000_000).contains(items) else { throw ValidationError("Itens: de 1 a 5 000 000.") }
        let logger = Logger(label: "fatura.bench")
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        do {
            print("Banco: \(location.kind.rawValue). Gerando \(items) itens de um convênio…")
            let generated = Date()
            let companyId = try await BenchData(store: store).generate(items: items, payers: 1)
            print(String(format: "Gerados em %.1f s (fora da medida).", Date().timeIntervalSince(generated)))
            // The generated month is October 2026: the clock stands on 10/12/2026, 12 months cover it.
            let billing = Billing(store: store, clock: .fixed(CalendarDay(year: 2026, month: 12, day: 10)!))
            guard let base = try await store.contracts.list(companyId: companyId).first else { throw ValidationError("Contrato não gerado.") }
            var terms = base
            terms.id = nil
            terms.porteAdjustment = Percentage(percent: -5)
            terms.validFrom = CalendarDay(year: 2027, month: 1, day: 1)!
            let proposal = try await billing.proposals.create(ContractProposal(companyId: companyId, payerId: base.payerId, subject: "Bench",
                                                                               receivedOn: CalendarDay(year: 2026, month: 12, day: 1)!,
                                                                               baseContractId: base.id?.rawValue, terms: terms), by: .system)
            let rssBefore = PeakMemory.currentMB()
            _ = PeakMemory.resetPeak()
            let start = Date()
            let report = try await billing.proposals.simulate(proposal.id ?? 0, months: 12)
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "Simulação: %d itens lidos (%d comparados, %d sem preço) em %.2f s = %.0f itens/s; alvo ≤ 60 s para 500 000",
                         report.itemsRead, report.total.items, report.unpricedItems, seconds, Double(report.itemsRead) / seconds))
            print("Contrato atual \(BrazilianFormat.currency(report.total.current)), proposta \(BrazilianFormat.currency(report.total.proposed)), diferença "
                  + BrazilianFormat.currency(report.total.difference) + (report.total.percent.map { " (\(BrazilianFormat.percentage($0)))" } ?? ""))
            print(String(format: "Memória: residente antes %.0f MB; pico durante a simulação %.0f MB", rssBefore, PeakMemory.peakMB()))
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
        await store.shutdown()
        try? await cleanup()
    }
}
