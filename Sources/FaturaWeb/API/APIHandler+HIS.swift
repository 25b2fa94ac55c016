import FaturaBilling
import FaturaDomain
import FaturaStore

extension APIHandler {
    func ingestEncounters(_ input: Operations.IngestEncounters.Input) async throws -> Operations.IngestEncounters.Output {
        let identity = try RequestIdentity.require(.editAccounts)
        guard case .json(let body) = input.body else { throw FaturaError.badRequest("Corpo JSON esperado.") }
        var errors: [FieldError] = []
        let document = HISDocument(body, errors: &errors)
        if !errors.isEmpty { throw FaturaError.validation(errors + document.validate()) }
        let report = try await billing.his.ingest(document, by: identity.actor)
        return .ok(.init(body: .json(.init(
            encountersCreated: report.encountersCreated, encountersUpdated: report.encountersUpdated, partialsCreated: report.partialsCreated,
            itemsCreated: report.itemsCreated, itemsUpdated: report.itemsUpdated, itemsUnchanged: report.itemsUnchanged,
            partials: report.partials.map { .init(externalId: $0.externalId, id: $0.id) },
            itemsKeptByBilling: report.itemsKeptByBilling, conflicts: report.conflicts,
            itemsPriced: report.itemsPriced, itemsUnpriced: report.itemsUnpriced))))
    }
}

extension HISDocument {
    /// The API's DTO as the domain document; unreadable quantities are reported by place.
    init(_ dto: Components.Schemas.HISDocument, errors: inout [FieldError]) {
        var encounters: [HISEncounter] = []
        for (e, enc) in dto.encounters.enumerated() {
            var partials: [HISPartial] = []
            for (p, partial) in enc.partials.enumerated() {
                var items: [HISItem] = []
                for (i, item) in partial.items.enumerated() {
                    let quantity = Quantity(parsing: item.quantity)
                    if quantity == nil {
                        errors.append(FieldError("encounters[\(e)].partials[\(p)].items[\(i)].quantity", "Quantidade inválida: '\(item.quantity)'."))
                    }
                    items.append(HISItem(externalId: item.externalId, kind: item.kind.rawValue, table: item.table.rawValue, code: item.code,
                                         description: item.description, performedAt: item.performedAt, quantity: quantity ?? .one,
                                         executingProfessional: item.executingProfessional))
                }
                partials.append(HISPartial(externalId: partial.externalId, accountExternalId: partial.accountExternalId,
                                           periodStart: partial.periodStart, periodEnd: partial.periodEnd, items: items))
            }
            let patient = enc.patient
            encounters.append(HISEncounter(
                externalId: enc.externalId, companyCnpj: enc.companyCnpj, payerAnsRegistry: enc.payerAnsRegistry, payerName: enc.payerName,
                type: enc._type.rawValue, originSector: enc.originSector, startedAt: enc.startedAt, authorizationNumber: enc.authorizationNumber,
                authorizationPassword: enc.authorizationPassword, requestingProfessional: enc.requestingProfessional,
                patient: HISPatient(externalId: patient.externalId, name: patient.name, birthDate: patient.birthDate, cpf: patient.cpf,
                                    cardNumber: patient.cardNumber, cardValidUntil: patient.cardValidUntil,
                                    medicalRecordNumber: patient.medicalRecordNumber),
                partials: partials))
        }
        self.init(encounters: encounters)
    }
}
