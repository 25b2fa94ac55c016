import FaturaBilling
import FaturaDomain
import FaturaStore
import Hummingbird

/// Billing's corrections of a draft partial's lines: include a line, correct one (quantity, date,
/// code, professional…), remove one — each with a written reason, audited, re-priced at once.
enum ItemPages {
    static let routes = [
        PageRoute(.get, "/accounts/partials/:id/items/new", .editAccounts) { request in
            try await form(request, item: nil)
        },
        PageRoute(.post, "/accounts/partials/:id/items", .editAccounts) { request in
            let partialId = try request.id()
            let partial = try await request.store.accounts.partial(ID(partialId)).partial
            let line = try read(request.form, defaultDay: partial.periodStart)
            _ = try await request.billing.items.add(to: ID(partialId), line: line, reason: request.form["reason"],
                                                    expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.partial(partialId), notice: .itemAdded)
        }.redisplaying { request, refusal in
            try await form(request, item: nil, refusal: refusal)
        },
        PageRoute(.get, "/accounts/partials/:id/items/:item", .editAccounts) { request in
            try await form(request, item: try request.id("item"))
        },
        PageRoute(.post, "/accounts/partials/:id/items/:item", .editAccounts) { request in
            let partialId = try request.id()
            let partial = try await request.store.accounts.partial(ID(partialId)).partial
            let line = try read(request.form, defaultDay: partial.periodStart)
            try await request.billing.items.edit(ID(try request.id("item")), of: ID(partialId), to: line, reason: request.form["reason"],
                                                 expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.partial(partialId), notice: .itemCorrected)
        }.redisplaying { request, refusal in
            try await form(request, item: try request.id("item"), refusal: refusal)
        },
        PageRoute(.post, "/accounts/partials/:id/items/:item/remove", .editAccounts) { request in
            let partialId = try request.id()
            try await request.billing.items.remove(ID(try request.id("item")), of: ID(partialId), reason: request.form["removeReason"],
                                                   expectedVersion: Int(request.form["version"]), by: request.actor)
            return request.redirect(.partial(partialId), notice: .itemRemoved)
        }.redisplaying { request, refusal in
            try await form(request, item: try request.id("item"), removeRefusal: refusal)
        },
    ]

