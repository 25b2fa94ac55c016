@testable import FaturaBilling
import FaturaDomain
@testable import FaturaStore
import FaturaTestSupport
import Foundation
import SQLKit
import Testing

/// Stored values are read back exactly or refused: a corrupt code or date stops the work with
/// `stored_value_invalid`, naming the table, column and value, instead of becoming a default.
@Suite struct StoredRowTests {
    /// The pricing fixture with one partial of one priced procedure; its id.
    static func onePricedPartial(_ store: Store) async throws -> ID<PartialBill> {
        let f = try await PricingFixture.make(store)
        _ = try await store.billing.his.ingest(f.document(items: [PricingFixture.item("I-1", at: "2026-11-02T09:00")]), by: .system)
        return try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first?.id)
    }

    @Test(arguments: TestDatabase.kinds)
    func aCorruptItemOrPartialIsRefusedNotDefaulted(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let id = try await Self.onePricedPartial(store)
            #expect(try await store.accounts.partial(id).items.map(\.kind) == [.procedure])

            // An unknown kind used to be read as "procedure", and an unknown table as CBHPM.
            try await store.database.write { try await $0.update("charge_items").set("kind", to: SQLBind("procedimentoX")).run() }
            await #expect(throws: FaturaError.storedValueInvalid(table: "charge_items", column: "kind", value: "procedimentoX")) {
                _ = try await store.accounts.partial(id)
            }
            try await store.database.write { sql in
                try await sql.update("charge_items").set("kind", to: SQLBind("procedure")).set("performed_at", to: SQLBind("31/02/2026")).run()
            }
            await #expect(throws: FaturaError.storedValueInvalid(table: "charge_items", column: "performed_at", value: "31/02/2026")) {
                _ = try await store.accounts.partial(id)
            }
            try await store.database.write { sql in
                try await sql.update("charge_items").set("performed_at", to: SQLBind("2026-11-02T09:00")).run()
                // A status the product never writes used to be read as a draft, open to edits.
                try await sql.update("partial_bills").set("status", to: SQLBind("arquivada")).run()
            }
            await expectRefusal("stored_value_invalid") { _ = try await store.accounts.partial(id) }
            await #expect(throws: FaturaError.storedValueInvalid(table: "partial_bills", column: "status", value: "arquivada")) {
                _ = try await store.billing.examRule.apply(id, by: .system)
            }
        }
    }

    /// Codes (kinds, tables, standards, statuses) are also held by CHECK constraints; dates are
    /// not: a contract whose start date does not decode stops pricing with the column named (it was
    /// read as 1970-01-01, a contract valid for every day).
    @Test(arguments: TestDatabase.kinds)
    func aMalformedContractDateStopsPricing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let id = try await Self.onePricedPartial(store)
            try await store.database.write { try await $0.update("contracts").set("valid_from", to: SQLBind("2026-13-01")).run() }
            await #expect(throws: FaturaError.storedValueInvalid(table: "contracts", column: "valid_from", value: "2026-13-01")) {
                _ = try await store.billing.pricing.repricePartial(id, by: .system)
            }
            await #expect(throws: FaturaError.storedValueInvalid(table: "contracts", column: "valid_from", value: "2026-13-01")) {
                _ = try await store.billing.examRule.preview(id)
            }
        }
    }

    /// `partial_bills.unpriced_items` (the worklist's filter and column) always equals the count of
    /// the partial's unpriced items, through ingestion, re-pricing and a price that appears later.
    @Test(arguments: TestDatabase.kinds)
    func theKeptUnpricedCountFollowsThePricing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            _ = try await store.billing.his.ingest(f.document(items: [
                PricingFixture.item("I-1", at: "2026-11-02T09:00"), PricingFixture.item("I-2", code: "99999999", at: "2026-11-02T09:10"),
                PricingFixture.item("I-3", code: "99999998", at: "2026-11-02T09:20"),
            ]), by: .system)
            let id = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first?.id)
            func kept() async throws -> Int {
                try await store.database.read { sql in
                    try #require(try await sql.select().column("unpriced_items").from("partial_bills").where("id", .equal, SQLBind(id)).first())
                        .decode(column: "unpriced_items", as: Int.self)
                }
            }
            #expect(try await kept() == 2)
            #expect(try await store.accounts.partials(.init(companyId: f.companyId, onlyUnpriced: true)).items.map(\.id) == [id])
            // The HIS corrects one code to a known one: re-priced on arrival, one left.
            _ = try await store.billing.his.ingest(f.document(items: [
                PricingFixture.item("I-1", at: "2026-11-02T09:00"), PricingFixture.item("I-2", at: "2026-11-02T09:10"),
                PricingFixture.item("I-3", code: "99999998", at: "2026-11-02T09:20"),
            ]), by: .system)
            #expect(try await kept() == 1)
            // The missing code enters the table (a new import of the edition); re-pricing the partial
            // prices it: none left, and the
            // partial leaves the filter.
            _ = try await store.importer.importProcedures(into: f.cbhpm, from: TextLines("""
                codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico
                31309127;Procedimento porte 9A;9A;33,8;0,5;1;5
                41001010;TC – Crânio;1A;0;0;0;0
                99999998;Procedimento novo;1A;0;0;0;0
                """), by: .system)
            _ = try await store.billing.pricing.repricePartial(id, by: .system)
            #expect(try await kept() == 0)
            #expect(try await store.accounts.partials(.init(companyId: f.companyId, onlyUnpriced: true)).items.isEmpty)
        }
    }
}

/// The cached key strategy finds the same columns as SQLKit's `convertFromSnakeCase` (whose
/// conversion it copies), acronyms included.
@Suite struct SnakeCaseKeyTests {
    /// A row that records which columns a decoder asked for.
    final class RecordingRow: SQLRow, @unchecked Sendable {
        var asked: [String] = []
        var allColumns: [String] { [] }
        func contains(column: String) -> Bool { asked.append(column); return true }
        func decodeNil(column: String) throws -> Bool { asked.append(column); return false }
        func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
            asked.append(column)
            if D.self == Int.self { return 1 as! D }
            return "x" as! D
        }
    }

    struct Keys: Decodable {
        var id: Int
        var partialId: Int
        var usesCBHPM: String
        var tissXMLVersion: String
        var ansRegistry: String
        var cardValidUntil: String
        var a: String
    }

    @Test func sameColumnsAsSQLKit() throws {
        let ours = RecordingRow(), theirs = RecordingRow()
        _ = try ours.decode(model: Keys.self, keyDecodingStrategy: .snakeCase)
        _ = try theirs.decode(model: Keys.self, keyDecodingStrategy: .convertFromSnakeCase)
        #expect(ours.asked == theirs.asked)
        #expect(Set(ours.asked).isSuperset(of: ["id", "partial_id", "ans_registry", "card_valid_until", "a"]))
        #expect(SnakeCaseKey.convert("partialId") == "partial_id")
        #expect(SnakeCaseKey.convert("cardValidUntil") == "card_valid_until")
    }
}
