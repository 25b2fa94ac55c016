import FaturaDomain
import FaturaStore
import Hummingbird

/// Padrões de faturamento e codificações: exam groups, their band, default percentages and codes.
enum ExamGroupPages {
    static let routes = [
        PageRoute(.get, "/exam-groups", .viewContracts) { request in
            let groups = try await request.store.examGroups.list(includeInactive: true)
            return try await request.render("exam_groups", title: "Padrões de faturamento", section: "contracts", ExamGroupsModel(
                groups: groups.map { g in
                    .init(href: SiteURL.examGroup(g.id ?? 0).path, name: g.name, band: g.band,
                          amb: BrazilianFormat.percentage(g.ambSecond) + " / " + BrazilianFormat.percentage(g.ambThird),
                          cbhpm: BrazilianFormat.percentage(g.cbhpmSecond) + " / " + BrazilianFormat.percentage(g.cbhpmThird),
                          codes: ranges(g.codeRanges), active: g.active)
                },
                canManage: request.identity.may(.manageContracts)))
        },
        PageRoute(.get, "/exam-groups/new", .manageContracts) { request in
            try await form(request, group: blank, action: SiteURL.examGroups.path)
        },
        PageRoute(.post, "/exam-groups", .manageContracts) { try await save($0, id: nil) }.redisplaying { request, refusal in
            try await form(request, group: blank, action: SiteURL.examGroups.path, refusal: refusal)
        },
        PageRoute(.get, "/exam-groups/:id", .manageContracts) { request in
            let group = try await request.store.examGroups.get(try request.id())
            return try await form(request, group: group, action: SiteURL.examGroup(group.id ?? 0).path)
        },
        PageRoute(.post, "/exam-groups/:id", .manageContracts) { try await save($0, id: try $0.id()) }.redisplaying { request, refusal in
            let group = try await request.store.examGroups.get(try request.id())
            return try await form(request, group: group, action: SiteURL.examGroup(group.id ?? 0).path, refusal: refusal)
        },
    ]

    /// A new group's form: the usual band and the AMB/CBHPM default percentages.
    static let blank = ExamGroup(code: "", name: "", band: 4, ambSecond: Percentage(percent: 70), ambThird: Percentage(percent: 50),
                                 cbhpmSecond: Percentage(percent: 70), cbhpmThird: Percentage(percent: 70))

    static func ranges(_ list: [CodeRange]) -> String {
        list.map { $0.from == $0.to ? $0.from : "\($0.from)-\($0.to)" }.joined(separator: ", ")
    }

    /// `41000000-41099999, 41234567` → ranges; a malformed piece is kept so validation names it.
    static func parseRanges(_ text: String) -> [CodeRange] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline }).compactMap { piece in
            let parts = piece.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "") }
            guard let first = parts.first, !first.isEmpty else { return nil }
            return CodeRange(from: first, to: parts.count > 1 ? parts[1] : first)
        }
    }

    static func save(_ request: PageRequest, id: Int?) async throws -> Response {
        let f = request.form
        func pct(_ name: String) -> Percentage { Percentage(parsing: f[name]) ?? Percentage(basisPoints: -1) }
        let group = ExamGroup(id: id, code: f["code"], name: f["name"], band: Int(f["band"]) ?? 0, ambSecond: pct("ambSecond"), ambThird: pct("ambThird"),
                              cbhpmSecond: pct("cbhpmSecond"), cbhpmThird: pct("cbhpmThird"), codeRanges: parseRanges(f["codeRanges"]),
                              active: id == nil || f["active"] == "true")
        let saved = try await request.store.examGroups.save(group, by: request.actor)
        return request.redirect(.examGroup(saved.id ?? 0), notice: .saved)
    }

    static func form(_ request: PageRequest, group g: ExamGroup, action: String, refusal: FormRefusal? = nil) async throws -> Response {
        var fields = [
            FormField(name: "name", label: "Nome do grupo", value: g.name, required: true),
            FormField(name: "code", label: "Código", value: g.code, required: true, hint: "Curto, sem acentos (ex.: tomografia)."),
            FormField(name: "band", label: "Faixa de incidência", kind: .number, value: String(g.band), required: true,
                      hint: "Grupos da mesma faixa no mesmo dia contam as incidências juntos; o contrato fixa percentuais por faixa."),
            FormField(name: "ambSecond", label: "AMB: 2ª incidência (%)", value: g.ambSecond.formValue),
            FormField(name: "ambThird", label: "AMB: 3ª e demais (%)", value: g.ambThird.formValue),
            FormField(name: "cbhpmSecond", label: "CBHPM: 2ª incidência (%)", value: g.cbhpmSecond.formValue),
            FormField(name: "cbhpmThird", label: "CBHPM: 3ª e demais (%)", value: g.cbhpmThird.formValue),
            FormField(name: "codeRanges", label: "Códigos e faixas de códigos", value: ranges(g.codeRanges), required: true,
                      hint: "Separados por vírgula; faixa com hífen: 41000000-41099999, 41234567."),
        ]
        if g.id != nil { fields.append(FormField(name: "active", label: "Ativo", kind: .checkbox, value: g.active ? "true" : "false")) }
        let title = g.id == nil ? "Novo grupo de exames" : "Grupo: \(g.name)"
        return try await request.render("registry_form", title: title, section: "contracts", RegistryFormModel(
            heading: title, action: action, fields: fields.refused(refusal, typed: request.form).map(\.context), cancelHref: SiteURL.examGroups.path,
            refusal: refusal.map { RefusalModel($0, reload: action) }), status: refusal?.status ?? .ok)
    }
}

/// `exam_groups.mustache`.
struct ExamGroupsModel: Sendable {
    struct Group: Sendable {
        let href: String
        let name: String
        let band: Int
        let amb: String
        let cbhpm: String
        let codes: String
        let active: Bool
    }

    let groups: [Group]
    let canManage: Bool
}
