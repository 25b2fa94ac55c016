import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaWeb
import Logging

/// The one executable: `fatura serve`, `fatura migrate`, `fatura users …`, imports, jobs and benchmarks.
@main
struct Fatura: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fatura",
        abstract: "Fatura: faturamento e convênios hospitalares.",
        subcommands: [Serve.self, Migrate.self, Users.self, Import.self, ExamRuleCommand.self, JobsCommand.self, NonConformitiesCommand.self, TISSCommand.self, StatementsCommand.self, GlosasCommand.self, Bench.self],
        defaultSubcommand: Serve.self)
}

/// Where the data is: `--database`, else `FATURA_DATABASE_URL`, else `./data/fatura.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Arquivo SQLite ou URL postgres://… (padrão: FATURA_DATABASE_URL ou data/fatura.sqlite).")
    var database: String?

    var location: String {
        database ?? Environment.value("FATURA_DATABASE_URL") ?? "data/fatura.sqlite"
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }
}

/// JSON-ish structured logs on standard error: one line per event, with its metadata (request id…).
enum LogSetup {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Store {
    /// The company named on the command line by id or CNPJ (with or without punctuation).
    func company(matching text: String) async throws -> Company {
        let companies = try await companies.all()
        guard let company = companies.first(where: { String($0.id ?? 0) == text || $0.cnpj == text.digitsOnly }), company.id != nil else {
            throw ValidationError("Coligada não encontrada: \(text).")
        }
        return company
    }
}

/// `--today aaaa-mm-dd`, or today in the hospital's zone.
enum ReferenceDay {
    static func parse(_ text: String?) throws -> CalendarDay {
        guard let text else { return HospitalClock.system.today() }
        guard let day = CalendarDay(iso: text) else { throw ValidationError("Data inválida: \(text).") }
        return day
    }
}

