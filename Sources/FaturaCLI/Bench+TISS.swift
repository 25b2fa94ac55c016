import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Logging

/// `fatura bench tiss --claims 100000`: SP/SADT claims of 10 items each, generated outside the
/// measure, written as batches of 100, hashed and validated in process against the official
/// schema; then, when `xmllint` is installed, the same files validated by `xmllint --noout --schema`
/// (the yardstick a user has), and the ratio of our whole generation to xmllint's validation alone.
struct TISSBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tiss", abstract: "Gera, assina (hash) e valida lotes TISS de guias SP/SADT.")

    @Option(help: "Quantas guias gerar (10 itens cada).") var claims = 100_000
    @Option(help: "Versão TISS.") var version = TISSVersion.v4_03_00.rawValue
    @Flag(help: "Não comparar com o xmllint.") var noXmllint = false

    func run() async throws {
        guard let tissVersion = TISSVersion(rawValue: version) else { throw ValidationError("Versão TISS desconhecida: \(version).") }
        guard let folder = ReferenceData.directory() else { throw ValidationError("Esquemas TISS não encontrados: defina FATURA_REFERENCE_DATA.") }
        let schema = try TISSSchema(version: tissVersion.rawValue, in: folder)
        let xsd = folder.appendingPathComponent("tiss/\(tissVersion.rawValue)/tissV\(tissVersion.rawValue.replacingOccurrences(of: ".", with: "_")).xsd").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-bench-tiss-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let batches = (claims + 99) / 100
        print("Gerando \(claims) guias SP/SADT de 10 itens em \(batches) lotes de até 100 (TISS \(tissVersion.rawValue))…")
        var measured = 0.0, writing = 0.0, bytes = 0, invalid = 0, files: [String] = []
        for index in 0..<batches {
            // Generation of the claims is outside the measure; writing, hashing, parsing and validating are inside.
            let group = (0..<min(100, claims - index * 100)).map { Self.claim(index * 100 + $0) }
            let batch = TISSBatch(version: tissVersion, encoding: .iso88591, number: index + 1, generatedOn: CalendarDay(year: 2026, month: 12, day: 2)!,
                                  generatedSecond: 36_000, hospital: .code("HOSP0001"), ansRegistry: "123455", claims: group)
            let start = Date()
            let file = TISSBatchWriter.write(batch)
            let written = Date()
            if !schema.validateGenerated(file.bytes).isEmpty { invalid += 1 }
            measured += Date().timeIntervalSince(start)
            writing += written.timeIntervalSince(start)
            bytes += file.bytes.count
            let path = out.appendingPathComponent("lote-\(index + 1).xml").path
            FileManager.default.createFile(atPath: path, contents: Data(file.bytes))
            files.append(path)
        }
        print(String(format: "Fatura: %d guias em %.2f s = %.0f guias/s (escrita + hash + leitura + validação XSD); %d lotes inválidos; %.0f MB de XML",
                     claims, measured, Double(claims) / measured, invalid, Double(bytes) / 1_048_576))
        print(String(format: "  escrita + hash %.2f s · leitura e validação XSD (SAX, sem árvore) %.2f s", writing, measured - writing))
        print(String(format: "Memória: pico do processo %.0f MB", PeakMemory.peakMB()))
        if noXmllint { return }
        guard let xmllint = Self.which("xmllint") else {
            print("xmllint não encontrado: sem comparação (apt-get install libxml2-utils).")
            return
        }
        let start = Date()
        // In chunks of 100 files: one process per chunk, as a script over the folder would run it.
        for chunk in stride(from: 0, to: files.count, by: 100) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: xmllint)
            process.arguments = ["--noout", "--nonet", "--schema", xsd] + files[chunk..<min(chunk + 100, files.count)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        let xmllintSeconds = Date().timeIntervalSince(start)
        print(String(format: "xmllint --noout --schema (só validação): %.2f s = %.0f guias/s", xmllintSeconds, Double(claims) / xmllintSeconds))
        print(String(format: "Razão (geração completa do Fatura ÷ validação do xmllint): %.2f (meta ≤ 2)", measured / xmllintSeconds))
    }

    static func which(_ command: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let doctor = ClaimProfessional(Professional(name: "MEDICO EXEMPLO", council: "06", councilNumber: "123456", uf: "35", cbo: "225125",
                                                       providerCode: "MED0001"))

    /// One SP/SADT claim: 6 exams (one at 70% by the exam rule) and 4 other expenses.
    static func claim(_ n: Int) -> Claim {
        let day = CalendarDay(year: 2026, month: 11, day: 1 + n % 28)!
        var lines: [ClaimLine] = []
        for i in 0..<6 {
            let reduced = i == 1
            lines.append(ClaimLine(sequence: i + 1, day: day, startMinute: 480 + i * 10, table: "22", code: String(41_001_010 + i * 10),
                                   description: "EXAME DE IMAGEM \(i + 1) – SEQUÊNCIA \(n)", quantity: .one,
                                   reduction: reduced ? Percentage(percent: 70) : .hundred, unitValue: Money(cents: 25_000 + Int64(i) * 1_000),
                                   total: Money(cents: reduced ? 18_200 : 25_000 + Int64(i) * 1_000), professional: doctor))
        }
        let expenses: [(ExpenseCode, String)] = [(.materials, "19"), (.drugs, "20"), (.fees, "18"), (.materials, "19")]
        for (i, (code, table)) in expenses.enumerated() {
            lines.append(ClaimLine(sequence: 7 + i, day: day, table: table, code: String(70_000_001 + i), description: "DESPESA \(i + 1)",
                                   quantity: Quantity(tenThousandths: 15_000), unitValue: Money(cents: 1_000), total: Money(cents: 1_500), expense: code))
        }
        return Claim(type: .spsadt, partialId: n + 1, number: "P-\(n + 1)", ansRegistry: "123455", hospital: .code("HOSP0001"),
                     hospitalName: "HOSPITAL SÃO LUCAS", cnes: "2077485", cardNumber: String(format: "%017d", n + 1),
                     authorizationNumber: "AUT-\(n + 1)", authorizationDay: day, requesting: doctor, start: day, end: day, lines: lines)
    }
}

