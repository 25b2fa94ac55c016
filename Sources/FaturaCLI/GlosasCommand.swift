import ArgumentParser
import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// `fatura statements import FILE --payer …`: a payer's TISS statement imported as the page does
/// (same matching, same refusals, nothing half-saved), for a scheduler that fetches them from the
/// payer's portal.
struct StatementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statements", abstract: "Demonstrativos dos convênios (análise de conta, pagamento, situação de protocolo).",
                                                    subcommands: [ImportStatement.self])

    struct ImportStatement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Importa um demonstrativo TISS (XML): análise de conta, pagamento ou situação de protocolo.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Arquivo XML do convênio (demonstrativoAnaliseConta, demonstrativoPagamento ou situacaoProtocolo).") var file: String
        @Option(help: "O convênio: id ou registro ANS.") var payer: String

        func run() async throws {
            try await Users.withStore(db) { store in
                let payers = try await store.payers.all()
                guard let target = payers.first(where: { String($0.id ?? 0) == payer || $0.ansRegistry == payer }), let payerId = target.id else {
                    throw ValidationError("Convênio não encontrado: \(payer).")
                }
                let attributes = try? FileManager.default.attributesOfItem(atPath: file)
                guard let size = attributes?[.size] as? Int else { throw ValidationError("Arquivo não encontrado: \(file).") }
                guard size <= 256 * 1024 * 1024 else { throw ValidationError("O arquivo passa de 256 MiB.") }
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
                do {
                    // The message's transaction says which statement it is (as on the page).
                    let billing = Billing(store: store), actor = AuditActor(userId: nil, username: "cli")
                    switch TISSPayerMessage.transaction(bytes) {
                    case "DEMONSTRATIVO_PAGAMENTO":
                        let r = try await billing.payments.importXML(bytes, fileName: URL(fileURLWithPath: file).lastPathComponent, payerId: payerId, by: actor)
                        print(r.alreadyImported ? "Demonstrativo de pagamento \(r.statementId): já importado antes, nada mudou."
                              : "Demonstrativo de pagamento \(r.statementId) de \(target.name): \(r.protocols) protocolo(s), \(r.paid) pago(s) em faturas, "
                              + "\(r.unmatched) sem fatura; bruto \(BrazilianFormat.currency(r.gross)), líquido \(BrazilianFormat.currency(r.net)).")
                        for problem in r.problems { print("  Atenção: \(problem)") }
                        return
                    case "SITUACAO_PROTOCOLO":
                        let r = try await billing.payments.importSituation(bytes, payerId: payerId, by: actor)
                        print("Protocolo \(r.protocolNumber) (fatura \(r.invoiceId)): \(r.situation.label) em \(BrazilianFormat.date(r.statedOn)); \(r.batches) lote(s) atualizado(s).")
                        return
                    default: break
                    }
                    let results = try await billing.statements.importXML(bytes, fileName: URL(fileURLWithPath: file).lastPathComponent,
                                                                                       payerId: payerId, by: actor)
                    for result in results {
                        if result.alreadyImported {
                            print("Demonstrativo \(result.statementId): já importado antes, nada mudou.")
                            continue
                        }
                        print("Demonstrativo \(result.statementId) de \(target.name): \(result.lines) linha(s), \(result.matched) associada(s), "
                              + "\(result.inferred) item(ns) liberado(s) sem detalhe, \(result.ambiguous) ambígua(s), \(result.unmatched) sem item; "
                              + "\(result.glosas) glosa(s); \(result.replaced) linha(s) anterior(es) substituída(s).")
                        for problem in result.problems { print("  Atenção: \(problem)") }
                    }
                } catch let error as FaturaError {
                    throw Import.report(error)
                }
            }
        }
    }
}

/// `fatura glosas check`: the identities over the whole database — every glosa's parts add up to
/// its value, and every invoice's presented is released + glosa + pending (no item released and
/// denied beyond what it was presented for, no line whose glosa is not its glosas' sum). Prints
/// what does not hold and exits 1, for a nightly check.
struct GlosasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "glosas", abstract: "Glosas e recursos.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confere as identidades das glosas e a conciliação de todas as faturas.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await Users.withStore(db) { store in
                let glosas = try await store.glosas.unbalanced()
                let invoices = try await store.statements.unreconciled()
                // The map's sums must be what the rows add up to (they are recomputed with every write).
                let sums = try await store.database.read { try await InvoiceMoney.disagreements(on: $0) }
                for glosa in glosas { print("glosa \(glosa.id)\t\(glosa.message)") }
                for invoice in invoices { print("fatura \(invoice.number) (id \(invoice.invoiceId))\t\(invoice.message)") }
                for id in sums { print("fatura (id \(id))\tas somas do mapa de faturas não conferem com as linhas, pagamentos e glosas") }
                if glosas.isEmpty && invoices.isEmpty && sums.isEmpty {
                    printError("Tudo confere: glosa = aceita + em recurso + recuperada + perdida + a decidir; apresentado = liberado + glosado + pendente; as somas do mapa conferem.")
                } else {
                    printError("\(glosas.count) glosa(s), \(invoices.count) problema(s) de conciliação e \(sums.count) fatura(s) com somas do mapa divergentes.")
                    throw ExitCode(1)
                }
            }
        }
    }
}
