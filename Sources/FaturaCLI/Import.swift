import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Logging

/// `fatura import …`: the same imports as the pages, for scripts and schedulers. Bad input prints
/// every problem (by line or by place in the document) and saves nothing.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importa atendimentos do HIS e tabelas de preços.",
        subcommands: [Encounters.self, Table.self, Values.self])

    static func report(_ error: FaturaError) -> ExitCode {
        printError("Nada foi importado: \(error.message)")
        for field in error.fieldErrors { printError("  \(field.field): \(field.message)") }
        return ExitCode(2)
    }

    struct Encounters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Importa atendimentos, parciais e lançamentos (JSON como a API, ou CSV).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Arquivo .json ou .csv.") var file: String

        func run() async throws {
            try await Users.withStore(db) { store in
                do {
                    let document: HISDocument
                    if file.lowercased().hasSuffix(".csv") {
                        document = try await HISCSVReader.document(from: FileLines(path: file))
                    } else {
                        let data = try Data(contentsOf: URL(fileURLWithPath: file))
                        do {
                            document = try JSONDecoder().decode(HISDocument.self, from: data)
                        } catch {
                            throw FaturaError.badRequest("JSON inválido: \(error)")
                        }
                    }
                    let report = try await Billing(store: store).his.ingest(document, by: AuditActor(userId: nil, username: "cli"))
                    print("Atendimentos: \(report.encountersCreated) novos, \(report.encountersUpdated) alterados; parciais novas: \(report.partialsCreated)")
                    print("Lançamentos: \(report.itemsCreated) novos, \(report.itemsUpdated) alterados, \(report.itemsUnchanged) sem mudança")
                    print("Precificados: \(report.itemsPriced); sem preço: \(report.itemsUnpriced)")
                    if report.itemsKeptByBilling > 0 {
                        print("Mantidos como o faturamento corrigiu: \(report.itemsKeptByBilling)")
                        for conflict in report.conflicts { print("  " + conflict) }
                    }
                } catch let error as FaturaError {
                    throw Import.report(error)
                }
            }
        }
    }

    struct Table: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Importa uma tabela de procedimentos (AMB/CBHPM) ou de valores por código.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Nome da tabela (criada se não existir).") var name: String
        @Option(help: "Tipo: amb, cbhpm, own, drug, material (para criar).") var kind: String?
        @Option(help: "Edição (para criar).") var edition: String?
        @Argument(help: "Arquivo CSV.") var file: String

        func run() async throws {
            try await Users.withStore(db) { store in
                do {
                    let actor = AuditActor(userId: nil, username: "cli")
                    let existing = try await store.priceTables.all().first { $0.name == name }
                    let table: PriceTable
                    if let existing {
                        table = existing
                    } else {
                        guard let kind = kind.flatMap(PriceTableKind.init(rawValue:)) else {
                            throw FaturaError.validation([FieldError("kind", "Tabela nova: informe --kind (amb, cbhpm, own, drug, material).")])
                        }
                        table = try await store.priceTables.create(PriceTable(kind: kind, name: name, edition: edition), by: actor)
                    }
                    let source = FileLines(path: file)
                    let summary = table.isProcedureTable
                        ? try await store.importer.importProcedures(into: table, from: source, by: actor)
                        : try await store.importer.importValues(into: table, from: source, by: actor)
                    print("Tabela \(table.name): \(summary.rows) linha(s) importada(s).")
                    if let notice = summary.encoding.notice { printError("Aviso: \(notice)") }
                } catch let error as FaturaError {
                    throw Import.report(error)
                }
            }
        }
    }

    struct Values: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Importa uma tabela de valores (portes, UCO, CH, filme) de uma série.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Série (ex.: \"CBHPM 2022\").") var series: String
        @Option(help: "Início da vigência, aaaa-mm-dd.") var from: String
        @Option(help: "Fim da vigência, aaaa-mm-dd.") var to: String?
        @Argument(help: "Arquivo CSV item;valor.") var file: String

        func run() async throws {
            guard let start = CalendarDay(typed: from) else { throw ValidationError("Data inválida em --from: \(from).") }
            let end = try to.map { text -> CalendarDay in
                guard let day = CalendarDay(typed: text) else { throw ValidationError("Data inválida em --to: \(text).") }
                return day
            }
            try await Users.withStore(db) { store in
                do {
                    let table = try await TableImporter.readValueTable(series: series, validFrom: start, validTo: end, from: FileLines(path: file))
                    _ = try await store.valueTables.save(table, by: AuditActor(userId: nil, username: "cli"))
                    print("Série \(series) a partir de \(BrazilianFormat.date(start)): \(table.porteValues.count) porte(s).")
                } catch let error as FaturaError {
                    throw Import.report(error)
                }
            }
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
