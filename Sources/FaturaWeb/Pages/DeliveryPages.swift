import FaturaDomain
import FaturaStore
import Hummingbird

/// *Faturas → Calendário de entrega*: each payer's next delivery deadlines for the current company
/// (moved earlier over weekends and holidays), and its terms, which a supervisor edits. The invoices
/// themselves come next (issue 12); this page already tells what is due when.
enum DeliveryPages {
    static let routes = [
        PageRoute(.get, "/invoices/calendar", .viewInvoices) { try await calendar($0) },
        PageRoute(.get, "/invoices/terms/:id", .manageContracts) { try await form($0) },
        PageRoute(.post, "/invoices/terms/:id", .manageContracts) { request in
            guard let companyId = request.session.companyId else {
                throw FaturaError.validation([FieldError("companyId", "Escolha a coligada atual no topo da página.")])
            }
            let payer = try await request.store.payers.get(try request.id())
            let terms = try read(request.form, payerId: payer.id ?? 0, companyId: companyId)
            _ = try await request.store.payerTerms.save(terms, expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(SiteURL.deliveryCalendar.path, notice: .saved)
        }.redisplaying { request, refusal in
            try await form(request, refusal: refusal)
        },
    ]

    static func calendar(_ request: PageRequest) async throws -> Response {
        guard let companyId = request.session.companyId else {
            return try await request.render("message", title: "Calendário de entrega", section: "invoices", MessagePageModel(
                heading: "Calendário de entrega", text: "Escolha a coligada atual no topo da página."))
        }
        let today = request.today
        let payers = try await request.store.payers.all(active: true).filter { $0.billingStandard == .convenio }
        let terms = Dictionary(try await request.store.payerTerms.all(companyId: companyId).map { ($0.payerId, $0) }, uniquingKeysWith: { a, _ in a })
        let canEdit = request.identity.may(.manageContracts)
        let rows = payers.map { payer -> DeliveryCalendarModel.Row in
            let id = payer.id ?? 0
            guard let t = terms[id] else {
                return .init(payer: payer.name, terms: "Sem termos cadastrados: o prazo de entrega não é acompanhado.", deadlines: [], missing: true,
                             editHref: canEdit ? SiteURL.payerTerms(id).path : "")
            }
            let deadlines = t.upcoming(from: today).map { next in
                let days = next.deadline.daysSinceEpoch - today.daysSinceEpoch
                return DeliveryCalendarModel.Deadline(
                    competence: next.competence.label, opens: BrazilianFormat.date(next.opens), deadline: BrazilianFormat.date(next.deadline),
                    left: days == 0 ? "hoje" : BrazilianFormat.count(days, "dia", "dias"), soon: days <= 7,
                    payment: BrazilianFormat.date(t.payment.expectedPayment(deliveredOn: next.deadline)))
            }
            return .init(payer: payer.name, terms: summary(t), deadlines: deadlines, missing: false, editHref: canEdit ? SiteURL.payerTerms(id).path : "")
        }
        return try await request.render("delivery_calendar", title: "Calendário de entrega", section: "invoices", DeliveryCalendarModel(rows: rows))
    }

    static func summary(_ t: PayerTerms) -> String {
        let delivery = switch t.delivery {
        case .dayOfFollowingMonth(let n): "entrega até o dia \(n) do mês seguinte"
        case .nthBusinessDay(let n): "entrega até o \(n)º dia útil do mês seguinte"
        case .window(let from, let to): "entrega do dia \(from) ao dia \(to) do mês seguinte"
        case .published(let dates): "datas publicadas pelo convênio (\(BrazilianFormat.count(dates.count, "competência", "competências")))"
        }
        let payment = switch t.payment {
        case .daysAfterDelivery(let n): "pagamento \(BrazilianFormat.count(n, "dia", "dias")) após a entrega"
        case .fixedDay(let n): "pagamento no dia \(n) do mês seguinte à entrega"
        }
        return "\(delivery); \(payment); recurso em até \(BrazilianFormat.count(t.appealDays, "dia", "dias")), "
            + BrazilianFormat.count(t.appealRounds, "recurso", "recursos")
    }

    /// The terms the form describes; every unreadable number named at once.
    static func read(_ form: FormData, payerId: Int, companyId: Int) throws -> PayerTerms {
        var errors = FieldErrors()
        func number(_ name: String, _ label: String) -> Int {
            guard let value = Int(form[name].trimmingSpaces()) else { errors.add(name, "\(label): informe um número inteiro."); return 0 }
            return value
        }
        let delivery: DeliveryRule
        switch form["deliveryKind"] {
        case "business_day": delivery = .nthBusinessDay(number("deliveryDay", "Dia útil"))
        case "window": delivery = .window(from: number("deliveryDay", "Primeiro dia"), to: number("deliveryTo", "Último dia"))
        case "published":
            var dates: [Competence: CalendarDay] = [:]
            for piece in form["deliveryDates"].split(whereSeparator: { $0 == ";" || $0.isNewline }) {
                let parts = piece.split(separator: "=").map { String($0).trimmingSpaces() }
                guard parts.count == 2, let competence = Competence(parts[0]), let day = CalendarDay(typed: parts[1]) else {
                    errors.add("deliveryDates", "Não entendi “\(piece.prefix(40))”: use competência=data, como 11/2026=10/12/2026.")
                    continue
                }
                dates[competence] = day
            }
            delivery = .published(dates)
        default: delivery = .dayOfFollowingMonth(number("deliveryDay", "Dia"))
        }
        let payment: PaymentTerm = form["paymentKind"] == "fixed_day" ? .fixedDay(number("paymentDays", "Dia do pagamento"))
            : .daysAfterDelivery(number("paymentDays", "Dias até o pagamento"))
        let terms = PayerTerms(payerId: payerId, companyId: companyId, delivery: delivery, payment: payment,
                               appealDays: number("appealDays", "Prazo de recurso"), appealRounds: number("appealRounds", "Recursos"),
                               providerCode: form.optional("providerCode"),
                               identification: PayerTerms.Identification(rawValue: form["identification"]) ?? .providerCode)
        if !errors.all.isEmpty { throw FaturaError.validation(errors.all + terms.problems.filter { p in !errors.all.contains { $0.field == p.field } }) }
        return terms
    }

    static func form(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        guard let companyId = request.session.companyId else { throw FaturaError.validation([FieldError("companyId", "Escolha a coligada atual no topo da página.")]) }
        let payer = try await request.store.payers.get(try request.id())
        let t = try await request.store.payerTerms.find(payerId: payer.id ?? 0, companyId: companyId) ?? PayerTerms(payerId: payer.id ?? 0, companyId: companyId)
        let columns = PayerTermsRepository.describe(t)
        let fields = [
            FormField(name: "deliveryKind", label: "Regra de entrega", kind: .select, value: columns.kind,
                      options: [("day", "Até um dia do mês seguinte"), ("business_day", "Até o N-ésimo dia útil do mês seguinte"),
                                ("window", "Numa janela de dias do mês seguinte"), ("published", "Datas publicadas pelo convênio")], required: true),
            FormField(name: "deliveryDay", label: "Dia (ou primeiro dia da janela)", kind: .number, value: columns.day.map(String.init) ?? "",
                      hint: "Um prazo em fim de semana ou feriado nacional vem para o dia útil anterior."),
            FormField(name: "deliveryTo", label: "Último dia da janela", kind: .number, value: columns.to.map(String.init) ?? ""),
            FormField(name: "deliveryDates", label: "Datas publicadas", value: columns.dates ?? "",
                      hint: "competência=data separadas por ponto e vírgula: 11/2026=10/12/2026; 12/2026=11/01/2027."),
            FormField(name: "paymentKind", label: "Pagamento", kind: .select, value: columns.paymentKind,
                      options: [("days_after", "N dias após a entrega"), ("fixed_day", "Num dia fixo do mês seguinte à entrega")], required: true),
            FormField(name: "paymentDays", label: "Dias (ou dia do mês)", kind: .number, value: String(columns.paymentDays), required: true),
            FormField(name: "appealDays", label: "Prazo de recurso de glosa (dias após o demonstrativo)", kind: .number, value: String(t.appealDays), required: true),
            FormField(name: "appealRounds", label: "Número máximo de recursos", kind: .number, value: String(t.appealRounds), required: true),
            FormField(name: "providerCode", label: "Código do hospital no convênio (codigoPrestadorNaOperadora)", value: t.providerCode ?? ""),
            FormField(name: "identification", label: "Identificação no cabeçalho TISS", kind: .select, value: t.identification.rawValue,
                      options: [("provider_code", "Código no convênio"), ("cnpj", "CNPJ"), ("cpf", "CPF")], required: true),
        ]
        let title = "Termos de entrega — \(payer.name)"
        let action = SiteURL.payerTerms(payer.id ?? 0).path
        return try await request.render("terms_form", title: title, section: "invoices", TermsFormModel(
            heading: title, action: action, version: t.version, fields: fields.refused(refusal, typed: request.form).map(\.context),
            refusal: refusal.map { RefusalModel($0, reload: action) }), status: refusal?.status ?? .ok)
    }
}

/// `delivery_calendar.mustache`.
struct DeliveryCalendarModel: Sendable {
    struct Deadline: Sendable {
        let competence: String
        let opens: String
        let deadline: String
        let left: String
        let soon: Bool
        let payment: String
    }

    struct Row: Sendable {
        let payer: String
        let terms: String
        let deadlines: [Deadline]
        let missing: Bool
        let editHref: String
    }

    let rows: [Row]
}

/// `terms_form.mustache`.
struct TermsFormModel: Sendable {
    let heading: String
    let action: String
    let version: Int
    let fields: [FormFieldModel]
    let refusal: RefusalModel?
}
