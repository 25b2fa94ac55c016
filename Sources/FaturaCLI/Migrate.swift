import ArgumentParser
import FaturaStore
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Aplica as migrações pendentes do banco de dados.")

    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        LogSetup.bootstrap(level: .info)
        let logger = Logger(label: "fatura.migrate")
        let database = try await Database.open(.parse(db.location), logger: logger)

        let applied = try await Migrator(database: database).migrate()
        let all = try await Migrator(database: database).appliedVersions()
        print(applied.isEmpty ? "Banco já atualizado (versão \(all.max() ?? 0))." : "Migrações aplicadas: \(applied.map(String.init).joined(separator: ", ")).")
        await database.shutdown()
    }
}
