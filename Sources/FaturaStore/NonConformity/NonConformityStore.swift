import SQLKit
import FaturaDomain

/// Registers non-conformities on partials and moves them through their lifecycle: the sector
/// corrects, billing accepts or sends back. Every step is dated in `nonconformity_events` and in the
/// audit log, in the same transaction as the change.
public struct NonConformityStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// What a biller fills in to register one.
    public struct Registration: Sendable, Equatable {
        public var partialId: Int
        public var itemId: Int?
        public var typeId: Int?
        /// Nil: the type's default sector, else the encounter's origin sector.
        public var sectorId: Int?
        public var note: String

        public init(partialId: Int, itemId: Int? = nil, typeId: Int?, sectorId: Int? = nil, note: String = "") {
            self.partialId = partialId
            self.itemId = itemId
            self.typeId = typeId
            self.sectorId = sectorId
            self.note = note
        }
    }

    /// Registers one on a draft partial; the partial's record is then "devolvido ao setor" for that
    /// sector until the non-conformity is accepted. `expectedVersion` is the partial's version the
    /// biller saw; registering bumps it, so a close racing with it is refused.
    public func register(_ input: Registration, expectedVersion: Int? = nil, today: CalendarDay, by actor: AuditActor) async throws -> NonConformity {
        try await database.transaction { sql in
            guard let partial = try await PartialRow.find(input.partialId, on: sql)?.partial else { throw FaturaError.notFound(entity: "parcial") }
            try partial.check(.nonConformities, expectedVersion: expectedVersion)
            var errors = FieldErrors()
            var type: NonConformityType?
            if let typeId = input.typeId {
                type = try await Registry<NonConformityType>.find(typeId, on: sql)
                if type == nil { errors.add("typeId", "Tipo de não conformidade inexistente.") }
                else if type?.active == false { errors.add("typeId", "Tipo de não conformidade inativo.") }
            } else {
                errors.add("typeId", "Escolha o tipo de não conformidade.")
            }
            var itemCode: String?
            if let itemId = input.itemId {
                let row = try await sql.select().column("code").from("charge_items").where("id", .equal, SQLBind(itemId))
                    .where("partial_id", .equal, SQLBind(input.partialId)).first()
                if let row { itemCode = try row.decode(column: "code", as: String.self) }
                else { errors.add("itemId", "O item \(itemId) não pertence a esta parcial.") }
            }
            errors.append(NonConformity.validateNote(input.note, required: false))
            let sectorId = try await Self.responsibleSector(input.sectorId, type: type, partial: partial, errors: &errors, on: sql)
            guard errors.isEmpty, let type, let typeId = type.id, let sectorId else { throw FaturaError.validation(errors.all) }

            let now = Timestamp.now()
            let due = type.deadline(from: today)
            let note = input.note.trimmingSpaces()
            guard let id = try await sql.insert(into: "nonconformities")
                .columns("partial_id", "item_id", "item_code", "type_id", "sector_id", "note", "status", "registered_on", "found_on", "due_on",
                         "registered_at", "registered_by", "version", "updated_at")
                .values(SQLBind(input.partialId), SQLBind.optional(input.itemId), SQLBind.optional(itemCode), SQLBind(typeId), SQLBind(sectorId),
                        SQLBind(note), SQLBind(NonConformityStatus.open.rawValue), SQLBind(today.iso), SQLBind(today.iso), SQLBind(due.iso),
                        SQLBind(now), SQLBind(actor.username), SQLBind(1), SQLBind(now))
                .returning("id").first()?.decode(column: "id", as: Int.self)
            else { throw FaturaError.conflict("Não foi possível registrar a não conformidade.") }
            try await Self.bumpPartial(partial, now: now, on: sql)
            try await Self.event(id, action: "register", note: note.nilIfEmpty, at: now, actor: actor, on: sql)
            let created = NonConformity(id: id, partialId: input.partialId, itemId: input.itemId, typeId: typeId, sectorId: sectorId, note: note,
                                        foundOn: today, dueOn: due)
            try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "nonconformity", entityId: String(id), after: created,
                                      detail: "parcial \(partial.externalId): \(type.name)")
            return created
        }
    }


    /// The sector chosen, or the type's default, or the encounter's origin sector; it must exist and be active.
    static func responsibleSector(_ chosen: Int?, type: NonConformityType?, partial: PartialBill, errors: inout FieldErrors,
                                  on sql: any SQLDatabase) async throws -> Int? {
        var sectorId = chosen
        if sectorId == nil, let code = type?.defaultSectorCode {
            sectorId = try await sql.select().column("id").from("sectors").where("code", .equal, SQLBind(code))
                .where("active", .equal, SQLBind(true)).first()?.decode(column: "id", as: Int.self)
        }
        if sectorId == nil {
            sectorId = try await sql.select().column(SQLColumn("origin_sector_id", table: "encounters"), as: "sector_id").from("accounts")
                .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
                .where(SQLColumn("id", table: "accounts"), .equal, SQLBind(partial.accountId)).first()?
                .decode(column: "sector_id", as: Int?.self)
        }
        guard let sectorId else {
            errors.add("sectorId", "Escolha o setor responsável pela correção.")
            return nil
        }
        guard let sector = try await Registry<Sector>.find(sectorId, on: sql), sector.active else {
            errors.add("sectorId", "Setor inexistente ou inativo.")
            return nil
        }
        return sector.id
    }

    /// Any change to what blocks a partial moves its version, so a close that read the old state fails.
    static func bumpPartial(_ partial: PartialBill, now: String, on sql: any SQLDatabase) async throws {
        let bumped = try await sql.update("partial_bills").set("version", to: SQLBind(partial.version + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(partial.id ?? 0)).where("version", .equal, SQLBind(partial.version)).returning("id").first()
        if bumped == nil { throw FaturaError.stalePartial }
    }

    static func event(_ id: Int, action: String, note: String?, at now: String, actor: AuditActor, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "nonconformity_events").columns("nonconformity_id", "at", "username", "action", "note")
            .values(SQLBind(id), SQLBind(now), SQLBind(actor.username), SQLBind(action), SQLBind.optional(note)).run()
    }

    /// One step of the lifecycle. `actorSectorId` is set for sector users: they act only on their
    /// own sector's (anything else is forbidden, not merely hidden). `expectedVersion` is the
    /// version the person saw; a stale one is a conflict, never a silent overwrite.
    @discardableResult
    public func act(_ id: Int, _ action: NonConformityAction, note: String = "", expectedVersion: Int? = nil, actorSectorId: Int? = nil,
                    today: CalendarDay, by actor: AuditActor) async throws -> NonConformityStatus {
        try await database.transaction { sql in
            guard let row = try await Self.row(id, on: sql) else { throw FaturaError.notFound(entity: "não conformidade") }
            if let actorSectorId, actorSectorId != row.sectorId { throw FaturaError.forbidden }
            let status = try StoredRow.code(row.status, as: NonConformityStatus.self, table: "nonconformities", column: "status")
            guard let next = action.next(from: status) else { throw FaturaError.nonConformityActionRefused(action.refusal(from: status)) }
            if let expectedVersion, expectedVersion != row.version {
                throw FaturaError.staleNonConformity("Esta não conformidade foi alterada por outra pessoa (agora: \(status.label)). Recarregue a página antes de repetir.")
            }
            let errors = NonConformity.validateNote(note, required: action.needsNote)
            if !errors.isEmpty { throw FaturaError.validation(errors) }
            let text = note.trimmingSpaces().nilIfEmpty
            let now = Timestamp.now()
            var update = sql.update("nonconformities").set("status", to: SQLBind(next.rawValue)).set("version", to: SQLBind(row.version + 1))
                .set("updated_at", to: SQLBind(now))
            var detail = action.label
            switch action {
            case .correct:
                update = update.set("corrected_on", to: SQLBind(today.iso)).set("corrected_at", to: SQLBind(now))
                    .set("corrected_by", to: SQLBind(actor.username)).set("correction_note", to: SQLBind.optional(text))
            case .accept, .cancel:
                update = update.set("checked_at", to: SQLBind(now)).set("checked_by", to: SQLBind(actor.username))
                    .set("check_note", to: SQLBind.optional(text))
            case .sendBack:
                // Back to the sector with a new deadline counted from today, and into the next return document.
                guard let type = try await Registry<NonConformityType>.find(row.typeId, on: sql) else {
                    throw FaturaError.notFound(entity: "tipo de não conformidade")
                }
                let due = type.deadline(from: today)
                update = update.set("found_on", to: SQLBind(today.iso)).set("due_on", to: SQLBind(due.iso))
                    .set("check_note", to: SQLBind.optional(text)).set("checked_at", to: SQLBind(now)).set("checked_by", to: SQLBind(actor.username))
                    .set("times_sent_back", to: SQLBind(row.timesSentBack + 1)).set("return_id", to: SQLLiteral.null)
                detail += "; novo prazo \(BrazilianFormat.date(due))"
            }
            let saved = try await update.where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(row.version)).returning("id").first()
            if saved == nil {
                throw FaturaError.staleNonConformity("Esta não conformidade foi alterada por outra pessoa. Recarregue a página antes de repetir.")
            }
            try await Self.event(id, action: action.rawValue, note: text, at: now, actor: actor, on: sql)
            try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "nonconformity", entityId: String(id),
                                      before: ["status": status.rawValue], after: ["status": next.rawValue],
                                      detail: text.map { "\(detail): \($0)" } ?? detail)
            return next
        }
    }

    struct Row: Decodable {
        var id: Int
        var partialId: Int
        var typeId: Int
        var sectorId: Int
        var status: String
        var timesSentBack: Int
        var version: Int
    }

    static func row(_ id: Int, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.select().columns("id", "partial_id", "type_id", "sector_id", "status", "times_sent_back", "version")
            .from("nonconformities").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, keyDecodingStrategy: .snakeCase)
    }

    /// The sector a non-conformity belongs to (for the isolation check before reading it).
    public func sectorId(of id: Int) async throws -> Int {
        guard let row = try await database.read({ try await Self.row(id, on: $0) }) else { throw FaturaError.notFound(entity: "não conformidade") }
        return row.sectorId
    }
}
