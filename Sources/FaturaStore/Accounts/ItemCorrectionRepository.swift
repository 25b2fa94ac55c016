import Foundation
import SQLKit
import FaturaDomain

/// `ChargeLine` as the stored JSON text (sorted keys: the same line is always the same text).
enum ChargeLineJSON {
    static func encode(_ line: ChargeLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(line), as: UTF8.self)
    }

    static func decode(_ text: String) -> ChargeLine? { try? JSONDecoder().decode(ChargeLine.self, from: Data(text.utf8)) }
}

/// Billing's corrections of charge lines as rows: a line added, a line corrected (keeping the HIS's
/// version beside it), a line removed (moved to `charge_item_removals`), and the HIS's resends of
/// corrected or removed lines noted as conflicts. The decisions are `ItemCorrectionService`'s.
public enum ItemCorrectionRepository {
    /// A line billing removed, as it was, with why.
    public struct Removal: Sendable, Equatable {
        public let id: Int
        public let externalId: String
        public let partialId: ID<PartialBill>
        public let line: ChargeLine
        public let total: Money
        public let reason: String
        public let removedBy: String
        public let removedAt: String
        /// What the HIS sent last, when it sent the line again after the removal.
        public let hisLine: ChargeLine?
        public let hisConflict: String?
    }

    public static func item(_ id: ID<ChargeItem>, on sql: any SQLDatabase) async throws -> ChargeItem? {
        try await ChargeItemRow.load(on: sql) { $0.where("id", .equal, SQLBind(id.rawValue)) }.first
    }

    /// A line billing adds; the id it gets, unpriced until pricing runs right after.
    public static func insertAdded(_ item: ChargeItem, correction: ChargeCorrection, at now: String, on sql: any SQLDatabase) async throws -> ID<ChargeItem> {
        let id = try await ChargeItemRepository.insertSent(item, at: now, on: sql)
        try await sql.update("charge_items").set("origin", to: SQLBind(ChargeOrigin.billing.rawValue))
            .set("corrected_at", to: SQLBind(correction.at)).set("corrected_by", to: SQLBind(correction.by))
            .set("correction_reason", to: SQLBind(correction.reason)).where("id", .equal, SQLBind(id.rawValue)).run()
        return id
    }

    /// Writes billing's version of the line. `hisLine`, the HIS's version, is kept from the first
    /// correction on; a new correction clears a noted conflict (the person saw it and decided).
    public static func updateCorrected(_ item: ChargeItem, hisLine: ChargeLine?, correction: ChargeCorrection, at now: String,
                                       on sql: any SQLDatabase) async throws {
        try await ChargeItemRepository.updateSent(item, at: now, on: sql)
        let id = try item.id.stored("charge_items")
        try await sql.update("charge_items")
            .set("corrected_at", to: SQLBind(correction.at)).set("corrected_by", to: SQLBind(correction.by))
            .set("correction_reason", to: SQLBind(correction.reason))
            .set("his_line_json", to: SQLBind.optional(try hisLine.map(ChargeLineJSON.encode)))
            .set("his_conflict", to: SQLLiteral.null).set("exam_percentage_manual", to: SQLBind(false))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Moves the line (and the lines the exam rule split off it) out of the bill into the removals,
    /// keeping what it was; a non-conformity that named it keeps the code but no longer the id.
    public static func remove(_ item: ChargeItem, line: ChargeLine, total: Money, reason: String, by: String, at now: String,
                              on sql: any SQLDatabase) async throws {
        let id = try item.id.stored("charge_items")
        try await sql.insert(into: "charge_item_removals")
            .columns("external_id", "partial_id", "line_json", "total", "reason", "removed_by", "removed_at")
            .values(SQLBind(item.externalId), SQLBind(item.partialId.rawValue), SQLBind(try ChargeLineJSON.encode(line)), SQLBind(total.cents),
                    SQLBind(reason), SQLBind(by), SQLBind(now))
            .run()
        let ids = [id.rawValue] + (try await ChargeItemRepository.splits(of: id, on: sql)).compactMap { $0.id?.rawValue }
        try await sql.update("nonconformities").set("item_id", to: SQLLiteral.null).where("item_id", .in, SQLBind.group(ids)).run()
        try await ChargeItemRepository.deleteSplits(of: id, on: sql)
        try await sql.delete(from: "charge_items").where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// After lines were removed: the partial's unpriced count, and the exam rule due again.
    public static func touchPartial(_ partialId: ID<PartialBill>, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("partial_bills").set("exam_items_changed_at", to: SQLBind(now)).set("unpriced_items", to: SQLRaw(UnpricedItems.count))
            .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(partialId.rawValue)).run()
    }

    public static func removal(externalId: String, on sql: any SQLDatabase) async throws -> Removal? {
        try await removals(on: sql) { $0.where("external_id", .equal, SQLBind(externalId)) }.first
    }

    public static func removals(ofPartial partialId: ID<PartialBill>, on sql: any SQLDatabase) async throws -> [Removal] {
        try await removals(on: sql) { $0.where("partial_id", .equal, SQLBind(partialId.rawValue)).orderBy("id") }
    }

    static func removals(on sql: any SQLDatabase, _ configure: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Removal] {
        try await configure(sql.select().column("*").from("charge_item_removals")).all().map { row in
            let cells = StoredRow(row, table: "charge_item_removals")
            let json: String = try cells.value("line_json")
            guard let line = ChargeLineJSON.decode(json) else { throw cells.invalid("line_json", String(json.prefix(80))) }
            let his: ChargeLine? = try cells.optional("his_line_json", as: String.self).map { text in
                guard let line = ChargeLineJSON.decode(text) else { throw cells.invalid("his_line_json", String(text.prefix(80))) }
                return line
            }
            return Removal(id: try cells.value("id"), externalId: try cells.value("external_id"), partialId: ID(try cells.value("partial_id", as: Int.self)),
                           line: line, total: Money(cents: try cells.value("total")), reason: try cells.value("reason"),
                           removedBy: try cells.value("removed_by"), removedAt: try cells.value("removed_at"), hisLine: his,
                           hisConflict: try cells.optional("his_conflict"))
        }
    }

    /// The HIS sent a corrected line again with other values: billing's version stays; what the
    /// HIS sent is kept as its version now, with a note for the partial's page.
    public static func noteConflict(item id: ID<ChargeItem>, sent: ChargeLine, note: String, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.update("charge_items").set("his_line_json", to: SQLBind(try ChargeLineJSON.encode(sent)))
            .set("his_conflict", to: SQLBind(note)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// The HIS sent a removed line again with other values: it stays removed; the note says what came.
    public static func noteConflict(removal id: Int, sent: ChargeLine, note: String, on sql: any SQLDatabase) async throws {
        try await sql.update("charge_item_removals").set("his_line_json", to: SQLBind(try ChargeLineJSON.encode(sent)))
            .set("his_conflict", to: SQLBind(note)).where("id", .equal, SQLBind(id)).run()
    }
}
