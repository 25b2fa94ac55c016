import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// Contratos: list by payer, create, edit, copy as a new version and compare two versions.
enum ContractPages {
    static let routes = [
        PageRoute(.get, "/contracts", .viewContracts) { try await list($0) },
        PageRoute(.get, "/contracts/new", .manageContracts) { request in
            let blank = Contract(payerId: 0, companyId: request.session.companyId ?? 0, name: "", validFrom: request.today)
            return try await form(request, contract: blank, action: SiteURL.contracts.path, title: "Novo contrato")
        },
        PageRoute(.post, "/contracts", .manageContracts) { request in
            let saved = try await request.store.contracts.create(try await read(request.form, request: request), by: request.actor)
            return request.redirect(.contract(saved.id?.rawValue ?? 0), notice: .created)
        }.redisplaying { request, refusal in
            let blank = Contract(payerId: 0, companyId: request.session.companyId ?? 0, name: "", validFrom: request.today)
            return try await form(request, contract: blank, action: SiteURL.contracts.path, title: "Novo contrato", refusal: refusal)
        },
        PageRoute(.get, "/contracts/compare", .viewContracts) { try await compare($0) },
        PageRoute(.get, "/contracts/:id", .viewContracts) { request in
            let contract = try await request.store.contracts.get(ID(try request.id()))
            return try await form(request, contract: contract, action: SiteURL.contract(contract.id?.rawValue ?? 0).path, title: "Contrato: \(contract.name)")
        },
        PageRoute(.post, "/contracts/:id", .manageContracts) { request in
            let id = try request.id()
            _ = try await request.store.contracts.update(ID(id), with: try await read(request.form, request: request), by: request.actor)
            return request.redirect(.contract(id), notice: .saved)
        }.redisplaying { request, refusal in
            let stored = try await request.store.contracts.get(ID(try request.id()))
            return try await form(request, contract: stored, action: SiteURL.contract(try request.id()).path, title: "Contrato: \(stored.name)",
                                  refusal: refusal)
        },
        PageRoute(.post, "/contracts/:id/new-version", .manageContracts) { request in
            let id = try request.id()
            guard let text = request.form.optional("validFrom") else {
                throw FaturaError.validation([FieldError("newFrom", "Informe o início da nova versão (dd/mm/aaaa).")])
            }
            guard let day = CalendarDay(typed: text) else {
                throw FaturaError.validation([FieldError("newFrom", "Data inválida: \(text) (dd/mm/aaaa).")])
            }
            let copy = try await request.store.contracts.copyAsNewVersion(ID(id), validFrom: day, by: request.actor)
            return request.redirect(.contract(copy.id?.rawValue ?? 0), notice: .created)
        }.redisplaying { request, refusal in
            // The contract's own form as stored; the refusal sits beside the new version's date.
            let stored = try await request.store.contracts.get(ID(try request.id()))
            return try await form(request, contract: stored, action: SiteURL.contract(try request.id()).path, title: "Contrato: \(stored.name)",
                                  newVersionRefusal: refusal)
        },
    ]

    static func list(_ request: PageRequest) async throws -> Response {
        let payers = try await request.store.payers.all()
        let companies = try await request.store.companies.all()
        let payerId = request.queryInt("convenio")
        let contracts = try await request.store.contracts.list(payerId: payerId, companyId: request.session.companyId)
        let names = Dictionary(uniqueKeysWithValues: payers.map { ($0.id ?? 0, $0.name) })
        let companyNames = Dictionary(uniqueKeysWithValues: companies.map { ($0.id ?? 0, $0.name) })
        let today = request.today
        return try await request.render("contracts", title: "Contratos", section: "contracts", ContractListModel(
            rows: contracts.map { c in
                .init(href: SiteURL.contract(c.id?.rawValue ?? 0).path, name: c.name, payer: names[c.payerId] ?? "", company: companyNames[c.companyId] ?? "",
                      version: c.version, validity: validity(c), table: c.procedureTable.label,
                      adjustment: BrazilianFormat.percentage(c.porteAdjustment), current: c.isValid(on: today), compareHref: compareHref(c))
            },
            empty: contracts.isEmpty, payers: OptionModel.list(payers.map { ($0.id ?? 0, $0.name) }, selected: payerId),
            canManage: request.identity.may(.manageContracts)))
    }

