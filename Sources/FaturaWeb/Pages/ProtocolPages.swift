import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Protocolo*: the department's book of documents sent and received, with a printable receipt.
enum ProtocolPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/protocol", .viewProtocolBook) { try await list($0) },
        PageRoute(.post, "/protocol", .manageProtocolBook) { request in
            guard let day = CalendarDay(typed: request.form["day"]) else { throw FaturaError.validation([FieldError("day", "Data inválida: use dd/mm/aaaa.")]) }
            guard let direction = ProtocolDirection(rawValue: request.form["direction"]) else {
                throw FaturaError.validation([FieldError("direction", "Escolha se o documento foi expedido ou recebido.")])
            }
            let entry = try await request.billing.protocols.register(
                ProtocolEntry(companyId: request.session.companyId ?? 0, day: day, direction: direction, counterpart: request.form["counterpart"],
                              subject: request.form["subject"]), by: request.actor)
            return request.redirect(.protocolReceipt(entry.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/protocol/:id/receipt", .viewProtocolBook) { request in
            let entry = try await request.billing.protocols.get(try request.id())
            guard entry.companyId == request.session.companyId else { throw FaturaError.notFound(entity: "protocolo") }
            let company = try await request.store.companies.find(entry.companyId)?.name ?? ""
            return request.environment.renderer.html("protocol_receipt", ProtocolReceiptModel(
                number: entry.number, day: BrazilianFormat.date(entry.day), direction: entry.direction.label, counterpart: entry.counterpart,
                subject: entry.subject, company: company, registeredBy: entry.registeredBy, outgoing: entry.direction == .outgoing,
                backHref: SiteURL.protocolBook.path))
        },
    ]

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let thisYear = request.today.year
        let year = request.query("ano").flatMap(Int.init).map { min(max($0, 2000), thisYear + 1) }
        let direction = request.query("sentido").flatMap(ProtocolDirection.init(rawValue:))
        let text = request.query("texto").map { String($0.trimmingSpaces().prefix(100)) }
        let page = try await request.billing.protocols.list(companyId: companyId, year: year, direction: direction, text: text,
                                                            page: request.queryInt("pagina") ?? 1)
        func link(_ e: ProtocolEntry) -> (String, String) {
            if let id = e.invoiceId { return ("Fatura", SiteURL.invoice(id).path) }
            if let id = e.appealId { return ("Recurso", SiteURL.appeal(id).path) }
            if let id = e.noticeId { return ("Comunicado", SiteURL.notice(id).path) }
            if let id = e.recordCopyId { return ("Cópia de prontuário", SiteURL.recordCopy(id).path) }
            return ("", "")
        }
        let canManage = request.identity.may(.manageProtocolBook)
        let fields = canManage ? [
            FormField(name: "day", label: "Data", value: BrazilianFormat.date(request.today), required: true, hint: "dd/mm/aaaa"),
            FormField(name: "direction", label: "Sentido", kind: .select, value: "outgoing", options: ProtocolDirection.allCases.map { ($0.rawValue, $0.label) }, required: true),
            FormField(name: "counterpart", label: "Destinatário ou remetente", value: "", required: true, hint: "Convênio, setor, diretoria, paciente…"),
            FormField(name: "subject", label: "Documento", value: "", required: true, hint: "O que foi entregue ou recebido."),
        ].refused(refusal, typed: request.form) : []
        var query: [(String, String?)] = []
        if let year { query.append(("ano", String(year))) }
        if let direction { query.append(("sentido", direction.rawValue)) }
        if let text, !text.isEmpty { query.append(("texto", text)) }
        let rows = page.items.map { e -> ProtocolBookModel.Row in
            let (label, href) = link(e)
            return .init(number: e.number, day: BrazilianFormat.date(e.day), direction: e.direction.label, directionKey: e.direction.rawValue,
                         counterpart: e.counterpart, subject: e.subject, link: label, linkHref: href,
                         receiptHref: SiteURL.protocolReceipt(e.id ?? 0).path, registeredBy: e.registeredBy)
        }
        return try await request.render("protocol", title: "Protocolo", section: "protocol", ProtocolBookModel(
            rows: rows, empty: rows.isEmpty, total: BrazilianFormat.integer(page.total), year: year.map(String.init) ?? "", text: text ?? "",
            directions: [OptionModel(value: "", label: "Todos", selected: direction == nil)]
                + ProtocolDirection.allCases.map { OptionModel(value: $0.rawValue, label: $0.label, selected: $0 == direction) },
            years: [OptionModel(value: "", label: "Todos", selected: year == nil)]
                + (max(2000, thisYear - 5)...thisYear).reversed().map { OptionModel(value: String($0), label: String($0), selected: $0 == year) },
            pager: PagerModel(page, shown: rows.count) { SiteURL.protocolBook.with(query + [("pagina", String($0))]) },
            canManage: canManage, fields: fields.map(\.context),
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.protocolBook.path, listingFields: true) }), status: refusal?.status ?? .ok)
    }
}