    /// The line the form describes; every unreadable field is named at once (a validation error).
    static func read(_ form: FormData, defaultDay: CalendarDay) throws -> ChargeLine {
        var errors = FieldErrors()
        let kind = ChargeItemKind(rawValue: form["kind"])
        if kind == nil { errors.add("kind", "Escolha o tipo do lançamento.") }
        let table = PriceTableKind(rawValue: form["table"])
        if table == nil { errors.add("table", "Escolha a tabela de preço.") }
        var day: CalendarDay?
        if let text = form.optional("performedDay") {
            day = CalendarDay(typed: text)
            if day == nil { errors.add("performedDay", "Data inválida: \(text) (dd/mm/aaaa).") }
            errors.plausible("performedDay", day)
        } else { errors.add("performedDay", "Informe a data em que foi realizado (dd/mm/aaaa).") }
        var time: (Int, Int)?
        let timeText = form.optional("performedTime") ?? "00:00"
        let parts = timeText.split(separator: ":")
        if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) {
            time = (h, m)
        } else { errors.add("performedTime", "Hora inválida: \(timeText) (hh:mm, de 00:00 a 23:59).") }
        let quantityText = form["quantity"]
        let quantity = Quantity(parsing: quantityText)
        if quantity == nil { errors.add("quantity", "Quantidade inválida: \(quantityText.isEmpty ? "vazia" : quantityText) (ex.: 2 ou 1,5).") }
        if let problem = ItemCorrection.reasonProblem(form["reason"]) { errors.add(problem.field, problem.message) }
        guard errors.all.isEmpty, let kind, let table, let day, let time, let quantity else { throw FaturaError.validation(errors.all) }
        return ChargeLine(kind: kind, table: table, code: form["code"].trimmingSpaces(), description: form["description"].trimmingSpaces(),
                          performedAt: LocalDateTime(day: day, hour: time.0, minute: time.1), quantity: quantity,
                          professional: form.optional("professional"))
    }

    /// The form to include a line (`item` nil) or to correct one, with its removal below; after a
    /// refusal, with what was typed and the messages beside the fields.
    static func form(_ request: PageRequest, item itemId: Int?, refusal: FormRefusal? = nil, removeRefusal: FormRefusal? = nil) async throws -> Response {
        let partialId = try request.id()
        let detail = try await request.store.accounts.partial(ID(partialId))
        let partial = detail.partial
        guard partial.status == .draft else { throw FaturaError.partialClosed(externalId: partial.externalId, change: .items) }
        var line: ChargeLine
        var item: ChargeItem?
        if let itemId {
            guard let found = detail.items.first(where: { $0.id?.rawValue == itemId }) else { throw FaturaError.notFound(entity: "lançamento") }
            item = found
            line = found.line
            // The quantity as a whole: the lines the exam rule split off it count (it is corrected whole).
            let parts = detail.items.filter { $0.splitFromId?.rawValue == itemId }
            line.quantity = Quantity(tenThousandths: ([found] + parts).map(\.quantity.tenThousandths).reduce(0, +))
        } else {
            line = ChargeLine(kind: .procedure, table: .cbhpm, code: "", description: "",
                              performedAt: LocalDateTime(day: partial.periodStart, hour: 8, minute: 0), quantity: .one, professional: nil)
        }
        let fields = [
            FormField(name: "kind", label: "Tipo", kind: .select, value: line.kind.rawValue,
                      options: ChargeItemKind.allCases.map { ($0.rawValue, $0.singular) }, required: true),
            FormField(name: "table", label: "Tabela de preço", kind: .select, value: line.table.rawValue,
                      options: PriceTableKind.allCases.map { ($0.rawValue, $0.label) }, required: true,
                      hint: "AMB e CBHPM seguem o contrato do convênio."),
            FormField(name: "code", label: "Código", value: line.code, required: true),
            FormField(name: "description", label: "Descrição", value: line.description, required: true),
            FormField(name: "performedDay", label: "Realizado em", value: BrazilianFormat.date(line.performedAt.day), required: true,
                      hint: "dd/mm/aaaa, dentro do período da parcial (\(BrazilianFormat.date(partial.periodStart)) a \(BrazilianFormat.date(partial.periodEnd)))."),
            FormField(name: "performedTime", label: "Hora", value: BrazilianFormat.pad(line.performedAt.hour) + ":" + BrazilianFormat.pad(line.performedAt.minute),
                      required: true, hint: "hh:mm — conta para a urgência (19h às 7h)."),
            FormField(name: "quantity", label: "Quantidade", value: line.quantity.description, required: true),
            FormField(name: "professional", label: "Profissional executante", value: line.professional ?? ""),
            FormField(name: "reason", label: "Motivo da correção", value: "", required: true,
                      hint: "Obrigatório (pelo menos \(ItemCorrection.reasonLength.lowerBound) caracteres): fica na auditoria com o antes e o depois."),
        ]
        let title = item == nil ? "Incluir lançamento — parcial \(partial.externalId)" : "Corrigir lançamento \(line.code) — parcial \(partial.externalId)"
        let action = itemId.map { SiteURL.item(partial: partialId, $0).path } ?? "/accounts/partials/\(partialId)/items"
        let reload = itemId.map { SiteURL.item(partial: partialId, $0).path } ?? SiteURL.newItem(partial: partialId).path
        return try await request.render("item_form", title: title, section: "accounts", ItemFormModel(
            heading: title, action: action, partialHref: SiteURL.partial(partialId).path, version: partial.version,
            fields: fields.refused(refusal, typed: refusal == nil ? nil : request.form).map(\.context),
            refusal: (refusal ?? removeRefusal).map { RefusalModel($0, reload: reload) },
            existing: item != nil, removeAction: itemId.map { SiteURL.item(partial: partialId, $0).path + "/remove" } ?? "",
            removeReason: removeRefusal == nil ? "" : request.form["removeReason"],
            removeError: removeRefusal.map { $0.fieldErrors.first?.message ?? $0.message },
            origin: item.map { $0.origin == .billing ? "Incluído pelo faturamento." : "Enviado pelo HIS (\($0.externalId))." } ?? "",
            lastCorrection: item?.correction.map { "Última correção: \(HospitalClock.display($0.at)) por \($0.by) — \($0.reason)" } ?? "",
            hisConflict: item?.hisConflict ?? ""),
            status: (refusal ?? removeRefusal)?.status ?? .ok)
    }
}

/// `item_form.mustache`: one line's correction (or a new line) and, for a stored one, its removal.
struct ItemFormModel: Sendable {
    let heading: String
    let action: String
    let partialHref: String
    let version: Int
    let fields: [FormFieldModel]
    let refusal: RefusalModel?
    let existing: Bool
    let removeAction: String
    let removeReason: String
    let removeError: String?
    let origin: String
    let lastCorrection: String
    let hisConflict: String
}
