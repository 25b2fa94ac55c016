import ArgumentParser
import FaturaStore
import FaturaWeb
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inicia a aplicação web (migra o banco ao iniciar).")

    @OptionGroup var db: DatabaseOptions

    @Option(name: .long, help: "Endereço de escuta.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Porta de escuta.")
    var port = 8080

    @Flag(name: .long, help: "Carrega dados de demonstração quando o banco está vazio.")
    var demo = false

    @Flag(name: .long, help: "Cookies sem o atributo Secure (uso em HTTP simples, só em máquina confiável).")
    var insecureCookies = false

    @Option(name: .long, help: "Nível de log: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LogSetup.bootstrap(level: level)
        let configuration = AppConfiguration(
            host: host, port: port, database: .parse(db.location), demo: demo,
            adminPassword: Environment.value("FATURA_ADMIN_PASSWORD"),
            secureCookies: !insecureCookies && Environment.value("FATURA_INSECURE_COOKIES") == nil,
            logLevel: level)
        let app = try await buildApplication(configuration)
        try await app.runService()
    }
}