    /// The comparison with the version it was copied from; empty for a first version.
    static func compareHref(_ c: Contract) -> String {
        c.previousId.map { SiteURL.contractCompare($0.rawValue, c.id?.rawValue ?? 0).path } ?? ""
    }

    static func validity(_ c: Contract) -> String {
        BrazilianFormat.date(c.validFrom) + (c.validTo.map { " a " + BrazilianFormat.date($0) } ?? " em diante")
    }

    /// The contract's form; after a refusal, with what was typed and each message beside its field
    /// (`refusal`), or with the new version's date refused (`newVersionRefusal`).
    static func form(_ request: PageRequest, contract c: Contract, action: String, title: String, refusal: FormRefusal? = nil,
                     newVersionRefusal: FormRefusal? = nil) async throws -> Response {
        let fields = try await fields(request, c)
        let reload = c.id.map { SiteURL.contract($0.rawValue).path } ?? SiteURL.contracts.path + "/new"
        return try await request.render("contract_form", title: title, section: "contracts", ContractFormModel(
            heading: title, action: action, fields: fields.refused(refusal, typed: request.form).map(\.context),
            refusal: refusal.map { RefusalModel($0, reload: reload) },
            canManage: request.identity.may(.manageContracts), existing: c.id != nil, id: c.id?.rawValue ?? 0,
            version: c.version, nextVersion: c.version + 1, compareHref: compareHref(c),
            newFrom: newVersionRefusal == nil ? "" : request.form["validFrom"],
            newFromError: newVersionRefusal?.fieldErrors.first?.message ?? newVersionRefusal?.message),
            status: (refusal ?? newVersionRefusal)?.status ?? .ok)
    }