/// `fatura bench invoice --partials 5000`: one payer's closed partials (10 priced lines each,
/// generated outside the measure) put in an invoice and the invoice closed, through the service the
/// page calls: the proposal (every partial faturada, audited) and the close (claims, batches of 100,
/// XML, hash, XSD validation, all stored in one transaction).
struct InvoiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoice", abstract: "Cria e fecha uma fatura de muitas parciais.")

    @Option(help: "Quantas parciais encerradas gerar.") var partials = 5_000
    @Option(help: "PostgreSQL onde criar (e apagar) um banco temporário; sem ele, um arquivo SQLite temporário.") var postgres: String?

    func run() async throws {
        LogSetup.bootstrap(level: .warning)
        let logger = Logger(label: "fatura.bench")
        let (location, cleanup) = try await BenchDatabase.make(postgres: postgres, logger: logger)
        let store = try await Store.open(location, logger: logger, bcryptCost: 4)
        do {
            print("Banco: \(location.kind.rawValue). Gerando \(partials) parciais encerradas de 10 itens…")
            let generated = Date()
            let (companyId, payerId) = try await BenchData(store: store).generateClosedPartials(partials)
            print(String(format: "Geradas em %.1f s (fora da medida).", Date().timeIntervalSince(generated)))
            let billing = Billing(store: store, clock: .fixed(CalendarDay(year: 2026, month: 12, day: 2)!))
            var start = Date()
            let invoice = try await billing.invoices.create(companyId: companyId, payerId: payerId, competence: "2026-11", by: .system)
            let created = Date().timeIntervalSince(start)
            // As the page does: the request checks every claim and queues the job; the job runner
            // builds, writes, validates and stores.
            start = Date()
            let jobId = try await billing.invoices.requestClose(invoice.id!, expectedVersion: invoice.version, by: .system)
            let requested = Date().timeIntervalSince(start)
            start = Date()
            guard let job = try await billing.jobs.claim(jobId) else { throw ValidationError("A tarefa \(jobId) não foi encontrada na fila.") }
            await JobRunner(billing: billing, logger: logger).execute(job)
            let closing = Date().timeIntervalSince(start)
            guard let closed = try await store.invoices.find(invoice.id!), closed.status == .closed else {
                throw ValidationError("O fechamento falhou: \(try await billing.jobs.get(jobId)?.error ?? "?")")
            }
            let batches = try await store.invoices.batches(of: closed.id!)
            print(String(format: "Criar a fatura (propor e faturar %d parciais): %.2f s", partials, created))
            print(String(format: "Fechar pela página: conferir as guias e enfileirar %.2f s; tarefa (%d guias em %d lotes, XML + hash + XSD, gravados) %.2f s; total %.2f s, %@",
                         requested, closed.claims, batches.count, closing, requested + closing, BrazilianFormat.currency(closed.total)))
            print(String(format: "Memória: pico do processo %.0f MB", PeakMemory.peakMB()))
        } catch {
            await store.shutdown()
            try? await cleanup()
            throw error
        }
        await store.shutdown()
        try? await cleanup()
    }
}
