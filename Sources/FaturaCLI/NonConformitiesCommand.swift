import ArgumentParser
import FaturaDomain
import FaturaStore

/// `fatura nonconformities overdue --company …`: the late non-conformities per sector, for a
/// morning job that mails them to the sectors (one line each, tab-separated, sector first).
struct NonConformitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nonconformities", abstract: "Não conformidades.",
                                                    subcommands: [Overdue.self])

    struct Overdue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lista as não conformidades atrasadas (com o setor após o prazo).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "A coligada: id ou CNPJ.") var company: String
        @Option(help: "Data de referência (aaaa-mm-dd); padrão: hoje no fuso do hospital.") var today: String?

        func run() async throws {
            let reference = try ReferenceDay.parse(today)
            try await Users.withStore(db) { store in
                let target = try await store.company(matching: company)
                let id = target.id ?? 0
                // Every late one, read a page at a time (a list that stopped at a limit would hide the rest from the sectors).
                var all: [NonConformityQueries.Entry] = []
                var number = 1
                while true {
                    let (page, _) = try await store.nonConformityQueries.entries(.init(companyId: id, overdueOn: reference), page: number,
                                                                                 perPage: 500, today: reference)
                    all += page.items
                    guard page.hasNext else { break }
                    number += 1
                }
                let late = all.sorted { ($0.sectorName, $0.dueOn, $0.id) < ($1.sectorName, $1.dueOn, $1.id) }
                print("setor\tprazo\tdias de atraso\tpaciente\tprontuário\tparcial\tnão conformidade\tobservação")
                for entry in late {
                    let days = CalendarDay(iso: entry.dueOn).map { reference.daysSinceEpoch - $0.daysSinceEpoch } ?? 0
                    print([entry.sectorName, BrazilianFormat.date(CalendarDay(iso: entry.dueOn) ?? reference), String(days), entry.patientName,
                           entry.medicalRecordNumber ?? "", entry.partialExternalId, entry.typeName, entry.note]
                        .map { String($0.map { $0 == "\t" || $0.isNewline ? " " : $0 }) }.joined(separator: "\t"))
                }
                printError("\(late.count) não conformidade(s) atrasada(s) em \(target.name) em \(BrazilianFormat.date(reference)).")
            }
        }
    }
}