    /// Every field of a contract version, as its form (and a proposal's terms) shows them.
    static func fields(_ request: PageRequest, _ c: Contract) async throws -> [FormField] {
        let store = request.store
        let payers = try await store.payers.all(active: true)
        let companies = try await store.companies.all(active: true)
        let tables = try await store.priceTables.all(active: true)
        let series = try await store.valueTables.seriesNames()
        let groups = try await store.examGroups.list()
        func tableOptions(_ kinds: [PriceTableKind]) -> [(value: String, label: String)] {
            [("", "—")] + tables.filter { kinds.contains($0.kind) }.map { (String($0.id ?? 0), "\($0.name) (\($0.kind.label))") }
        }
        func rate(_ r: Rate?) -> String { r.map { $0.description } ?? "" }
        var fields = [
            FormField(name: "name", label: "Nome do contrato", value: c.name, required: true),
            FormField(name: "payerId", label: "Convênio", kind: .select, value: String(c.payerId),
                      options: [("", "—")] + payers.map { (String($0.id ?? 0), $0.name) }, required: true),
            FormField(name: "companyId", label: "Coligada", kind: .select, value: String(c.companyId),
                      options: companies.map { (String($0.id ?? 0), $0.name) }, required: true),
            FormField(name: "validFrom", label: "Início da vigência", value: BrazilianFormat.date(c.validFrom), required: true, hint: "dd/mm/aaaa"),
            FormField(name: "validTo", label: "Fim da vigência", value: c.validTo.map(BrazilianFormat.date) ?? "", hint: "Vazio: sem data de fim."),
            FormField(name: "procedureTable", label: "Procedimentos pela", kind: .select, value: c.procedureTable.rawValue,
                      options: [("cbhpm", "CBHPM (porte + UCO + filme)"), ("amb", "AMB (CH + filme)"), ("sigtap", "SIGTAP — SUS (valor da competência)"),
                                ("own", "Tabela própria do hospital — Particular (valor por código)")], required: true),
            FormField(name: "procedureTableId", label: "Tabela de procedimentos", kind: .select,
                      value: c.procedureTableId.map(String.init) ?? "", options: tableOptions([.cbhpm, .amb, .sigtap, .own]), required: true,
                      hint: "Do mesmo tipo escolhido acima: uma edição CBHPM ou AMB, uma competência SIGTAP ou uma lista de preços própria."),
            FormField(name: "valueSeries", label: "Série de valores (portes, UCO, CH, filme)", kind: .select, value: c.valueSeries ?? "",
                      options: [("", "—")] + series.map { ($0, $0) }),
            FormField(name: "porteAdjustment", label: "Ajuste do porte (%)", value: c.porteAdjustment.formValue, hint: "Ex.: -20,00 para \"CBHPM −20%\"."),
            FormField(name: "ucoValue", label: "Valor da UCO (R$)", value: rate(c.ucoValue), hint: "Vazio: o da série de valores vigente."),
            FormField(name: "chValue", label: "Valor do CH (R$)", value: rate(c.chValue), hint: "Vazio: o da série de valores vigente."),
            FormField(name: "filmValue", label: "Valor do m² de filme (R$)", value: rate(c.filmValue), hint: "Vazio: o da série de valores vigente."),
            FormField(name: "urgencySurcharge", label: "Acréscimo de urgência (+30% no porte, 19h–7h, fins de semana e feriados)", kind: .checkbox,
                      value: c.urgencySurcharge ? "true" : "false"),
            FormField(name: "drugPercentage", label: "Medicamentos: % sobre o Brasíndice", value: c.drugPercentage.formValue),
            FormField(name: "materialPercentage", label: "Materiais: % sobre o Simpro", value: c.materialPercentage.formValue),
            FormField(name: "ownTableId", label: "Tabela própria / pacotes", kind: .select, value: c.ownTableId.map(String.init) ?? "", options: tableOptions([.own])),
            FormField(name: "drugTableId", label: "Tabela de medicamentos", kind: .select, value: c.drugTableId.map(String.init) ?? "", options: tableOptions([.drug])),
            FormField(name: "materialTableId", label: "Tabela de materiais", kind: .select, value: c.materialTableId.map(String.init) ?? "", options: tableOptions([.material])),
        ]
        for band in Set(groups.map(\.band)).sorted() {
            let names = groups.filter { $0.band == band }.map(\.name).joined(separator: ", ")
            let configured = c.bands.first { $0.band == band }
            fields.append(FormField(name: "band\(band)Second", label: "Faixa \(band) (\(names)): 2ª incidência (%)",
                                    value: configured.map { $0.second.formValue } ?? "", hint: "Vazio: percentuais padrão da tabela AMB/CBHPM."))
            fields.append(FormField(name: "band\(band)Third", label: "Faixa \(band) (\(names)): 3ª e demais (%)",
                                    value: configured?.third.map { $0.formValue } ?? ""))
        }
        fields.append(FormField(name: "notes", label: "Observações", value: c.notes ?? ""))
        return fields
    }

