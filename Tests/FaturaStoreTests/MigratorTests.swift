import FaturaStore
import FaturaTestSupport
import SQLKit
import Testing

@Suite struct MigratorTests {
    @Test(arguments: TestDatabase.kinds)
    func migratingTwiceChangesNothing(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // Store.open already migrated; a second run finds nothing to do.
            let applied = try await Migrator(database: store.database).migrate()
            #expect(applied.isEmpty)
            let versions = try await Migrator(database: store.database).appliedVersions()
            #expect(versions == Set(Migration.all.map(\.version)))
        }
    }

    @Test func migrationNumbersAreUniqueAndIncreasing() {
        let versions = Migration.all.map(\.version)
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == versions.count)
        #expect(versions.first == 1)
    }
}
