import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import OpenAPIRuntime

/// Contracts, price and value tables and exam groups for integrators: what the pages set up, with
/// the same roles, validations and audit.
extension APIHandler {
    func listContracts(_ input: Operations.ListContracts.Input) async throws -> Operations.ListContracts.Output {
        _ = try RequestIdentity.require(.viewContracts)
        let contracts = try await store.contracts.list(payerId: input.query.payerId, companyId: input.query.companyId)
        return .ok(.init(body: .json(contracts.map(Components.Schemas.Contract.init))))
    }

    func createContract(_ input: Operations.CreateContract.Input) async throws -> Operations.CreateContract.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let saved = try await store.contracts.create(try Self.contract(body), by: identity.actor)
        return .created(.init(body: .json(.init(saved))))
    }

    func getContract(_ input: Operations.GetContract.Input) async throws -> Operations.GetContract.Output {
        _ = try RequestIdentity.require(.viewContracts)
        return .ok(.init(body: .json(.init(try await store.contracts.get(ID(input.path.id))))))
    }

    func updateContract(_ input: Operations.UpdateContract.Input) async throws -> Operations.UpdateContract.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let saved = try await store.contracts.update(ID(input.path.id), with: try Self.contract(body), by: identity.actor)
        return .ok(.init(body: .json(.init(saved))))
    }

    func newContractVersion(_ input: Operations.NewContractVersion.Input) async throws -> Operations.NewContractVersion.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let day = try Self.day(body.validFrom, field: "validFrom")
        let copy = try await store.contracts.copyAsNewVersion(ID(input.path.id), validFrom: day, by: identity.actor)
        return .created(.init(body: .json(.init(copy))))
    }

    func compareContracts(_ input: Operations.CompareContracts.Input) async throws -> Operations.CompareContracts.Output {
        _ = try RequestIdentity.require(.viewContracts)
        let left = try await store.contracts.get(ID(input.query.a)), right = try await store.contracts.get(ID(input.query.b))
        let names = Dictionary(try await store.priceTables.all().map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        return .ok(.init(body: .json(.init(
            left: "\(left.name) — versão \(left.version)", right: "\(right.name) — versão \(right.version)",
            rows: ContractComparison.rows(left, right, tableNames: names).map { .init(field: $0.field, left: $0.left, right: $0.right, differs: $0.left != $0.right) }))))
    }

    func listPriceTables(_ input: Operations.ListPriceTables.Input) async throws -> Operations.ListPriceTables.Output {
        _ = try RequestIdentity.require(.viewContracts)
        return .ok(.init(body: .json(try await store.priceTables.all().map(Components.Schemas.PriceTable.init))))
    }

    func createPriceTable(_ input: Operations.CreatePriceTable.Input) async throws -> Operations.CreatePriceTable.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        let kind = PriceTableKind(rawValue: body.kind.rawValue) ?? .own
        let saved = try await store.priceTables.create(PriceTable(kind: kind, name: body.name, edition: body.edition), by: identity.actor)
        return .created(.init(body: .json(.init(saved))))
    }

    func listPriceTableRows(_ input: Operations.ListPriceTableRows.Input) async throws -> Operations.ListPriceTableRows.Output {
        _ = try RequestIdentity.require(.viewContracts)
        let table = try await store.priceTables.get(input.path.id)
        let page = try await store.tableQueries.entries(of: table, code: input.query.code, page: input.query.page ?? 1,
                                                         perPage: min(max(1, input.query.perPage ?? 50), 200))
        return .ok(.init(body: .json(.init(
            items: page.items.map { e in
                .init(code: e.code, description: e.description, porte: e.procedure?.porte?.description,
                      uco: e.procedure.map { $0.uco.description }, ch: e.procedure.map { $0.ch.description }, film: e.procedure.map { $0.film.description },
                      valueCents: e.priced?.value.cents, validFrom: e.priced?.validFrom.iso, validTo: e.priced?.validTo?.iso)
            },
            page: page.page, perPage: page.perPage, total: page.total))))
    }

    func uploadPriceTableRows(_ input: Operations.UploadPriceTableRows.Input) async throws -> Operations.UploadPriceTableRows.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .csv(let body) = input.body else { throw FaturaError.badRequest("Corpo text/csv esperado.") }
        let table = try await store.priceTables.get(input.path.id)
        let source = TextLines(bytes: try await Self.bytes(body))
        let summary = table.isProcedureTable
            ? try await store.importer.importProcedures(into: table, from: source, by: identity.actor)
            : try await store.importer.importValues(into: table, from: source, by: identity.actor)
        return .ok(.init(body: .json(.init(rows: summary.rows, encoding: summary.encoding == .windows1252 ? .windows1252 : .utf8))))
    }

    func uploadValueTable(_ input: Operations.UploadValueTable.Input) async throws -> Operations.UploadValueTable.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .csv(let body) = input.body else { throw FaturaError.badRequest("Corpo text/csv esperado.") }
        let from = try Self.day(input.query.validFrom, field: "validFrom")
        let to = try input.query.validTo.map { try Self.day($0, field: "validTo") }
        let source = TextLines(bytes: try await Self.bytes(body))
        let table = try await TableImporter.readValueTable(series: input.query.series.trimmingSpaces(), validFrom: from, validTo: to, from: source)
        _ = try await store.valueTables.save(table, by: identity.actor)
        let rows = table.porteValues.count + [table.ucoValue, table.chValue, table.filmValue].compactMap { $0 }.count
        return .ok(.init(body: .json(.init(rows: rows, encoding: source.encoding == .windows1252 ? .windows1252 : .utf8))))
    }

    func listExamGroups(_ input: Operations.ListExamGroups.Input) async throws -> Operations.ListExamGroups.Output {
        _ = try RequestIdentity.require(.viewContracts)
        return .ok(.init(body: .json(try await store.examGroups.list(includeInactive: true).map(Components.Schemas.ExamGroup.init))))
    }

    func createExamGroup(_ input: Operations.CreateExamGroup.Input) async throws -> Operations.CreateExamGroup.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        return .created(.init(body: .json(.init(try await store.examGroups.save(Self.group(body, id: nil), by: identity.actor)))))
    }

    func updateExamGroup(_ input: Operations.UpdateExamGroup.Input) async throws -> Operations.UpdateExamGroup.Output {
        let identity = try RequestIdentity.require(.manageContracts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        _ = try await store.examGroups.get(input.path.id)
        return .ok(.init(body: .json(.init(try await store.examGroups.save(Self.group(body, id: input.path.id), by: identity.actor)))))
    }

    // MARK: - Reading bodies

    /// The upload, at most the import limit (the body limit middleware has already refused more).
    static func bytes(_ body: HTTPBody) async throws -> [UInt8] {
        Array(try await ArraySlice(collecting: body, upTo: 64 * 1024 * 1024))
    }

    static func day(_ text: String, field: String) throws -> CalendarDay {
        guard let day = CalendarDay(iso: text), InputLimits.isPlausible(day) else {
            throw FaturaError.validation([FieldError(field, "Data inválida: \(text.prefix(20)) (aaaa-mm-dd).")])
        }
        return day
    }

    /// The contract of the body; unreadable values named at once (the store validates the rest).
    static func contract(_ b: Components.Schemas.ContractInput) throws -> Contract {
        var errors = FieldErrors()
        func rate(_ text: String?, _ field: String) -> Rate? {
            guard let text else { return nil }
            guard let value = Rate(parsing: text), value >= .zero else { errors.add(field, "Valor inválido: \(text.prefix(20)) (ex.: 24,24)."); return nil }
            return value
        }
        let from = CalendarDay(iso: b.validFrom)
        if from == nil { errors.add("validFrom", "Data inválida: \(b.validFrom.prefix(20)) (aaaa-mm-dd).") }
        let to = b.validTo.map { CalendarDay(iso: $0) }
        if let to, to == nil { errors.add("validTo", "Data inválida: \(b.validTo?.prefix(20) ?? "") (aaaa-mm-dd).") }
        let contract = Contract(
            payerId: b.payerId, companyId: b.companyId, name: b.name.trimmingSpaces(), validFrom: from ?? CalendarDay(daysSinceEpoch: 0),
            validTo: to ?? nil, procedureTable: PriceTableKind(rawValue: b.procedureTable.rawValue) ?? .cbhpm, procedureTableId: b.procedureTableId,
            valueSeries: b.valueSeries, porteAdjustment: Percentage(basisPoints: b.porteAdjustmentBasisPoints ?? 0),
            ucoValue: rate(b.ucoValue, "ucoValue"), chValue: rate(b.chValue, "chValue"), filmValue: rate(b.filmValue, "filmValue"),
            urgencySurcharge: b.urgencySurcharge ?? false, drugPercentage: Percentage(basisPoints: b.drugPercentageBasisPoints ?? 0),
            materialPercentage: Percentage(basisPoints: b.materialPercentageBasisPoints ?? 0), ownTableId: b.ownTableId,
            drugTableId: b.drugTableId, materialTableId: b.materialTableId,
            bands: (b.bands ?? []).map { ContractBand(band: $0.band, second: Percentage(basisPoints: $0.secondBasisPoints),
                                                      third: $0.thirdBasisPoints.map(Percentage.init(basisPoints:))) },
            notes: b.notes)
        if !errors.all.isEmpty { throw FaturaError.validation(errors.all) }
        return contract
    }

    static func group(_ b: Components.Schemas.ExamGroupInput, id: Int?) -> ExamGroup {
        ExamGroup(id: id, code: b.code, name: b.name, band: b.band, ambSecond: Percentage(basisPoints: b.ambSecondBasisPoints),
                  ambThird: Percentage(basisPoints: b.ambThirdBasisPoints), cbhpmSecond: Percentage(basisPoints: b.cbhpmSecondBasisPoints),
                  cbhpmThird: Percentage(basisPoints: b.cbhpmThirdBasisPoints), codeRanges: b.codeRanges.map { CodeRange(from: $0.from, to: $0.to) },
                  active: b.active ?? true)
    }
}

