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

    @Flag(name: .long, help: "Cookies sem o atributo Secure mesmo fora do loopback (HTTP simples; só em rede confiável).")
    var insecureCookies = false

    @Flag(name: .long, help: "Cookies com o atributo Secure mesmo no loopback (atrás de um proxy HTTPS local).")
    var secureCookies = false

    @Option(name: .long, help: "Nível de log: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    /// On a loopback address the browser talks plain HTTP to the same machine, so `Secure` cookies would
    /// never come back; anywhere else Fatura is expected behind HTTPS and cookies are `Secure`.
    var cookiesMustBeSecure: Bool {
        if secureCookies { return true }
        if insecureCookies || Environment.value("FATURA_INSECURE_COOKIES") != nil { return false }
        return !["127.0.0.1", "localhost", "::1"].contains(host)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LogSetup.bootstrap(level: level)
        let configuration = AppConfiguration(
            host: host, port: port, database: .parse(db.location), demo: demo,
            adminPassword: Environment.value("FATURA_ADMIN_PASSWORD"),
            secureCookies: cookiesMustBeSecure,
            logLevel: level,
            metricsToken: Environment.value("FATURA_METRICS_TOKEN").flatMap { $0.isEmpty ? nil : $0 })
        let app = try await buildApplication(configuration)
        try await app.runService()
    }
}
