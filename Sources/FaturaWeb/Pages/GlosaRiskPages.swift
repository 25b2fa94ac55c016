import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Riscos de glosa*: per payer, the codes it denied often enough for the rule, with the counts,
/// the value and the most frequent reason; and the rule itself, which the supervisor may change.
enum GlosaRiskPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/glosas/risks", .viewGlosas) { try await page($0) },
        PageRoute(.post, "/glosas/risks/rule", .manageGlosas) { request in
            var errors: [FieldError] = []
            func integer(_ field: String, _ label: String) -> Int? {
                guard let value = Int(request.form[field].trimmingSpaces()) else { errors.append(FieldError(field, "\(label): informe um número inteiro.")); return nil }
                return value
            }
            let rate = Percentage(parsing: request.form["minimumRate"])
            if rate == nil { errors.append(FieldError("minimumRate", "Taxa mínima inválida: use por exemplo 20 ou 12,5.")) }
            let billed = integer("minimumBilled", "Mínimo de cobranças"), months = integer("months", "Período em meses")
            guard errors.isEmpty, let rate, let billed, let months else { throw FaturaError.validation(errors) }
            guard let companyId = request.session.companyId else { throw FaturaError.validation([FieldError("companyId", "Escolha a coligada no topo da página.")]) }
            try await request.billing.glosaRisk.saveRule(GlosaRiskRule(minimumRate: rate, minimumBilled: billed, months: months), companyId: companyId, by: request.actor)
            return request.redirect("/glosas/risks", notice: .saved)
        }.redisplaying { request, refusal in try await page(request, refusal: refusal) },
    ]

    static func page(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let payerId = request.queryInt("convenio")
        let (rule, byPayer) = try await request.billing.glosaRisk.top(companyId: companyId, payerId: payerId)
        let payers = try await request.store.payers.all().filter { $0.billingStandard == .convenio }.sorted { $0.name < $1.name }
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let typed = refusal != nil
        return try await request.render("glosa_risks", title: "Riscos de glosa", section: "glosas", GlosaRisksModel(
            refusal: refusal.map { RefusalModel($0, reload: "/glosas/risks", listingFields: true) },
            canManage: request.identity.may(.manageGlosas), rule: rule.description,
            minimumRate: typed ? request.form["minimumRate"] : BrazilianFormat.percentage(rule.minimumRate).replacingOccurrences(of: "%", with: ""),
            minimumBilled: typed ? request.form["minimumBilled"] : String(rule.minimumBilled), months: typed ? request.form["months"] : String(rule.months),
            payers: payers.map { .init(value: String($0.id ?? 0), label: $0.name, selected: $0.id == payerId) },
            groups: byPayer.map { group in
                .init(payer: names[group.payerId] ?? "convênio \(group.payerId)", rows: group.flags.map { f in
                    .init(code: f.history.code, billed: f.history.billed, denied: f.history.denied, rate: f.history.rate.map(BrazilianFormat.percentage) ?? "—",
                          value: BrazilianFormat.currency(f.history.deniedValue), reason: f.reason ?? "—", reasonCount: f.history.topReasonCount)
                })
            }, empty: byPayer.isEmpty), status: refusal?.status ?? .ok)
    }
}

/// `glosa_risks.mustache`.
struct GlosaRisksModel: Sendable {
    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Row: Sendable { let code: String; let billed: Int; let denied: Int; let rate: String; let value: String; let reason: String; let reasonCount: Int }
    struct Group: Sendable { let payer: String; let rows: [Row] }
    let refusal: RefusalModel?
    let canManage: Bool
    let rule: String
    let minimumRate: String
    let minimumBilled: String
    let months: String
    let payers: [Option]
    let groups: [Group]
    let empty: Bool
}
