import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `fatura bench worklist`: a year of a large hospital (300 000 partials, 3 million items), the
/// application served on loopback, and each worklist filter driven by 32 connections at once
/// (`wrk` when installed, else a built-in loop); p50, p99 and requests per second per filter.
struct WorklistBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worklist",
                                                    abstract: "Lista de trabalho (/accounts) sobre um ano de um hospital grande, 32 conexões.")

    @Option(help: "Quantas parciais gerar.") var partials = 300_000
    @Option(help: "Itens por parcial.") var itemsPerPartial = 10
    @Option(help: "Conexões simultâneas.") var connections = 32
    @Option(help: "Segundos de medida por filtro.") var seconds = 10
    @Option(help: "Porta de escuta no loopback.") var port = 18_080
    @Option(help: "PostgreSQL onde criar um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?
    @Option(help: "Guarda o banco gerado nesta pasta (SQLite) ou não o apaga (PostgreSQL), para inspeção.") var keep: String?
    @Flag(help: "Usa o laço embutido mesmo com o wrk instalado.") var builtIn = false

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        guard (1...1_000).contains(connections), (1...600).contains(seconds), (1...100).contains(itemsPerPartial),
              (1...5_000_000).contains(partials) else {
            throw ValidationError("Valores fora do razoável: conexões 1–1000, segundos 1–600, itens 1–100, parciais até 5 milhões.")
        }
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, keep: keep, name: "worklist", logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        print("Banco: \(location.kind.rawValue). Gerando \(partials) parciais × \(itemsPerPartial) itens…")
        let started = Date()
        let data: WorklistBenchData.Generated
        let cookie: String
        do {
            data = try await WorklistBenchData(store: store).generate(partials: partials, itemsPerPartial: itemsPerPartial,
                                                                     lastDay: HospitalClock.system.today()) { done, total in
                print("  \(done) de \(total) parciais")
            }
            cookie = try await BenchHTTP.session(store, companyId: data.companyId)
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
        await store.shutdown()
        // The generated gigabyte reaches the disk before the measure starts: the kernel writing it
        // back during the measure took a fifth of the throughput and grew with each filter.
        sync()
        print(String(format: "Gerados %d parciais e %d itens em %.0f s (fora da medida).", data.partials, data.items, Date().timeIntervalSince(started)))

        let driver = LoadDriver(cookie: cookie, connections: connections, seconds: seconds, useWrk: !builtIn)
        let server = try await BenchHTTP.serve(location, port: port, driver: driver, logger: logger)
        let base = server.base
        print("Servidor no ar; medindo com \(driver.tool), \(connections) conexões, \(seconds) s por filtro.")
        print("filtro".padding(toLength: 34, withPad: " ", startingAt: 0) + "      p50       p99     req/s  erros")
        var worst = 0.0
        for (name, path) in scenarios(data) {
            let url = base + path
            let result: LoadDriver.Result
            do {
                try await driver.check(url)
                result = try await driver.measure(url)
            } catch {
                await server.stop()
                throw error
            }
            worst = max(worst, result.p99)
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + String(format: " %7.1f ms %7.1f ms %8.0f %6d", result.p50, result.p99, result.requestsPerSecond, result.errors))
        }
        print(String(format: "Pior p99: %.1f ms (alvo ≤ 100 ms).", worst))
        await server.stop()
        try? await cleanup()
        if let keep { print("Banco guardado em \(keep) (\(location.kind.rawValue)).") }
    }

    /// The worklist as the billing department opens it: the first page, each filter alone, two
    /// together, and a page further down.
    func scenarios(_ data: WorklistBenchData.Generated) -> [(String, String)] {
        let month = data.firstDay.adding(days: 120)
        let monthEnd = month.adding(days: 30)
        return [
            ("primeira página", "/accounts"),
            ("em aberto", "/accounts?situacao=draft"),
            ("encerradas", "/accounts?situacao=closed"),
            ("um convênio", "/accounts?convenio=\(data.payerIds[1])"),
            ("um setor", "/accounts?setor=\(data.sectorIds[2])"),
            ("só com itens sem preço", "/accounts?sempreco=1"),
            ("só devolvidas ao setor", "/accounts?pendencias=1"),
            ("um mês", "/accounts?de=\(BrazilianFormat.date(month))&ate=\(BrazilianFormat.date(monthEnd))"),
            ("convênio + aberto + setor", "/accounts?convenio=\(data.payerIds[2])&situacao=draft&setor=\(data.sectorIds[0])"),
            ("página 20", "/accounts?pagina=20"),
        ]
    }
}
