import FaturaDomain
import FaturaStore
import Foundation

/// Billing corrects the lines of a draft partial itself — adds one, corrects one (quantity, date,
/// code, professional…), removes one — always with a written reason, audited with before and after,
/// and re-priced at once. The correction prevails over the HIS: a resend that repeats what the HIS
/// sent before changes nothing, and one with other values is noted on the partial's page
/// (`HISIngestionService`), never silently undoing billing's work.
public struct ItemCorrectionService: BillingService {
    let context: ServiceContext

    /// Adds a line billing found missing (e.g. a material used but not launched); its id.
    public func add(to partialId: ID<PartialBill>, line: ChargeLine, reason: String, expectedVersion: Int?,
                    by actor: AuditActor) async throws -> ID<ChargeItem> {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let partial = try await Self.editable(partialId, expectedVersion: expectedVersion, on: tx)
            try Self.check(line, reason: reason, partial: partial)
            var item = ChargeItem(externalId: "FAT-\(partialId.rawValue)-" + UUID().uuidString.prefix(8).lowercased(), partialId: partialId,
                                  kind: line.kind, priceTable: line.table, code: line.code, description: line.description,
                                  performedAt: line.performedAt, quantity: line.quantity, executingProfessional: line.professional)
            let correction = ChargeCorrection(at: now, by: actor.username, reason: reason.trimmingSpaces())
            item.id = try await ItemCorrectionRepository.insertAdded(item, correction: correction, at: now, on: tx)
            _ = try await PricingService.price([.init(item: item, payerId: partial.payerId, companyId: partial.companyId)], at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "charge_item", entityId: String(item.id?.rawValue ?? 0),
                                      after: line.auditFields, detail: "lançamento incluído pelo faturamento na parcial \(partial.externalId): \(correction.reason)")
            return try item.id.stored("charge_items")
        }
    }

    /// Corrects a line. A line the exam rule split is corrected whole (its split lines go, and the
    /// rule runs again before closing); a split line itself is refused, naming the original.
    public func edit(_ itemId: ID<ChargeItem>, of partialId: ID<PartialBill>, to line: ChargeLine, reason: String, expectedVersion: Int?,
                     by actor: AuditActor) async throws {
        let now = clock.timestamp()
        try await database.transaction { tx in
            let partial = try await Self.editable(partialId, expectedVersion: expectedVersion, on: tx)
            let (stored, whole) = try await Self.line(itemId, of: partial, on: tx)
            try Self.check(line, reason: reason, partial: partial)
            guard line != whole else {
                throw FaturaError.validation([FieldError("code", "Nada foi alterado: mude ao menos um campo, ou volte à parcial.")])
            }
            var item = stored
            item.take(line)
            let correction = ChargeCorrection(at: now, by: actor.username, reason: reason.trimmingSpaces())
            // The HIS's version, kept from the first correction (a line billing added has none).
            let his = stored.origin == .his ? (stored.hisLine ?? whole) : nil
            if try await !ChargeItemRepository.splits(of: itemId, on: tx).isEmpty { try await ChargeItemRepository.deleteSplits(of: itemId, on: tx) }
            try await ItemCorrectionRepository.updateCorrected(item, hisLine: his, correction: correction, at: now, on: tx)
            _ = try await PricingService.price([.init(item: item, payerId: partial.payerId, companyId: partial.companyId)], at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "charge_item", entityId: String(itemId.rawValue),
                                      before: whole.auditFields, after: line.auditFields,
                                      detail: "lançamento \(stored.externalId) corrigido pelo faturamento na parcial \(partial.externalId): \(correction.reason)")
        }
    }

    /// Removes a line from the bill (with the lines the exam rule split off it). It is kept aside
    /// with its reason, and the HIS sending it again does not bring it back.
    public func remove(_ itemId: ID<ChargeItem>, of partialId: ID<PartialBill>, reason: String, expectedVersion: Int?,
                       by actor: AuditActor) async throws {
        let now = clock.timestamp()
        try await database.transaction { tx in
            let partial = try await Self.editable(partialId, expectedVersion: expectedVersion, on: tx)
            let (stored, whole) = try await Self.line(itemId, of: partial, on: tx)
            if let problem = ItemCorrection.reasonProblem(reason, removal: true) { throw FaturaError.validation([problem]) }
            let splits = try await ChargeItemRepository.splits(of: itemId, on: tx)
            let total = Money(cents: ([stored] + splits).map(\.total.cents).reduce(0, +))
            try await ItemCorrectionRepository.remove(stored, line: stored.hisLine ?? whole, total: total, reason: reason.trimmingSpaces(),
                                                      by: actor.username, at: now, on: tx)
            try await ItemCorrectionRepository.touchPartial(partialId, at: now, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .delete, entity: "charge_item", entityId: String(itemId.rawValue),
                                      before: whole.auditFields.merging(["total": BrazilianFormat.currency(total)]) { a, _ in a },
                                      detail: "lançamento \(stored.externalId) removido pelo faturamento da parcial \(partial.externalId): \(reason.trimmingSpaces())")
        }
    }

    /// The draft partial, its version moved now (a second person's form, or a close that read the
    /// old lines, is refused as stale).
    static func editable(_ partialId: ID<PartialBill>, expectedVersion: Int?, on tx: Transaction) async throws -> PartialBill {
        let partial = try await PartialRepository.require(partialId, on: tx)
        try partial.check(.items, expectedVersion: expectedVersion)
        try await PartialRepository.bumpVersion(partial, at: Timestamp.now(), on: tx)
        return partial
    }

    /// The stored line and the line as a whole (its quantity with the lines the exam rule split off it).
    static func line(_ itemId: ID<ChargeItem>, of partial: PartialBill, on tx: Transaction) async throws -> (ChargeItem, ChargeLine) {
        guard let stored = try await ItemCorrectionRepository.item(itemId, on: tx), stored.partialId == partial.id else {
            throw FaturaError.notFound(entity: "lançamento")
        }
        if let original = stored.splitFromId {
            throw FaturaError.validation([FieldError("item", "Esta linha foi separada pela regra de cobrança de exames do lançamento \(original.rawValue): "
                + "corrija o lançamento original (a regra volta a separá-lo).")])
        }
        var whole = stored.line
        let splits = try await ChargeItemRepository.splits(of: itemId, on: tx)
        whole.quantity = Quantity(tenThousandths: ([stored] + splits).map(\.quantity.tenThousandths).reduce(0, +))
        return (stored, whole)
    }

    static func check(_ line: ChargeLine, reason: String, partial: PartialBill) throws {
        var errors = line.problems(period: partial.periodStart...partial.periodEnd)
        if let problem = ItemCorrection.reasonProblem(reason) { errors.append(problem) }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
    }
}
