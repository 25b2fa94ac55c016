import FaturaDomain
import FaturaStore

/// Glosa risk before billing (issue 14): the items of a partial whose payer has often denied their
/// code, with the rule, the counts and the most frequent reason; and the top risks per payer.
public struct GlosaRiskService: BillingService {
    let context: ServiceContext

    /// One code at risk, with everything the flag says.
    public struct Flag: Sendable, Hashable {
        public let history: GlosaRiskHistory
        /// "1705 · Valor apresentado a maior".
        public let reason: String?
        /// The partial's lines with the code (their descriptions), for the partial's page.
        public let descriptions: [String]

        /// "Vida Plena glosou 4 de 12 cobranças (33,33%) deste código nos últimos 12 meses — R$ 350,00; motivo mais frequente: 1705 · … (3 vezes)."
        public func sentence(payerName: String, rule: GlosaRiskRule) -> String {
            let h = history
            return "\(payerName) glosou \(h.denied) de \(BrazilianFormat.count(h.billed, "cobrança", "cobranças")) (\(h.rate.map(BrazilianFormat.percentage) ?? "—")) deste código nos últimos \(rule.months) meses, "
                + "\(BrazilianFormat.currency(h.deniedValue)) no total" + (reason.map { "; motivo mais frequente: \($0) (\(BrazilianFormat.count(h.topReasonCount, "vez", "vezes")))" } ?? "") + "."
        }
    }

    var queries: GlosaRiskQueries { GlosaRiskQueries(database: database) }

    public func rule(companyId: Int) async throws -> GlosaRiskRule { try await queries.rule(companyId: companyId) }

    public func saveRule(_ rule: GlosaRiskRule, companyId: Int, by actor: AuditActor) async throws {
        try await queries.save(rule, companyId: companyId, by: actor, at: clock.timestamp())
    }

    /// The partial's codes its payer denied often enough for the company's rule.
    public func flags(for partial: PartialBill, items: [ChargeItem]) async throws -> (rule: GlosaRiskRule, flags: [Flag]) {
        let rule = try await rule(companyId: partial.companyId)
        let codes = Array(Set(items.map(\.code))).sorted()
        guard !codes.isEmpty else { return (rule, []) }
        let history = try await queries.history(companyId: partial.companyId, since: since(rule), payerIds: [partial.payerId], codes: codes)
        let book = GlosaReasonBook.shared
        let flags = history.filter { $0.isRisk(under: rule) }.map { h in
            Flag(history: h, reason: h.topReason.map(book.label), descriptions: Array(Set(items.filter { $0.code == h.code }.map(\.description))).sorted())
        }
        return (rule, flags.sorted { ($0.history.rate ?? Percentage(basisPoints: 0), $1.history.code) > ($1.history.rate ?? Percentage(basisPoints: 0), $0.history.code) })
    }

    /// Every code at risk, per payer, highest rate first (then the most denied), at most `limit` per payer.
    public func top(companyId: Int, payerId: Int? = nil, limit: Int = 20) async throws -> (rule: GlosaRiskRule, byPayer: [(payerId: Int, flags: [Flag])]) {
        let rule = try await rule(companyId: companyId)
        let history = try await queries.history(companyId: companyId, since: since(rule), payerIds: payerId.map { [$0] })
        let book = GlosaReasonBook.shared
        let risky = Dictionary(grouping: history.filter { $0.isRisk(under: rule) }, by: \.payerId)
        return (rule, risky.keys.sorted().map { payer in
            let flags = risky[payer]!.sorted { a, b in
                if a.rate != b.rate { return (a.rate ?? Percentage(basisPoints: 0)) > (b.rate ?? Percentage(basisPoints: 0)) }
                if a.deniedValue != b.deniedValue { return a.deniedValue > b.deniedValue }
                return a.code < b.code
            }.prefix(limit).map { Flag(history: $0, reason: $0.topReason.map(book.label), descriptions: []) }
            return (payer, Array(flags))
        })
    }

    func since(_ rule: GlosaRiskRule) -> CalendarDay {
        let today = clock.today()
        return (Competence.of(today) ?? Competence(year: 2026, month: 1)!).adding(months: -rule.months).day(today.day)
    }
}
