import FaturaDomain
import FaturaStore

/// Takes an HIS document in one transaction: every problem is listed and nothing is saved, or
/// everything is. Sending the same document again changes nothing (the HIS ids are the keys);
/// an item that changed replaces the old one while its partial is in draft and is refused once
/// the partial is closed. New and changed items are priced on arrival.
public struct HISIngestionService: BillingService {
    let context: ServiceContext

    public struct Report: Sendable, Equatable, Codable {
        public var encountersCreated = 0
        public var encountersUpdated = 0
        public var partialsCreated = 0
        public var itemsCreated = 0
        public var itemsUpdated = 0
        public var itemsUnchanged = 0
        /// Lines billing corrected or removed that the HIS sent with other values: billing's
        /// version stays, and each is listed (`conflicts`) and shown on its partial's page.
        public var itemsKeptByBilling = 0
        public var conflicts: [String] = []
        /// Every partial the document named and its id, for the integrator's next calls.
        public var partials: [PartialReference] = []
        public var itemsPriced = 0
        public var itemsUnpriced = 0
        public init() {}

        /// Only items that arrived exactly as stored: nothing to audit.
        var changedNothing: Bool {
            var unchanged = Report()
            unchanged.itemsUnchanged = itemsUnchanged
            unchanged.partials = partials
            return self == unchanged
        }
    }

    public struct PartialReference: Sendable, Equatable, Codable {
        public let externalId: String
        public let id: Int
    }

    public func ingest(_ document: HISDocument, by actor: AuditActor) async throws -> Report {
        // Parsed once, here at the edge: below, dates, kinds and tables are typed values.
        let command = try document.command()
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            var run = Ingestion(tx: tx, now: now, actor: actor, refs: try await HISRepository.references(on: tx))
            run.checkReferences(command)
            var toPrice: [PriceRepository.Target] = []
            for (e, encounter) in command.encounters.enumerated() {
                toPrice += try await run.encounter(encounter, at: "encounters[\(e)]")
            }
            if !run.errors.isEmpty { throw FaturaError.validation(run.errors) }
            let priced = try await PricingService.price(toPrice, at: now, on: tx)
            run.report.itemsPriced = priced.priced
            run.report.itemsUnpriced = priced.unpriced
            if !run.report.changedNothing {
                try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "his_document", entityId: nil, after: run.report,
                                          detail: "\(document.encounters.count) atendimento(s)")
            }
            return run.report
        }
    }
}

/// One document's ingestion inside its transaction: the decisions, with the rows read and written
/// through `HISRepository` and `ChargeItemRepository`.
struct Ingestion {
    let tx: Transaction
    let now: String
    let actor: AuditActor
    let refs: HISRepository.References
    var errors: [FieldError] = []
    var report = HISIngestionService.Report()

    init(tx: Transaction, now: String, actor: AuditActor, refs: HISRepository.References) {
        self.tx = tx
        self.now = now
        self.actor = actor
        self.refs = refs
    }

    static let patientLabels = ["name": "nome", "birth_date": "nascimento", "cpf": "CPF", "card_number": "carteirinha",
                                "card_valid_until": "validade da carteirinha", "medical_record_number": "prontuário"]
    static let encounterLabels = ["type": "tipo", "authorization_number": "autorização", "authorization_password": "senha",
                                  "requesting_professional": "solicitante", "started_at": "início", "company_id": "coligada",
                                  "patient_id": "paciente", "payer_id": "convênio", "origin_sector_id": "setor de origem"]

    /// What was stored and what arrives differ in these columns (sorted, for the message).
    static func changedColumns(_ stored: HISRepository.Fields, _ incoming: HISRepository.Fields) -> [String] {
        Set(stored.keys).union(incoming.keys).filter { stored[$0] != incoming[$0] }.sorted()
    }

    /// What its claim carries is frozen once a partial is closed: the change is refused, fields named.
    static func frozen(_ place: String, _ subject: String, _ changed: [String], labels: [String: String]) -> FieldError {
        FieldError(place, "\(subject) tem parcial encerrada: \(changed.map { labels[$0] ?? $0 }.joined(separator: ", ")) não pode(m) mudar. Reabra a parcial para corrigir.")
    }

    /// The change the HIS made, with before and after of the columns that changed.
    func audit(_ entity: String, _ id: Int, _ stored: HISRepository.Fields, _ incoming: HISRepository.Fields, _ changed: [String]) async throws {
        try await AuditLog.record(on: tx, actor: actor, action: .update, entity: entity, entityId: String(id),
                                  before: stored.filter { changed.contains($0.key) }, after: incoming.filter { changed.contains($0.key) },
                                  detail: "HIS")
    }

