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
                let late = try await store.nonConformityQueries.entries(.init(companyId: id, overdueOn: reference, limit: 2_000))
                    .sorted { ($0.sectorName, $0.dueOn, $0.id) < ($1.sectorName, $1.dueOn, $1.id) }
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
