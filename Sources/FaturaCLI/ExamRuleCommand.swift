import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging

/// `fatura exam-rule batch --company …`: the batch of the exam billing rule, for a scheduler.
struct ExamRuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exam-rule", abstract: "Regra de cobrança de exames.",
                                                    subcommands: [Batch.self])

    struct Batch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Executa a regra em lote para uma coligada e imprime o relatório.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "A coligada: id ou CNPJ.") var company: String
        @Flag(help: "Simula: calcula e relata, sem alterar nada.") var dryRun = false
        @Option(help: "Data de referência (aaaa-mm-dd); padrão: hoje no fuso do hospital (FATURA_TIMEZONE, America/Sao_Paulo).") var today: String?

        func run() async throws {
            let reference = try ReferenceDay.parse(today)
            try await Users.withStore(db) { store in
                let target = try await store.company(matching: company)
                let id = target.id ?? 0
                let billing = Billing(store: store)
                let actor = AuditActor(userId: nil, username: "cli")
                do {
                    let job = try await Self.job(companyId: id, today: reference, dryRun: dryRun, billing: billing, by: actor)
                    if job.attempts > 1 { printError("Retomando a tarefa \(job.id) (interrompida; tentativa \(job.attempts)).") }
                    await JobRunner(billing: billing, logger: Logger(label: "fatura.jobs")).execute(job)
                    let ended = try await billing.jobs.get(job.id)
                    guard ended?.status == .done, let json = ended?.result,
                          let result = try? JSONDecoder().decode(ExamRuleBatchJobResult.self, from: Data(json.utf8)),
                          let run = try await billing.examBatch.get(result.runId), let report = run.report else {
                        printError("A regra não foi executada: \(ended?.error ?? "a tarefa \(job.id) não terminou")")
                        throw ExitCode(2)
                    }
                    print("Execução \(run.id)\(run.dryRun ? " (simulação: nada foi alterado)" : "") — \(target.name), exames desde \(BrazilianFormat.date((try? run.windowStartDay()) ?? reference))")
                    print("Parciais examinadas: \(report.partialsExamined); alteradas: \(report.partialsChanged)")
                    print("Itens examinados: \(report.itemsExamined); alterados: \(report.itemsChanged)")
                    print("Redução: \(BrazilianFormat.currency(Money(cents: report.reductionCents)))")
                    for kept in report.manualKept { print("Percentual manual mantido: parcial \(kept.partialExternalId), itens \(kept.itemIds.map(String.init).joined(separator: ", "))") }
                    for line in report.skipped { print("Não processado: \(line)") }
                    for line in report.partialsLeft { print("Deixada para a próxima execução: \(line)") }
                } catch let error as FaturaError {
                    printError("A regra não foi executada: \(error.message)")
                    for field in error.fieldErrors { printError("  \(field.field): \(field.message)") }
                    throw ExitCode(error == .unavailable ? 3 : 2)
                }
            }
        }

        /// The company's batch job to run now: one a killed process left (put back in the queue), with
        /// the same dry-run flag, is resumed; otherwise a new one is queued. Claimed for this process.
        static func job(companyId: Int, today: CalendarDay, dryRun: Bool, billing: Billing, by actor: AuditActor) async throws -> Job {
            _ = try await billing.jobs.recoverOrphans()
            let queued = try await billing.jobs.list(status: .queued, kind: .examRuleBatch, companyId: companyId, limit: 10).first { job in
                job.arguments(as: ExamRuleBatchJob.self)?.dryRun == dryRun
            }
            var id = queued?.id
            if id == nil { id = try await billing.jobs.enqueue(ExamRuleBatchJob(companyId: companyId, today: today, dryRun: dryRun), by: actor) }
            guard let id else { throw FaturaError.noIdReturned(table: "jobs") }
            guard let job = try await billing.jobs.claim(id) else {
                throw FaturaError.batchRunning("A tarefa \(id) da regra em lote já está em execução em outro processo.")
            }
            return job
        }
    }
}