    /// An error for each company, payer and sector the document names that is not registered.
    mutating func checkReferences(_ command: HISCommand) {
        for (e, encounter) in command.encounters.enumerated() {
            if refs.companies[encounter.companyCnpj] == nil {
                errors.append(FieldError("encounters[\(e)].companyCnpj", "Coligada não cadastrada ou inativa: \(encounter.companyCnpj)."))
            }
            if refs.payer(ans: encounter.payerAnsRegistry, name: encounter.payerName) == nil {
                errors.append(FieldError("encounters[\(e)].payerAnsRegistry",
                                         "Convênio não cadastrado ou inativo: \(encounter.payerAnsRegistry ?? encounter.payerName ?? "")."))
            }
            if let sector = encounter.originSector, refs.sectors[sector] == nil {
                errors.append(FieldError("encounters[\(e)].originSector", "Setor desconhecido: \(sector)."))
            }
        }
    }

    /// One encounter with its partials and items; returns the items to price.
    mutating func encounter(_ encounter: HISCommand.Encounter, at place: String) async throws -> [PriceRepository.Target] {
        guard let companyId = refs.companies[encounter.companyCnpj],
              let payerId = refs.payer(ans: encounter.payerAnsRegistry, name: encounter.payerName) else { return [] }
        let sectorId = refs.sectors[encounter.originSector ?? ""]
        guard let patientId = try await patient(encounter.patient, at: "\(place).patient"),
              let encounterId = try await upsertEncounter(encounter, companyId: companyId, payerId: payerId, patientId: patientId,
                                                          sectorId: sectorId, at: place)
        else { return [] }
        var toPrice: [PriceRepository.Target] = []
        for (p, input) in encounter.partials.enumerated() {
            let at = "\(place).partials[\(p)]"
            let accountId = try await HISRepository.account(externalId: input.accountExternalId, encounterId: encounterId, at: now, on: tx)
            let partial = try await partial(input, accountId: accountId, companyId: companyId, payerId: payerId, sectorId: sectorId)
            if partial.companyId != companyId || partial.payerId != payerId {
                errors.append(FieldError(at, "A parcial \(input.externalId) já existe com outra coligada ou outro convênio."))
                continue
            }
            if let id = partial.id?.rawValue, !report.partials.contains(where: { $0.id == id }) {
                report.partials.append(.init(externalId: partial.externalId, id: id))
            }
            for (i, itemInput) in input.items.enumerated() {
                switch try await item(itemInput, partial: partial) {
                case .created(let item):
                    report.itemsCreated += 1
                    toPrice.append(.init(item: item, payerId: payerId, companyId: companyId))
                case .updated(let item):
                    report.itemsUpdated += 1
                    toPrice.append(.init(item: item, payerId: payerId, companyId: companyId))
                case .unchanged:
                    report.itemsUnchanged += 1
                case .keptByBilling(let note):
                    report.itemsKeptByBilling += 1
                    report.conflicts.append(note)
                case .refused(let message):
                    errors.append(FieldError("\(at).items[\(i)]", message))
                }
            }
        }
        return toPrice
    }

    /// Creates the patient, or updates it when something changed and none of the patient's partials
    /// is closed (audited with before and after). Once one is closed, what its claim carries (name,
    /// CPF, card) is frozen like the items: a change is refused with the fields named.
    mutating func patient(_ input: HISCommand.Patient, at place: String) async throws -> Int? {
        let incoming: HISRepository.Fields = [
            "name": input.name, "birth_date": input.birthDate?.iso, "cpf": input.cpf, "card_number": input.cardNumber,
            "card_valid_until": input.cardValidUntil?.iso, "medical_record_number": input.medicalRecordNumber,
        ].compactMapValues { $0 }
        guard let (id, stored) = try await HISRepository.patient(externalId: input.externalId, on: tx) else {
            return try await HISRepository.insertPatient(externalId: input.externalId, incoming, at: now, on: tx)
        }
        let changed = Self.changedColumns(stored, incoming)
        if changed.isEmpty { return id }
        if try await HISRepository.hasPartialPastDraft(patientId: id, on: tx) {
            errors.append(Self.frozen(place, "O paciente \(input.externalId)", changed, labels: Self.patientLabels))
            return id
        }
        try await HISRepository.updatePatient(id, to: incoming, at: now, on: tx)
        try await audit("patient", id, stored, incoming, changed)
        return id
    }

    /// Creates the encounter, or updates it when something changed and none of its partials is
    /// closed (audited with before and after); a change to an encounter with a closed partial is refused.
    mutating func upsertEncounter(_ input: HISCommand.Encounter, companyId: Int, payerId: Int, patientId: Int, sectorId: Int?,
                                  at place: String) async throws -> Int? {
        let incoming: HISRepository.Fields = [
            "type": input.type.rawValue, "authorization_number": input.authorizationNumber, "authorization_password": input.authorizationPassword,
            "requesting_professional": input.requestingProfessional, "started_at": input.startedAt.iso,
            "company_id": String(companyId), "patient_id": String(patientId), "payer_id": String(payerId), "origin_sector_id": sectorId.map(String.init),
        ].compactMapValues { $0 }
        guard let (id, stored) = try await HISRepository.encounter(externalId: input.externalId, on: tx) else {
            report.encountersCreated += 1
            return try await HISRepository.insertEncounter(externalId: input.externalId, incoming, at: now, on: tx)
        }
        let changed = Self.changedColumns(stored, incoming)
        if changed.isEmpty { return id }
        if try await HISRepository.hasPartialPastDraft(encounterId: id, on: tx) {
            errors.append(Self.frozen(place, "O atendimento \(input.externalId)", changed, labels: Self.encounterLabels))
            return nil
        }
        try await HISRepository.updateEncounter(id, to: incoming, sectorChanged: changed.contains("origin_sector_id"), at: now, on: tx)
        try await audit("encounter", id, stored, incoming, changed)
        report.encountersUpdated += 1
        return id
    }

