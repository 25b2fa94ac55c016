import ArgumentParser
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
                do {
                    let (runId, report) = try await store.examBatch.execute(companyId: id, today: reference, dryRun: dryRun,
                                                                            by: AuditActor(userId: nil, username: "cli")) { done, total in
                        if done % 1_000 == 0 || done == total { printError("  \(done) de \(total) parciais") }
                    }
                    print("Execução \(runId)\(dryRun ? " (simulação: nada foi alterado)" : "") — \(target.name), exames desde \(BrazilianFormat.date(reference.adding(days: -ExamRuleBatch.windowDays)))")
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
    }
}