    /// The contract the form describes; unreadable numbers become validation errors naming the field.
    /// A proposal's terms keep the proposal's payer and company (`owner`: the form has no such fields).
    static func read(_ form: FormData, request: PageRequest, owner: (payerId: Int, companyId: Int)? = nil) async throws -> Contract {
        var errors: [FieldError] = []
        func day(_ name: String, required: Bool) -> CalendarDay? {
            guard let text = form.optional(name) else {
                if required { errors.append(FieldError(name, "Informe a data (dd/mm/aaaa).")) }
                return nil
            }
            guard let value = CalendarDay(typed: text) else { errors.append(FieldError(name, "Data inválida: \(text) (dd/mm/aaaa).")); return nil }
            return value
        }
        func percentage(_ name: String) -> Percentage? {
            guard let text = form.optional(name) else { return nil }
            guard let value = Percentage(parsing: text) else { errors.append(FieldError(name, "Percentual inválido: \(text).")); return nil }
            return value
        }
        func rate(_ name: String) -> Rate? {
            guard let text = form.optional(name) else { return nil }
            guard let value = Rate(parsing: text), value >= .zero else { errors.append(FieldError(name, "Valor inválido: \(text).")); return nil }
            return value
        }
        let groups = try await request.store.examGroups.list()
        var bands: [ContractBand] = []
        for band in Set(groups.map(\.band)).sorted() {
            if let second = percentage("band\(band)Second") {
                bands.append(ContractBand(band: band, second: second, third: percentage("band\(band)Third")))
            } else if form.optional("band\(band)Third") != nil {
                errors.append(FieldError("band\(band)Second", "Informe o percentual da 2ª incidência da faixa \(band)."))
            }
        }
        let contract = Contract(
            payerId: owner?.payerId ?? Int(form["payerId"]) ?? 0, companyId: owner?.companyId ?? Int(form["companyId"]) ?? 0, name: form["name"],
            validFrom: day("validFrom", required: true) ?? request.today, validTo: day("validTo", required: false),
            procedureTable: PriceTableKind(rawValue: form["procedureTable"]) ?? (form["cbhpm"] == "true" ? .cbhpm : .amb),
            procedureTableId: Int(form["procedureTableId"]),
            valueSeries: form.optional("valueSeries"), porteAdjustment: percentage("porteAdjustment") ?? Percentage(basisPoints: 0),
            ucoValue: rate("ucoValue"), chValue: rate("chValue"), filmValue: rate("filmValue"), urgencySurcharge: form["urgencySurcharge"] == "true",
            drugPercentage: percentage("drugPercentage") ?? Percentage(basisPoints: 0),
            materialPercentage: percentage("materialPercentage") ?? Percentage(basisPoints: 0),
            ownTableId: Int(form["ownTableId"]), drugTableId: Int(form["drugTableId"]), materialTableId: Int(form["materialTableId"]),
            bands: bands, notes: form.optional("notes"))
        if owner == nil, Int(form["payerId"]) == nil { errors.append(FieldError("payerId", "Escolha o convênio.")) }
        if !errors.isEmpty {
            var all = errors
            var normalized = contract
            normalized.normalize()
            all += normalized.validate().filter { e in !errors.contains { $0.field == e.field } }
            throw FaturaError.validation(all)
        }
        return contract
    }

    /// Two versions side by side, differences highlighted.
    static func compare(_ request: PageRequest) async throws -> Response {
        guard let a = request.queryInt("a"), let b = request.queryInt("b") else {
            let contracts = try await request.store.contracts.list(companyId: request.session.companyId)
            let choices = OptionModel.list(contracts.map { ($0.id?.rawValue ?? 0, "\($0.name) — versão \($0.version) (\(validity($0)))") }, selected: nil)
            return try await request.render("contract_compare", title: "Comparar versões", section: "contracts",
                                            ContractCompareModel(choose: true, choices: choices, hasChoices: !choices.isEmpty))
        }
        let left = try await request.store.contracts.get(ID(a)), right = try await request.store.contracts.get(ID(b))
        let tables = try await request.store.priceTables.all()
        let tableName = Dictionary(uniqueKeysWithValues: tables.map { ($0.id ?? 0, $0.name) })
        return try await request.render("contract_compare", title: "Comparar versões", section: "contracts", ContractCompareModel(
            leftTitle: "\(left.name) — versão \(left.version)", rightTitle: "\(right.name) — versão \(right.version)",
            rows: ContractComparison.rows(left, right, tableNames: tableName).map { .init(label: $0.field, left: $0.left, right: $0.right, diff: $0.left != $0.right) }))
    }
}
