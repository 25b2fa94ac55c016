import SQLKit
import FaturaDomain

/// Takes an HIS document in one transaction: every problem is listed and nothing is saved, or
/// everything is. Sending the same document again changes nothing (the HIS ids are the keys);
/// an item that changed replaces the old one while its partial is in draft and is refused once
/// the partial is closed. New and changed items are priced on arrival.
public struct HISIngestion: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Report: Sendable, Equatable, Codable {
        public var encountersCreated = 0
        public var encountersUpdated = 0
        public var partialsCreated = 0
        public var itemsCreated = 0
        public var itemsUpdated = 0
        public var itemsUnchanged = 0
        public var itemsPriced = 0
        public var itemsUnpriced = 0
        public init() {}
    }

    public func ingest(_ document: HISDocument, by actor: AuditActor) async throws -> Report {
        let structural = document.validate()
        if !structural.isEmpty { throw FaturaError.validation(structural) }
        return try await database.transaction { sql in
            let refs = try await References.resolve(document, on: sql)
            var report = Report()
            var toPrice: [PricingService.Target] = []
            var errors = refs.errors
            let now = Timestamp.now()
            for (e, encounter) in document.encounters.enumerated() {
                guard let companyId = refs.companies[encounter.companyCnpj.digitsOnly], let payerId = refs.payer(for: encounter) else { continue }
                guard let patientId = try await upsertPatient(encounter.patient, at: "encounters[\(e)].patient", now: now, actor: actor,
                                                              errors: &errors, on: sql),
                      let upserted = try await upsertEncounter(
                          encounter, companyId: companyId, payerId: payerId, patientId: patientId,
                          sectorId: refs.sectors[encounter.originSector ?? ""], at: "encounters[\(e)]", now: now, actor: actor,
                          errors: &errors, on: sql)
                else { continue }
                let (encounterId, created, updated) = upserted
                if created { report.encountersCreated += 1 } else if updated { report.encountersUpdated += 1 }
                for (p, partialInput) in encounter.partials.enumerated() {
                    let at = "encounters[\(e)].partials[\(p)]"
                    let accountId = try await upsertAccount(partialInput.accountExternalId ?? encounter.externalId, encounterId: encounterId, now: now, on: sql)
                    let partial = try await upsertPartial(partialInput, accountId: accountId, companyId: companyId, payerId: payerId,
                                                          sectorId: refs.sectors[encounter.originSector ?? ""], now: now, report: &report, on: sql)
                    if partial.companyId != companyId || partial.payerId != payerId {
                        errors.append(FieldError(at, "A parcial \(partialInput.externalId) já existe com outra coligada ou outro convênio."))
                        continue
                    }
                    for (i, itemInput) in partialInput.items.enumerated() {
                        switch try await upsertItem(itemInput, partial: partial, now: now, on: sql) {
                        case .created(let item):
                            report.itemsCreated += 1
                            toPrice.append(.init(item: item, payerId: payerId, companyId: companyId))
                        case .updated(let item):
                            report.itemsUpdated += 1
                            toPrice.append(.init(item: item, payerId: payerId, companyId: companyId))
                        case .unchanged:
                            report.itemsUnchanged += 1
                        case .refused(let message):
                            errors.append(FieldError("\(at).items[\(i)]", message))
                        }
                    }
                }
            }
            if !errors.isEmpty { throw FaturaError.validation(errors) }
            let priced = try await PricingService.price(toPrice, on: sql)
            report.itemsPriced = priced.priced
            report.itemsUnpriced = priced.unpriced
            if report != Report(itemsUnchanged: report.itemsUnchanged) {
                try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "his_document", entityId: nil, after: report,
                                          detail: "\(document.encounters.count) atendimento(s)")
            }
            return report
        }
    }

    /// Companies, payers and sectors the document names, with an error for each one not found.
    struct References {
        var companies: [String: Int] = [:]
        var payersByANS: [String: Int] = [:]
        var payersByName: [String: Int] = [:]
        var sectors: [String: Int] = [:]
        var errors: [FieldError] = []

        func payer(for encounter: HISEncounter) -> Int? {
            if let ans = encounter.payerAnsRegistry?.trimmingSpaces(), !ans.isEmpty { return payersByANS[ans] }
            return encounter.payerName.flatMap { payersByName[$0.trimmingSpaces().lowercased()] }
        }

        static func resolve(_ document: HISDocument, on sql: any SQLDatabase) async throws -> References {
            var refs = References()
            for row in try await sql.select().column("id").column("cnpj").from("companies").where("active", .equal, SQLBind(true)).all() {
                refs.companies[try row.decode(column: "cnpj", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            for row in try await sql.select().columns("id", "ans_registry", "name").from("payers").where("active", .equal, SQLBind(true)).all() {
                let id = try row.decode(column: "id", as: Int.self)
                if let ans = try row.decode(column: "ans_registry", as: String?.self) { refs.payersByANS[ans] = id }
                refs.payersByName[try row.decode(column: "name", as: String.self).lowercased()] = id
            }
            for row in try await sql.select().columns("id", "code").from("sectors").all() {
                refs.sectors[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            for (e, encounter) in document.encounters.enumerated() {
                if refs.companies[encounter.companyCnpj.digitsOnly] == nil {
                    refs.errors.append(FieldError("encounters[\(e)].companyCnpj", "Coligada não cadastrada ou inativa: \(encounter.companyCnpj)."))
                }
                if refs.payer(for: encounter) == nil {
                    refs.errors.append(FieldError("encounters[\(e)].payerAnsRegistry",
                                                  "Convênio não cadastrado ou inativo: \(encounter.payerAnsRegistry ?? encounter.payerName ?? "")."))
                }
                if let sector = encounter.originSector, !sector.isEmpty, refs.sectors[sector] == nil {
                    refs.errors.append(FieldError("encounters[\(e)].originSector", "Setor desconhecido: \(sector)."))
                }
            }
            return refs
        }
    }

    /// The fields of a patient or an encounter as they are stored, by column, for comparing and auditing.
    typealias Fields = [String: String]

    /// What was stored and what arrives differ in these columns (sorted, for the message).
    static func changedColumns(_ stored: Fields, _ incoming: Fields) -> [String] {
        Set(stored.keys).union(incoming.keys).filter { stored[$0] != incoming[$0] }.sorted()
    }

    /// Whether a partial of the encounter (or, with `patientId`, of any encounter of the patient) is
    /// past draft: what its claim carries is then frozen.
    static func hasClosedPartial(encounterId: Int? = nil, patientId: Int? = nil, on sql: any SQLDatabase) async throws -> Bool {
        var select = sql.select().column(SQLColumn("id", table: "partial_bills")).from("partial_bills")
            .join("accounts", on: SQLColumn("account_id", table: "partial_bills"), .equal, SQLColumn("id", table: "accounts"))
            .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
            .where(SQLColumn("status", table: "partial_bills"), .notEqual, SQLBind(PartialStatus.draft.rawValue))
        if let encounterId { select = select.where(SQLColumn("id", table: "encounters"), .equal, SQLBind(encounterId)) }
        if let patientId { select = select.where(SQLColumn("patient_id", table: "encounters"), .equal, SQLBind(patientId)) }
        return try await select.limit(1).first() != nil
    }

    static let patientLabels = ["name": "nome", "birth_date": "nascimento", "cpf": "CPF", "card_number": "carteirinha",
                                "card_valid_until": "validade da carteirinha", "medical_record_number": "prontuário"]
    static let encounterLabels = ["type": "tipo", "authorization_number": "autorização", "authorization_password": "senha",
                                  "requesting_professional": "solicitante", "started_at": "início", "company_id": "coligada",
                                  "patient_id": "paciente", "payer_id": "convênio", "origin_sector_id": "setor de origem"]

    /// Creates the patient, or updates it when something changed and none of the patient's partials
    /// is closed (audited with before and after). Once one is closed, what its claim carries (name,
    /// CPF, card) is frozen like the items: a change is refused with the fields named.
    func upsertPatient(_ input: HISPatient, at place: String, now: String, actor: AuditActor, errors: inout [FieldError],
                       on sql: any SQLDatabase) async throws -> Int? {
        let incoming: Fields = [
            "name": input.name.trimmingSpaces(), "birth_date": input.birthDate?.nilIfEmpty, "cpf": input.cpf?.digitsOnly.nilIfEmpty,
            "card_number": input.cardNumber?.trimmingSpaces().nilIfEmpty, "card_valid_until": input.cardValidUntil?.nilIfEmpty,
            "medical_record_number": input.medicalRecordNumber?.trimmingSpaces().nilIfEmpty,
        ].compactMapValues { $0 }
        let columns = Self.patientLabels.keys.sorted()
        if let row = try await sql.select().column("id").columns(columns.map { SQLColumn($0) }).from("patients")
            .where("external_id", .equal, SQLBind(input.externalId)).first() {
            let id = try row.decode(column: "id", as: Int.self)
            var stored: Fields = [:]
            for column in columns { stored[column] = try row.decode(column: column, as: String?.self) }
            let changed = Self.changedColumns(stored, incoming)
            if changed.isEmpty { return id }
            if try await Self.hasClosedPartial(patientId: id, on: sql) {
                errors.append(FieldError(place, "O paciente \(input.externalId) tem parcial encerrada: \(changed.map { Self.patientLabels[$0] ?? $0 }.joined(separator: ", ")) não pode(m) mudar. Reabra a parcial para corrigir."))
                return id
            }
            var update = sql.update("patients").set("updated_at", to: SQLBind(now))
            for column in columns { update = update.set(SQLColumn(column), to: SQLBind.optional(incoming[column])) }
            try await update.where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "patient", entityId: String(id),
                                      before: stored.filter { changed.contains($0.key) }, after: incoming.filter { changed.contains($0.key) },
                                      detail: "HIS")
            return id
        }
        let all: [(String, any SQLExpression)] = columns.map { ($0, SQLBind.optional(incoming[$0])) }
            + [("external_id", SQLBind(input.externalId)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        return try await sql.insert(into: "patients").columns(all.map(\.0)).values(all.map(\.1)).returning("id").first()
            .map { try $0.decode(column: "id", as: Int.self) }
    }

    /// Creates the encounter, or updates it when something changed and none of its partials is
    /// closed (audited with before and after); a change to an encounter with a closed partial is refused.
    func upsertEncounter(_ input: HISEncounter, companyId: Int, payerId: Int, patientId: Int, sectorId: Int?, at place: String, now: String,
                         actor: AuditActor, errors: inout [FieldError], on sql: any SQLDatabase) async throws -> (Int, created: Bool, updated: Bool)? {
        let startedAt = LocalDateTime(iso: input.startedAt)?.iso ?? input.startedAt
        let incoming: Fields = [
            "type": input.type, "authorization_number": input.authorizationNumber?.nilIfEmpty,
            "authorization_password": input.authorizationPassword?.nilIfEmpty,
            "requesting_professional": input.requestingProfessional?.nilIfEmpty, "started_at": startedAt,
            "company_id": String(companyId), "patient_id": String(patientId), "payer_id": String(payerId), "origin_sector_id": sectorId.map(String.init),
        ].compactMapValues { $0 }
        let texts = ["type", "authorization_number", "authorization_password", "requesting_professional", "started_at"]
        let ids = ["company_id", "patient_id", "payer_id", "origin_sector_id"]
        if let row = try await sql.select().column("id").columns((texts + ids).map { SQLColumn($0) }).from("encounters")
            .where("external_id", .equal, SQLBind(input.externalId)).first() {
            let id = try row.decode(column: "id", as: Int.self)
            var stored: Fields = [:]
            for column in texts { stored[column] = try row.decode(column: column, as: String?.self) }
            for column in ids { stored[column] = try row.decode(column: column, as: Int?.self).map(String.init) }
            let changed = Self.changedColumns(stored, incoming)
            if changed.isEmpty { return (id, false, false) }
            if try await Self.hasClosedPartial(encounterId: id, on: sql) {
                errors.append(FieldError(place, "O atendimento \(input.externalId) tem parcial encerrada: \(changed.map { Self.encounterLabels[$0] ?? $0 }.joined(separator: ", ")) não pode(m) mudar. Reabra a parcial para corrigir."))
                return nil
            }
            var update = sql.update("encounters").set("updated_at", to: SQLBind(now))
            for column in texts { update = update.set(SQLColumn(column), to: SQLBind.optional(incoming[column])) }
            for column in ids { update = update.set(SQLColumn(column), to: SQLBind.optional(incoming[column].flatMap { Int($0) })) }
            try await update.where("id", .equal, SQLBind(id)).run()
            if changed.contains("origin_sector_id") {
                // The worklist's copy on the partials (migration 6) follows the encounter.
                try await sql.update("partial_bills").set("origin_sector_id", to: SQLBind.optional(sectorId))
                    .where("account_id", .in, SQLGroupExpression(sql.select().column("id").from("accounts").where("encounter_id", .equal, SQLBind(id)).select)).run()
            }
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "encounter", entityId: String(id),
                                      before: stored.filter { changed.contains($0.key) }, after: incoming.filter { changed.contains($0.key) },
                                      detail: "HIS")
            return (id, false, true)
        }
        let columns: [(String, any SQLExpression)] = texts.map { ($0, SQLBind.optional(incoming[$0])) }
            + ids.map { ($0, SQLBind.optional(incoming[$0].flatMap { Int($0) })) }
            + [("external_id", SQLBind(input.externalId)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        guard let id = try await sql.insert(into: "encounters").columns(columns.map(\.0)).values(columns.map(\.1)).returning("id").first()
            .map({ try $0.decode(column: "id", as: Int.self) }) else { return nil }
        return (id, true, false)
    }

    func upsertAccount(_ externalId: String, encounterId: Int, now: String, on sql: any SQLDatabase) async throws -> Int {
        if let id = try await sql.select().column("id").from("accounts").where("external_id", .equal, SQLBind(externalId)).first()
            .map({ try $0.decode(column: "id", as: Int.self) }) {
            return id
        }
        return try await sql.insert(into: "accounts").columns("external_id", "encounter_id", "created_at")
            .values(SQLBind(externalId), SQLBind(encounterId), SQLBind(now)).returning("id").first()?.decode(column: "id", as: Int.self) ?? 0
    }

    func upsertPartial(_ input: HISPartial, accountId: Int, companyId: Int, payerId: Int, sectorId: Int?, now: String, report: inout Report,
                       on sql: any SQLDatabase) async throws -> PartialBill {
        if let row = try await sql.select().column("*").from("partial_bills").where("external_id", .equal, SQLBind(input.externalId))
            .first().map(PartialRow.partial) {
            var partial = row
            // The period may grow while the partial is open; a closed partial keeps its own.
            if partial.status.allows(.items), partial.periodStart.iso != input.periodStart || partial.periodEnd.iso != input.periodEnd {
                try await sql.update("partial_bills").set("period_start", to: SQLBind(input.periodStart)).set("period_end", to: SQLBind(input.periodEnd))
                    .set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(row.id)).run()
                partial.version += 1
            }
            return partial
        }
        let id = try await sql.insert(into: "partial_bills")
            .columns("external_id", "account_id", "company_id", "payer_id", "origin_sector_id", "period_start", "period_end", "status", "version",
                     "created_at", "updated_at")
            .values(SQLBind(input.externalId), SQLBind(accountId), SQLBind(companyId), SQLBind(payerId), SQLBind.optional(sectorId), SQLBind(input.periodStart),
                    SQLBind(input.periodEnd), SQLBind(PartialStatus.draft.rawValue), SQLBind(1), SQLBind(now), SQLBind(now))
            .returning("id").first()?.decode(column: "id", as: Int.self) ?? 0
        report.partialsCreated += 1
        return PartialBill(id: id, externalId: input.externalId, accountId: accountId, companyId: companyId, payerId: payerId,
                           periodStart: CalendarDay(iso: input.periodStart) ?? CalendarDay(daysSinceEpoch: 0),
                           periodEnd: CalendarDay(iso: input.periodEnd) ?? CalendarDay(daysSinceEpoch: 0))
    }

    enum ItemOutcome {
        case created(ChargeItem)
        case updated(ChargeItem)
        case unchanged
        case refused(String)
    }

    func upsertItem(_ input: HISItem, partial: PartialBill, now: String, on sql: any SQLDatabase) async throws -> ItemOutcome {
        guard let partialId = partial.id, let performed = LocalDateTime(iso: input.performedAt),
              let kind = ChargeItemKind(rawValue: input.kind), let table = PriceTableKind(rawValue: input.table) else {
            return .refused("Lançamento inválido.")
        }
        var item = ChargeItem(externalId: input.externalId, partialId: partialId, kind: kind, priceTable: table,
                              code: input.code.trimmingSpaces(), description: input.description.trimmingSpaces(), performedAt: performed,
                              quantity: input.quantity, executingProfessional: input.executingProfessional?.trimmingSpaces().nilIfEmpty)
        let existing = try await ChargeItemRow.load(on: sql) { $0.where("external_id", .equal, SQLBind(input.externalId)) }.first
        if let existing, let existingId = existing.id {
            guard existing.partialId == partialId else {
                return .refused("O lançamento \(input.externalId) já pertence a outra parcial.")
            }
            // Lines the exam rule split off this item count towards the quantity the HIS sent.
            let splits = try await ChargeItemRow.load(on: sql) { $0.where("split_from_id", .equal, SQLBind(existingId)) }
            let storedQuantity = Quantity(tenThousandths: ([existing] + splits).map(\.quantity.tenThousandths).reduce(0, +))
            // The HIS table is compared before pricing may have replaced it with the contract's.
            let sameAsSent = existing.kind == item.kind && existing.code == item.code && existing.description == item.description
                && existing.performedAt == item.performedAt && storedQuantity == item.quantity
                && existing.executingProfessional == item.executingProfessional
                && (existing.priceTable == item.priceTable || existing.isPriced && (item.priceTable == .amb || item.priceTable == .cbhpm))
            if sameAsSent { return .unchanged }
            guard partial.status.allows(.items) else {
                return .refused("A parcial \(partial.externalId) está encerrada: o lançamento \(input.externalId) não pode ser alterado.")
            }
            // The item starts again whole; the exam rule will split it again if it must.
            if !splits.isEmpty { try await sql.delete(from: "charge_items").where("split_from_id", .equal, SQLBind(existingId)).run() }
            try await sql.update("charge_items")
                .set("kind", to: SQLBind(kind.rawValue)).set("price_table", to: SQLBind(table.rawValue)).set("code", to: SQLBind(item.code))
                .set("description", to: SQLBind(item.description)).set("performed_at", to: SQLBind(performed.iso))
                .set("performed_day", to: SQLBind(performed.day.iso)).set("quantity", to: SQLBind(item.quantity.tenThousandths))
                .set("executing_professional", to: SQLBind.optional(item.executingProfessional)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(existing.id ?? 0)).run()
            item.id = existing.id
            return .updated(item)
        }
        guard partial.status.allows(.items) else {
            return .refused("A parcial \(partial.externalId) está encerrada: não aceita novos lançamentos.")
        }
        item.id = try await sql.insert(into: "charge_items")
            .columns("external_id", "partial_id", "kind", "price_table", "code", "description", "performed_at", "performed_day", "quantity",
                     "executing_professional", "pricing_status", "created_at", "updated_at")
            .values(SQLBind(item.externalId), SQLBind(partialId), SQLBind(kind.rawValue), SQLBind(table.rawValue), SQLBind(item.code),
                    SQLBind(item.description), SQLBind(performed.iso), SQLBind(performed.day.iso), SQLBind(item.quantity.tenThousandths),
                    SQLBind.optional(item.executingProfessional), SQLBind(PricingStatus.unpriced.rawValue), SQLBind(now), SQLBind(now))
            .returning("id").first()?.decode(column: "id", as: Int.self)
        return .created(item)
    }
}

extension HISIngestion.Report {
    init(itemsUnchanged: Int) {
        self.init()
        self.itemsUnchanged = itemsUnchanged
    }
}