    /// The partial of the HIS's id; a new one starts as a draft. The period may grow while the
    /// partial is open; a closed partial keeps its own.
    mutating func partial(_ input: HISCommand.Partial, accountId: Int, companyId: Int, payerId: Int, sectorId: Int?) async throws -> PartialBill {
        let (start, end) = (input.periodStart, input.periodEnd)
        if var partial = try await HISRepository.partial(externalId: input.externalId, on: tx) {
            if partial.status.allows(.items), partial.periodStart != start || partial.periodEnd != end {
                try await HISRepository.setPeriod(of: partial, start: start, end: end, at: now, on: tx)
                partial.version += 1
            }
            return partial
        }
        report.partialsCreated += 1
        return try await HISRepository.insertPartial(
            PartialBill(externalId: input.externalId, accountId: accountId, companyId: companyId, payerId: payerId, periodStart: start, periodEnd: end),
            sectorId: sectorId, at: now, on: tx)
    }

    enum ItemOutcome {
        case created(ChargeItem)
        case updated(ChargeItem)
        case unchanged
        /// Billing corrected or removed the line and the HIS sent other values: billing's stays.
        case keptByBilling(String)
        case refused(String)
    }

    func item(_ input: HISCommand.Item, partial: PartialBill) async throws -> ItemOutcome {
        let partialId = try partial.id.stored("partial_bills")
        var item = ChargeItem(externalId: input.externalId, partialId: partialId, kind: input.kind, priceTable: input.table, code: input.code,
                              description: input.description, performedAt: input.performedAt, quantity: input.quantity,
                              executingProfessional: input.executingProfessional)
        guard let existing = try await ChargeItemRepository.item(externalId: input.externalId, on: tx), let existingId = existing.id else {
            // Not on the bill: new, or removed by billing (a removed line leaves charge_items, so only
            // an id the bill lacks is looked up among the removals). A removed line does not come back.
            if let removal = try await ItemCorrectionRepository.removal(externalId: input.externalId, on: tx) {
                if item.line.isSameSending(removal.hisLine ?? removal.line) { return .unchanged }
                let note = "Lançamento \(input.externalId) (parcial \(partial.externalId)), removido pelo faturamento, reenviado pelo HIS com "
                    + item.line.differences(from: removal.hisLine ?? removal.line).joined(separator: "; ") + ": continua removido."
                try await ItemCorrectionRepository.noteConflict(removal: removal.id, sent: item.line, note: note, on: tx)
                return .keptByBilling(note)
            }
            guard partial.status.allows(.items) else {
                return .refused("A parcial \(partial.externalId) está encerrada: não aceita novos lançamentos.")
            }
            item.id = try await ChargeItemRepository.insertSent(item, at: now, on: tx)
            return .created(item)
        }
        guard existing.partialId == partialId else {
            return .refused("O lançamento \(input.externalId) já pertence a outra parcial.")
        }
        // Lines the exam rule split off this item count towards the quantity the HIS sent.
        let splits = try await ChargeItemRepository.splits(of: existingId, on: tx)
        let storedQuantity = Quantity(tenThousandths: ([existing] + splits).map(\.quantity.tenThousandths).reduce(0, +))
        // Billing corrected this line: its version prevails. The HIS repeating what it sent before is
        // nothing new; other values are kept as the HIS's version and noted on the partial's page.
        if existing.correction != nil || existing.origin == .billing {
            let before = existing.hisLine ?? { var line = existing.line; line.quantity = storedQuantity; return line }()
            if item.line.isSameSending(before) { return .unchanged }
            var billing = existing.line
            billing.quantity = storedQuantity
            let note = "Lançamento \(input.externalId) (parcial \(partial.externalId)), corrigido pelo faturamento, reenviado pelo HIS com "
                + item.line.differences(from: billing).joined(separator: "; ") + ": vale a correção do faturamento."
            try await ItemCorrectionRepository.noteConflict(item: existingId, sent: item.line, note: note, at: now, on: tx)
            return .keptByBilling(note)
        }
        if existing.isSameAsSent(item, storedQuantity: storedQuantity) { return .unchanged }
        guard partial.status.allows(.items) else {
            return .refused("A parcial \(partial.externalId) está encerrada: o lançamento \(input.externalId) não pode ser alterado.")
        }
        // The item starts again whole; the exam rule will split it again if it must.
        if !splits.isEmpty { try await ChargeItemRepository.deleteSplits(of: existingId, on: tx) }
        item.id = existingId
        try await ChargeItemRepository.updateSent(item, at: now, on: tx)
        return .updated(item)
    }
}