extension Components.Schemas.Contract {
    init(_ c: Contract) {
        self.init(id: c.id?.rawValue ?? 0, version: c.version, previousId: c.previousId?.rawValue, name: c.name, payerId: c.payerId,
                  companyId: c.companyId, validFrom: c.validFrom.iso, validTo: c.validTo?.iso,
                  procedureTable: .init(rawValue: c.procedureTable.rawValue) ?? .cbhpm, procedureTableId: c.procedureTableId,
                  valueSeries: c.valueSeries, porteAdjustmentBasisPoints: c.porteAdjustment.basisPoints, ucoValue: c.ucoValue?.description,
                  chValue: c.chValue?.description, filmValue: c.filmValue?.description, urgencySurcharge: c.urgencySurcharge,
                  drugPercentageBasisPoints: c.drugPercentage.basisPoints, materialPercentageBasisPoints: c.materialPercentage.basisPoints,
                  ownTableId: c.ownTableId, drugTableId: c.drugTableId, materialTableId: c.materialTableId,
                  bands: c.bands.map { .init(band: $0.band, secondBasisPoints: $0.second.basisPoints, thirdBasisPoints: $0.third?.basisPoints) },
                  notes: c.notes, active: c.active)
    }
}

extension Components.Schemas.PriceTable {
    init(_ t: PriceTable) {
        self.init(id: t.id ?? 0, kind: .init(rawValue: t.kind.rawValue) ?? .own, name: t.name, edition: t.edition, active: t.active)
    }
}

extension Components.Schemas.ExamGroup {
    init(_ g: ExamGroup) {
        self.init(id: g.id ?? 0, code: g.code, name: g.name, band: g.band, ambSecondBasisPoints: g.ambSecond.basisPoints,
                  ambThirdBasisPoints: g.ambThird.basisPoints, cbhpmSecondBasisPoints: g.cbhpmSecond.basisPoints,
                  cbhpmThirdBasisPoints: g.cbhpmThird.basisPoints, codeRanges: g.codeRanges.map { .init(from: $0.from, to: $0.to) }, active: g.active)
    }
}
