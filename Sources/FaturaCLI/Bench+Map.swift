import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaWeb
import Foundation
import Logging
import ServiceLifecycle
import SQLKit

/// `fatura bench map`: three years of a hospital's billing (30 payers × 36 competences, ≈ 1 million
/// billed items, their statements, glosas in every state and payments), the application served on
/// loopback, the tracking map (one year, one payer, grouped) and the indicators page each driven by
/// 32 connections (`wrk` when installed, else the built-in loop): p50, p99 and requests per second.
struct MapBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map",
                                                    abstract: "Mapa de faturas e indicadores sobre três anos de faturamento, 32 conexões.")

    @Option(help: "Convênios.") var payers = 30
    @Option(help: "Competências (meses) de histórico.") var competences = 36
    @Option(help: "Guias por fatura (10 itens cada).") var claimsPerInvoice = 93
    @Option(help: "Conexões simultâneas.") var connections = 32
    @Option(help: "Segundos de medida por página.") var seconds = 30
    @Option(help: "Porta de escuta no loopback.") var port = 18_081
    @Option(help: "PostgreSQL onde criar um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?
    @Option(help: "Guarda o banco gerado nesta pasta (SQLite) ou não o apaga (PostgreSQL), para inspeção.") var keep: String?
    @Flag(help: "Usa o laço embutido mesmo com o wrk instalado.") var builtIn = false

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        guard (1...1_000).contains(connections), (1...600).contains(seconds), (1...200).contains(payers), (1...120).contains(competences),
              (1...1_000).contains(claimsPerInvoice) else {
            throw ValidationError("Valores fora do razoável: conexões 1–1000, segundos 1–600, convênios 1–200, competências 1–120, guias por fatura 1–1000.")
        }
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, keep: keep, name: "map", logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        let today = HospitalClock.system.today()
        print("Banco: \(location.kind.rawValue). Gerando \(payers) convênios × \(competences) competências × \(claimsPerInvoice * 10) itens…")
        let started = Date()
        let data: BenchData.MapGenerated
        let cookie: String
        do {
            data = try await BenchData(store: store).generateMapHistory(payers: payers, competences: competences, claimsPerInvoice: claimsPerInvoice,
                                                                        last: Competence.of(today)!) { print("  \($0)") }
            cookie = try await BenchHTTP.session(store, companyId: data.companyId)
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
        await store.shutdown()
        sync()
        print(String(format: "Gerados %d faturas e %d itens em %.0f s (fora da medida).", data.invoices, data.items, Date().timeIntervalSince(started)))

        let driver = LoadDriver(cookie: cookie, connections: connections, seconds: seconds, useWrk: !builtIn)
        let year = "de=\(data.last.adding(months: -11).label)&ate=\(data.last.label)"
        let map = ("<table id=\"mapa\"", "o mapa"), kpis = ("id=\"tabela-convenio\"", "os indicadores")
        let scenarios: [(String, String, Double, (String, String))] = [
            ("mapa, um ano", "/map?\(year)", 50, map),
            ("mapa, um ano, um convênio", "/map?convenio=\(data.payerIds[min(3, data.payerIds.count - 1)])&\(year)", 50, map),
            ("mapa, um ano, agrupado por saldo", "/map?\(year)&agrupar=1&ordem=saldo&desc=1", 50, map),
            ("indicadores, um ano", "/map/indicators?\(year)", 200, kpis),
        ]
        // Three ways to meet the pages: the data still (the pages kept per data version), the data
        // changing once a second as in a working office (a payment or glosa recomputes an invoice's
        // sums: every kept page is built again), and every page built on every request. The aim is
        // judged on the second.
        let modes: [(name: String, pageCache: Bool, writes: Bool)] = [
            ("dados parados", true, false), ("1 gravação/s", true, true), ("sem cache", false, false),
        ]
        print("Medindo com \(driver.tool), \(connections) conexões, \(seconds) s por página e modo.")
        print("página".padding(toLength: 34, withPad: " ", startingAt: 0) + "modo".padding(toLength: 16, withPad: " ", startingAt: 0)
              + "      p50       p99     req/s  erros   alvo p99")
        var missed: [String] = []
        for mode in modes {
            let server = try await BenchHTTP.serve(location, port: port, driver: driver, logger: logger, pageCache: mode.pageCache)
            let writer = mode.writes ? try await Self.writer(location, companyId: data.companyId, logger: logger) : nil
            defer { writer?.cancel() }
            for (name, path, aim, expected) in scenarios {
                let url = server.base + path
                let result: LoadDriver.Result
                do {
                    try await driver.check(url, expecting: expected.0, what: expected.1)
                    result = try await driver.measure(url)
                } catch {
                    writer?.cancel()
                    await server.stop()
                    throw error
                }
                if mode.writes, result.p99 > aim { missed.append(name) }
                print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + mode.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                      + String(format: " %7.1f ms %7.1f ms %8.0f %6d   ≤ %.0f ms", result.p50, result.p99, result.requestsPerSecond, result.errors, aim))
            }
            writer?.cancel()
            _ = await writer?.result
            await server.stop()
        }
        print(missed.isEmpty ? "Todas as páginas dentro do alvo (com 1 gravação/s)." : "Fora do alvo (com 1 gravação/s): \(missed.joined(separator: ", ")).")
        try? await cleanup()
        if let keep { print("Banco guardado em \(keep) (\(location.kind.rawValue)).") }
    }

    /// Once a second, an invoice's kept sums recomputed and written again (a real write through the
    /// same path a payment takes: the data version moves), on its own connection to the database.
    static func writer(_ location: DatabaseLocation, companyId: Int, logger: Logger) async throws -> Task<Void, Never> {
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        return Task {
            let ids = (try? await store.database.read { sql in
                try await sql.raw("SELECT id FROM invoices WHERE company_id = \(bind: companyId) ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
            }) ?? []
            var next = 0
            while !Task.isCancelled, !ids.isEmpty {
                try? await Task.sleep(for: .seconds(1))
                let id = ids[next % ids.count]
                next += 1
                try? await store.database.transaction { try await InvoiceMoney.refresh([id], on: $0) }
            }
            await store.shutdown()
        }
    }
}
