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
            let reference = try today.map { text -> CalendarDay in
                guard let day = CalendarDay(iso: text) else { throw ValidationError("Data inválida: \(text).") }
                return day
            } ?? HospitalDay.today()
            try await Users.withStore(db) { store in
                let companies = try await store.companies.list(ListQuery(active: nil, perPage: 200)).items
                guard let target = companies.first(where: { String($0.id ?? 0) == company || $0.cnpj == company.digitsOnly }), let id = target.id else {
                    throw ValidationError("Coligada não encontrada: \(company).")
                }
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
                    throw Import.report(error)
                }
            }
        }
    }
}

/// Today in the hospital's zone (the 90-day window is counted from it).
enum HospitalDay {
    static func today() -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: Environment.value("FATURA_TIMEZONE") ?? "America/Sao_Paulo") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDay(daysSinceEpoch: 0)
    }
}
