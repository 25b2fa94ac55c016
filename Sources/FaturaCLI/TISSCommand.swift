import ArgumentParser
import FaturaStore
import FaturaTISS
import Foundation

/// `fatura tiss check FILE…`: reads TISS files the hardened way, checks the epilogue hash in the
/// payer's encoding and validates against the official schema of the version — what IT does with a
/// file before sending it, or with one a payer sends back.
struct TISSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tiss", abstract: "Arquivos TISS.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confere o hash do epílogo e valida arquivos TISS contra o esquema oficial.")
        @Option(help: "Versão TISS (4.01.00, 4.02.00, 4.03.00).") var version = "4.03.00"
        @Option(help: "Codificação do hash: iso-8859-1 (padrão ANS) ou utf-8.") var hashEncoding = "iso-8859-1"
        @Argument(help: "Arquivos XML.") var files: [String]

        func run() async throws {
            guard let folder = ReferenceData.directory() else {
                throw ValidationError("Esquemas TISS não encontrados: defina FATURA_REFERENCE_DATA (a pasta com tiss/4.03.00/…).")
            }
            guard let encoding = TISSHash.Encoding(rawValue: hashEncoding) else { throw ValidationError("Codificação desconhecida: \(hashEncoding).") }
            let schema: TISSSchema
            do { schema = try TISSSchema(version: version, in: folder) } catch { throw ValidationError(error.description) }
            var failed = 0
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { print("\(file): não foi possível ler"); failed += 1; continue }
                do {
                    let document = try TISSDocument(Array(data))
                    var problems = schema.validate(document).map(\.description)
                    let computed = TISSHash.of(document, encoding: encoding)
                    if let written = document.writtenHash(), written != computed {
                        problems.append("hash do epílogo \(written), mas o conteúdo dá \(computed ?? "(texto fora de ISO-8859-1)") em \(encoding.rawValue)")
                    }
                    if problems.isEmpty { print("\(file): válido (TISS \(version), hash \(computed ?? ""))") } else {
                        failed += 1
                        print("\(file): \(problems.count) problema(s)")
                        for problem in problems.prefix(50) { print("  " + problem) }
                    }
                } catch {
                    failed += 1
                    print("\(file): \(error.description)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
