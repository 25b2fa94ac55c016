import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Logging

/// `fatura bench statements --lines 100000` (reading part): a generated `demonstrativoAnaliseConta`
/// of N item lines (claims of 10 items, protocols of 100 claims, every fifth item with a glosa),
/// written outside the measure, read by the streaming reader and checked (every level's totals);
/// then the whole import as a biller runs it — read, checked, matched against as many billed items,
/// stored with its glosas in one transaction — on SQLite (or `--postgres`); then `xmllint --noout`
/// parsing the same file, the yardstick.
struct StatementsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statements", abstract: "Lê e confere um demonstrativo de análise de conta TISS gerado.")

    @Option(help: "Quantas linhas de item gerar.") var lines = 100_000
    @Flag(help: "Não comparar com o xmllint.") var noXmllint = false
    @Flag(help: "Só ler e conferir (sem associar aos itens nem gravar).") var readOnly = false
    @Option(help: "PostgreSQL onde criar (e apagar) um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?

    func run() async throws {
        guard (1...1_000_000).contains(lines) else { throw ValidationError("--lines deve estar entre 1 e 1.000.000.") }
        let bytes = Self.statement(lines: lines)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-bench-demonstrativo-\(ProcessInfo.processInfo.processIdentifier).xml").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        print(String(format: "Demonstrativo gerado: %d linhas de item, %.1f MB (fora da medida).", lines, Double(bytes.count) / 1_048_576))
        // Read in its own scope: what it read is freed before the import measures its memory.
        let seconds = try Self.readAndCheck(bytes)
        var total = seconds
        if !readOnly { total = try await importing(bytes) }
        print(String(format: "Memória: pico do processo %.0f MB", PeakMemory.peakMB()))
        if noXmllint { return }
        guard let xmllint = TISSBench.which("xmllint") else { print("xmllint não encontrado: sem comparação (apt-get install libxml2-utils)."); return }
        // The yardstick is `xmllint --noout` (a tree, as most readers build); `--stream`
        // (libxml2's pull reader, what Fatura uses) is the stricter one. Best of three each.
        func xmllintSeconds(_ arguments: [String]) throws -> TimeInterval {
            var best = TimeInterval.infinity
            for _ in 0..<3 {
                let began = Date()
                let process = Process()
                process.executableURL = URL(fileURLWithPath: xmllint)
                process.arguments = arguments + [path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                best = min(best, Date().timeIntervalSince(began))
            }
            return best
        }
        let tree = try xmllintSeconds(["--noout", "--nonet"]), stream = try xmllintSeconds(["--noout", "--nonet", "--stream"])
        print(String(format: "xmllint --noout (só leitura, melhor de 3): %.2f s; --stream: %.2f s", tree, stream))
        print(String(format: "Razão (leitura + conferência do Fatura ÷ xmllint --noout): %.2f; ÷ --stream: %.2f", seconds / tree, seconds / stream))
        if !readOnly {
            print(String(format: "Razão (importação completa do Fatura ÷ xmllint --noout): %.2f (meta ≤ 3); ÷ --stream: %.2f", total / tree, total / stream))
        }
    }

    static func readAndCheck(_ bytes: [UInt8]) throws -> TimeInterval {
        let start = Date()
        let statements = try TISSStatementReader.read(bytes)
        let read = Date().timeIntervalSince(start)
        let problems = statements.flatMap(StatementCheck.problems)
        let seconds = Date().timeIntervalSince(start)
        let count = statements.reduce(0) { $0 + $1.lines.count }
        print(String(format: "Fatura: %d linhas lidas em %.2f s e conferidas em %.2f s = %.0f linhas/s; %d problemas", count, read, seconds - read,
                     Double(count) / seconds, problems.count))
        return seconds
    }

    /// The import as the page and `fatura statements import` run it, against as many billed items.
    func importing(_ bytes: [UInt8]) async throws -> TimeInterval {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        do {
            let generated = Date()
            let (payerId, items) = try await BenchData(store: store).generateBilledClaims((lines + 9) / 10)
            print(String(format: "Banco: %@. %d itens faturados gerados em %.1f s (fora da medida).", location.kind.rawValue, items, Date().timeIntervalSince(generated)))
            let billing = Billing(store: store, clock: .fixed(CalendarDay(year: 2026, month: 12, day: 21)!))
            // The import's own peak: from what is resident now (the file's bytes, the database's
            // pages of the generated items), not the generation's.
            let before = PeakMemory.currentMB()
            let reset = PeakMemory.resetPeak()
            let start = Date()
            let results = try await billing.statements.importXML(bytes, fileName: "bench.xml", payerId: payerId, by: .system)
            let seconds = Date().timeIntervalSince(start)
            if reset {
                print(String(format: "Memória da importação: residente antes %.0f MB (o arquivo de %.0f MB incluso), pico durante %.0f MB (meta ≤ 200)",
                             before, Double(bytes.count) / 1_048_576, PeakMemory.peakSinceResetMB()))
            }
            let matched = results.reduce(0) { $0 + $1.matched }, glosas = results.reduce(0) { $0 + $1.glosas }
            print(String(format: "Importação (ler, conferir, associar %d linhas, gravar linhas e %d glosas numa transação): %.2f s = %.0f linhas/s",
                         matched, glosas, seconds, Double(lines) / seconds))
            let again = Date()
            _ = try await billing.statements.importXML(bytes, fileName: "bench.xml", payerId: payerId, by: .system)
            print(String(format: "O mesmo arquivo de novo (nada muda): %.2f s", Date().timeIntervalSince(again)))
            await store.shutdown()
            try? await cleanup()
            return seconds
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
    }

    /// The statement's XML, as a payer would send it (ISO-8859-1 declared, ASCII content).
    static func statement(lines: Int) -> [UInt8] {
        var out = """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
        <ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>DEMONSTRATIVO_ANALISE_CONTA</ans:tipoTransacao><ans:sequencialTransacao>1</ans:sequencialTransacao><ans:dataRegistroTransacao>2026-12-20</ans:dataRegistroTransacao><ans:horaRegistroTransacao>09:00:00</ans:horaRegistroTransacao></ans:identificacaoTransacao><ans:origem><ans:registroANS>123455</ans:registroANS></ans:origem><ans:destino><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:destino><ans:Padrao>4.03.00</ans:Padrao></ans:cabecalho>
        <ans:operadoraParaPrestador><ans:demonstrativosRetorno><ans:demonstrativoAnaliseConta>
        <ans:cabecalhoDemonstrativo><ans:registroANS>123455</ans:registroANS><ans:numeroDemonstrativo>DEM-BENCH</ans:numeroDemonstrativo><ans:nomeOperadora>VIDA PLENA</ans:nomeOperadora><ans:numeroCNPJ>00000000000272</ans:numeroCNPJ><ans:dataEmissao>2026-12-20</ans:dataEmissao></ans:cabecalhoDemonstrativo>
        <ans:dadosPrestador><ans:dadosContratado><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:dadosContratado><ans:CNES>2077485</ans:CNES></ans:dadosPrestador>
        <ans:dadosConta>

        """
        func amount(_ cents: Int) -> String { TISSFormat.money(Money(cents: Int64(cents))) }
        // Written into the bytes protocol by protocol: the whole text and its bytes at once would
        // double the bench's own peak memory.
        var bytes = Array(out.utf8)
        out = ""
        var total = (0, 0, 0)
        let claims = (lines + 9) / 10
        for protocolStart in stride(from: 0, to: claims, by: 100) {
            var protocolTotal = (0, 0, 0)
            out += "<ans:dadosProtocolo><ans:numeroLotePrestador>\(protocolStart / 100 + 1)</ans:numeroLotePrestador><ans:numeroProtocolo>PRT-\(protocolStart / 100 + 1)</ans:numeroProtocolo><ans:dataProtocolo>2026-12-05</ans:dataProtocolo><ans:situacaoProtocolo>6</ans:situacaoProtocolo>\n"
            for claim in protocolStart..<min(protocolStart + 100, claims) {
                var claimTotal = (0, 0, 0)
                out += "<ans:relacaoGuias><ans:numeroGuiaPrestador>P-\(claim + 1)</ans:numeroGuiaPrestador><ans:numeroCarteira>\(100_000_000 + claim)</ans:numeroCarteira><ans:dataInicioFat>2026-11-10</ans:dataInicioFat><ans:situacaoGuia>6</ans:situacaoGuia>\n"
                for item in 0..<min(10, lines - claim * 10) {
                    let informed = 25_000 + item * 1_000, glosa = (claim * 10 + item) % 5 == 0 ? 5_000 : 0
                    out += "<ans:detalhesGuia><ans:sequencialItem>\(item + 1)</ans:sequencialItem><ans:dataRealizacao>2026-11-10</ans:dataRealizacao><ans:procedimento><ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>\(40_901_114 + item)</ans:codigoProcedimento><ans:descricaoProcedimento>EXAME DE IMAGEM \(item + 1)</ans:descricaoProcedimento></ans:procedimento><ans:valorInformado>\(amount(informed))</ans:valorInformado><ans:qtdExecutada>1.0000</ans:qtdExecutada><ans:valorProcessado>\(amount(informed))</ans:valorProcessado><ans:valorLiberado>\(amount(informed - glosa))</ans:valorLiberado>"
                    if glosa > 0 { out += "<ans:relacaoGlosa><ans:valorGlosa>\(amount(glosa))</ans:valorGlosa><ans:tipoGlosa>1705</ans:tipoGlosa></ans:relacaoGlosa>" }
                    out += "</ans:detalhesGuia>\n"
                    claimTotal = (claimTotal.0 + informed, claimTotal.1 + informed - glosa, claimTotal.2 + glosa)
                }
                out += "<ans:valorInformadoGuia>\(amount(claimTotal.0))</ans:valorInformadoGuia><ans:valorProcessadoGuia>\(amount(claimTotal.0))</ans:valorProcessadoGuia><ans:valorLiberadoGuia>\(amount(claimTotal.1))</ans:valorLiberadoGuia><ans:valorGlosaGuia>\(amount(claimTotal.2))</ans:valorGlosaGuia></ans:relacaoGuias>\n"
                protocolTotal = (protocolTotal.0 + claimTotal.0, protocolTotal.1 + claimTotal.1, protocolTotal.2 + claimTotal.2)
            }
            out += "<ans:valorInformadoProtocolo>\(amount(protocolTotal.0))</ans:valorInformadoProtocolo><ans:valorProcessadoProtocolo>\(amount(protocolTotal.0))</ans:valorProcessadoProtocolo><ans:valorLiberadoProtocolo>\(amount(protocolTotal.1))</ans:valorLiberadoProtocolo><ans:valorGlosaProtocolo>\(amount(protocolTotal.2))</ans:valorGlosaProtocolo></ans:dadosProtocolo>\n"
            total = (total.0 + protocolTotal.0, total.1 + protocolTotal.1, total.2 + protocolTotal.2)
            bytes.append(contentsOf: out.utf8)
            out = ""
        }
        out += "</ans:dadosConta><ans:valorInformadoGeral>\(amount(total.0))</ans:valorInformadoGeral><ans:valorProcessadoGeral>\(amount(total.0))</ans:valorProcessadoGeral><ans:valorLiberadoGeral>\(amount(total.1))</ans:valorLiberadoGeral><ans:valorGlosaGeral>\(amount(total.2))</ans:valorGlosaGeral>\n"
        out += "</ans:demonstrativoAnaliseConta></ans:demonstrativosRetorno></ans:operadoraParaPrestador><ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo></ans:mensagemTISS>\n"
        bytes.append(contentsOf: out.utf8)
        return bytes
    }
}
