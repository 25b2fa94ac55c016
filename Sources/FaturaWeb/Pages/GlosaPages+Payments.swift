import FaturaDomain
import FaturaStore
import Hummingbird

/// One payment statement (`demonstrativoPagamento`): its totals, the protocols paid with the
/// invoices they were recorded on (or why not), and the debits and credits of its dates.
extension GlosaPages {
    static func paymentStatement(_ request: PageRequest) async throws -> Response {
        let id = try request.id()
        guard let statement = try await request.store.paymentStatements.find(id) else { throw FaturaError.notFound(entity: "demonstrativo de pagamento") }
        let payer = try await request.store.payers.get(statement.payerId)
        let protocols = try await request.store.paymentStatements.protocols(of: id)
        let adjustments = try await request.store.paymentStatements.adjustments(of: id)
        let paid = protocols.filter { $0.invoiceId != nil }
        return try await request.render("payment_statement", title: "Demonstrativo de pagamento \(statement.number)", section: "glosas", PaymentStatementModel(
            number: statement.number, payer: payer.name, issuedOn: BrazilianFormat.date(statement.issuedOn), fileName: statement.fileName ?? "",
            importedAt: request.environment.clock.display(statement.importedAt), importedBy: statement.importedBy,
            gross: BrazilianFormat.currency(statement.gross), debits: BrazilianFormat.currency(statement.debits),
            credits: BrazilianFormat.currency(statement.credits), net: BrazilianFormat.currency(statement.net),
            recorded: BrazilianFormat.currency(paid.reduce(Money.zero) { $0 + $1.released }),
            problems: statement.problems, hasProblems: !statement.problems.isEmpty,
            protocols: protocols.map { p in
                .init(paidOn: BrazilianFormat.date(p.paidOn), method: PaymentDate.methodLabel(p.method),
                      protocolNumber: p.protocolNumber, batchNumber: p.batchNumber, claims: p.claims,
                      informed: BrazilianFormat.currency(p.informed), released: BrazilianFormat.currency(p.released),
                      glosa: p.glosa.map(BrazilianFormat.currency) ?? "—", invoice: p.invoiceNumber.map { "Fatura \($0)" } ?? "",
                      invoiceHref: p.invoiceId.map { SiteURL.invoice($0).path } ?? "", matched: p.invoiceId != nil,
                      reason: p.unmatchedReason ?? "", line: p.line)
            },
            unmatched: protocols.count - paid.count, hasUnmatched: protocols.count > paid.count,
            adjustments: adjustments.map { a in
                .init(paidOn: a.paidOn.map(BrazilianFormat.date) ?? "Demonstrativo", kind: a.adjustment.isDebit ? "Débito" : "Crédito",
                      type: a.adjustment.typeLabel, description: a.adjustment.description,
                      amount: BrazilianFormat.currency(a.adjustment.isDebit ? Money.zero - a.adjustment.amount : a.adjustment.amount))
            },
            hasAdjustments: !adjustments.isEmpty))
    }
}
