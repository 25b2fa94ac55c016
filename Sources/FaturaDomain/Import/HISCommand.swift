/// An HIS document parsed once at the edge: the same encounters, patients, partials and items with
/// their dates, kinds and tables as typed values and their texts trimmed, so ingestion never reads
/// a string again. Made only from a document that passed `HISDocument.validate()`.
public struct HISCommand: Sendable, Equatable {
    public struct Encounter: Sendable, Equatable {
        public var externalId: String
        /// Digits only.
        public var companyCnpj: String
        public var payerAnsRegistry: String?
        public var payerName: String?
        public var type: EncounterType
        public var originSector: String?
        public var startedAt: LocalDateTime
        public var authorizationNumber: String?
        public var authorizationPassword: String?
        public var requestingProfessional: String?
        public var patient: Patient
        public var partials: [Partial]
    }

    public struct Patient: Sendable, Equatable {
        public var externalId: String
        public var name: String
        public var birthDate: CalendarDay?
        /// Digits only.
        public var cpf: String?
        public var cardNumber: String?
        public var cardValidUntil: CalendarDay?
        public var medicalRecordNumber: String?
    }

    public struct Partial: Sendable, Equatable {
        public var externalId: String
        /// The account it belongs to: the encounter's own id when the HIS omitted it.
        public var accountExternalId: String
        public var periodStart: CalendarDay
        public var periodEnd: CalendarDay
        public var items: [Item]
    }

    public struct Item: Sendable, Equatable {
        public var externalId: String
        public var kind: ChargeItemKind
        public var table: PriceTableKind
        public var code: String
        public var description: String
        public var performedAt: LocalDateTime
        public var quantity: Quantity
        public var executingProfessional: String?
    }

    public var encounters: [Encounter]
}

extension HISDocument {
    /// The document as a command, or `validation` with every problem by its place.
    public func command() throws -> HISCommand {
        let problems = validate()
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        var encounters: [HISCommand.Encounter] = []
        for (e, encounter) in self.encounters.enumerated() {
            let at = "encounters[\(e)]"
            // `validate` has checked each of these; a value it let through and that does not parse is
            // still refused by its place rather than becoming a default.
            func refuse(_ field: String) -> FaturaError { .validation([FieldError("\(at).\(field)", "Valor inválido.")]) }
            guard let type = EncounterType(rawValue: encounter.type) else { throw refuse("type") }
            guard let startedAt = LocalDateTime(iso: encounter.startedAt) else { throw refuse("startedAt") }
            let p = encounter.patient
            let patient = HISCommand.Patient(
                externalId: p.externalId, name: p.name.trimmingSpaces(), birthDate: try Self.day(p.birthDate, or: refuse("patient.birthDate")),
                cpf: p.cpf?.digitsOnly.nilIfEmpty, cardNumber: p.cardNumber?.trimmingSpaces().nilIfEmpty,
                cardValidUntil: try Self.day(p.cardValidUntil, or: refuse("patient.cardValidUntil")),
                medicalRecordNumber: p.medicalRecordNumber?.trimmingSpaces().nilIfEmpty)
            var partials: [HISCommand.Partial] = []
            for (pIndex, partial) in encounter.partials.enumerated() {
                guard let start = CalendarDay(iso: partial.periodStart) else { throw refuse("partials[\(pIndex)].periodStart") }
                guard let end = CalendarDay(iso: partial.periodEnd) else { throw refuse("partials[\(pIndex)].periodEnd") }
                var items: [HISCommand.Item] = []
                for (i, item) in partial.items.enumerated() {
                    guard let kind = ChargeItemKind(rawValue: item.kind), let table = PriceTableKind(rawValue: item.table),
                          let performedAt = LocalDateTime(iso: item.performedAt) else { throw refuse("partials[\(pIndex)].items[\(i)]") }
                    items.append(HISCommand.Item(externalId: item.externalId, kind: kind, table: table, code: item.code.trimmingSpaces(),
                                                 description: item.description.trimmingSpaces(), performedAt: performedAt, quantity: item.quantity,
                                                 executingProfessional: item.executingProfessional?.trimmingSpaces().nilIfEmpty))
                }
                partials.append(HISCommand.Partial(externalId: partial.externalId, accountExternalId: partial.accountExternalId ?? encounter.externalId,
                                                   periodStart: start, periodEnd: end, items: items))
            }
            encounters.append(HISCommand.Encounter(
                externalId: encounter.externalId, companyCnpj: encounter.companyCnpj.digitsOnly,
                payerAnsRegistry: encounter.payerAnsRegistry?.trimmingSpaces().nilIfEmpty, payerName: encounter.payerName?.trimmingSpaces().nilIfEmpty,
                type: type, originSector: encounter.originSector?.nilIfEmpty, startedAt: startedAt,
                authorizationNumber: encounter.authorizationNumber?.nilIfEmpty, authorizationPassword: encounter.authorizationPassword?.nilIfEmpty,
                requestingProfessional: encounter.requestingProfessional?.nilIfEmpty, patient: patient, partials: partials))
        }
        return HISCommand(encounters: encounters)
    }

    static func day(_ text: String?, or refusal: @autoclosure () -> FaturaError) throws -> CalendarDay? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CalendarDay(iso: text) else { throw refusal() }
        return day
    }
}
