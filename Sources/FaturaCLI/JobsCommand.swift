import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging

/// `fatura jobs list` and `fatura jobs run`: the background jobs, and running the queued ones in the
/// foreground (a scheduler, or a server that is down). Jobs a dead process left running go back to
/// the queue first, so `run` resumes them.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Tarefas em segundo plano.", subcommands: [List.self, Run.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lista as tarefas mais recentes (id, tipo, situação, tentativas, progresso, pedida por).")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await Users.withStore(db) { store in
                for job in try await Billing(store: store).jobs.list(limit: 100) {
                    print("\(job.id)\t\(job.kind.rawValue)\t\(job.status.rawValue)\t\(job.attempts)\t\(job.progressDone)/\(job.progressTotal)\t\(job.requestedBy)\t\(job.error ?? "")")
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Executa as tarefas na fila (e retoma as interrompidas), uma a uma, até esvaziar a fila.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Só esta tarefa.") var id: Int?

        func run() async throws {
            try await Users.withStore(db) { store in
                let billing = Billing(store: store)
                let runner = JobRunner(billing: billing, logger: Logger(label: "fatura.jobs"))
                for resumed in try await billing.jobs.recoverOrphans() { printError("Tarefa \(resumed) interrompida: volta para a fila.") }
                var failed = false
                while let job = try await billing.jobs.claim(id) {
                    printError("Tarefa \(job.id) (\(job.kind.label)), tentativa \(job.attempts)…")
                    await runner.execute(job)
                    let ended = try await billing.jobs.get(job.id)
                    print("\(job.id)\t\(ended?.status.rawValue ?? "?")\t\(ended?.result ?? ended?.error ?? "")")
                    failed = failed || ended?.status == .failed
                    if id != nil { break }
                }
                if failed { throw ExitCode(2) }
            }
        }
    }
}
