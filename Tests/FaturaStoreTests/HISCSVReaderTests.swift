@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Testing

@Suite struct HISCSVReaderTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    /// The repository's example CSV: three rows, two encounters, the first with two items in one partial.
    @Test func groupsRowsBackIntoEncountersAndPartials() async throws {
        let document = try await HISCSVReader.document(from: FileLines(path: Self.examples.appendingPathComponent("his-encounters.csv").path))
        #expect(document.encounters.map(\.externalId) == ["ATD-2026-000124", "ATD-2026-000125"])
        #expect(document.encounters[0].partials.map { $0.items.map(\.externalId) } == [["LANC-10", "LANC-11"]])
        #expect(document.encounters[1].payerName == "SUS")
        #expect(document.encounters[1].payerAnsRegistry == nil)
        #expect(document.validate().isEmpty)
    }

    @Test(arguments: TestDatabase.kinds)
    func theExampleJsonIngestsAndPricesWithTheDemoSetup(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await Seeder(store: store).ensureBaseline(adminPassword: "senha-admin")
            try await DemoData(billing: store.billing).load()
            let data = try Data(contentsOf: Self.examples.appendingPathComponent("his-encounters.json"))
            let document = try JSONDecoder().decode(HISDocument.self, from: data)
            let report = try await store.billing.his.ingest(document, by: .system)
            #expect(report.itemsCreated == 3)
            #expect(report.itemsPriced == 3)
        }
    }
}
