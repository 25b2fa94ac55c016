@testable import FaturaBilling
import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import SQLKit
import Testing

/// Issue 9: the defects found by attacking the running server, each on both databases.
struct HardeningStoreTests {
    /// A burst of 29 wrong passwords and the right one, all at once: only 5 attempts may ever be
    /// checked (the limit), whatever their order; every other one is refused as locked.
    @Test(arguments: TestDatabase.kinds)
    func parallelGuessesCannotPassTheLockOut(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            _ = try await store.users.create(User(username: "ana", fullName: "Ana", role: .biller), password: "certa123", by: .system)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for attempt in 0..<30 {
                    group.addTask {
                        do {
                            _ = try await store.users.authenticate(username: "ana", password: attempt == 29 ? "certa123" : "errada")
                            return "ok"
                        } catch let error as FaturaError {
                            return error.code
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let checked = outcomes.filter { $0 == "ok" || $0 == "invalid_credentials" }.count
            #expect(checked <= UserStore.maxFailedLogins)
            #expect(outcomes.filter { $0 == "account_locked" }.count >= 30 - UserStore.maxFailedLogins)
            let audited = try await store.audit.list(AuditQuery(entity: "user", action: "login_failed")).total
            #expect(audited <= UserStore.maxFailedLogins)
        }
    }

    /// A new password ends the web sessions and revokes the API tokens (admin page and CLI alike).
    @Test(arguments: TestDatabase.kinds)
    func aPasswordResetClosesSessionsAndTokens(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let user = try await store.users.create(User(username: "bia", fullName: "Bia", role: .biller), password: "senha123", by: .system)
            let session = try await store.sessions.create(for: user, companyId: nil)
            let token = try await store.tokens.create(for: user, name: "HIS", by: .system)
            #expect(try await store.tokens.authenticate(secret: token.secret)?.id == user.id)
            try await store.users.setPassword(try #require(user.id), "outra-senha", by: .system)
            #expect(try await store.tokens.authenticate(secret: token.secret) == nil)
            #expect(try await store.sessions.find(token: session) == nil)
            #expect(try await store.tokens.list(userId: try #require(user.id)).allSatisfy { $0.revokedAt != nil })
        }
    }

    /// Resending a closed partial's document with another authorisation and patient name is refused
    /// with both places named, and nothing changes; while the partial is a draft the same change is
    /// taken and audited with before and after.
    @Test(arguments: TestDatabase.kinds)
    func whatAClosedClaimCarriesIsFrozen(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            var document = f.document(items: [PricingFixture.item("L-1")])
            document.encounters[0].authorizationNumber = "AUT-1"
            _ = try await store.billing.his.ingest(document, by: .system)

            // Draft: a new authorisation number is taken and audited.
            document.encounters[0].authorizationNumber = "AUT-2"
            let report = try await store.billing.his.ingest(document, by: .system)
            #expect(report.encountersUpdated == 1)
            let audit = try await store.audit.list(AuditQuery(entity: "encounter", action: "update")).items
            #expect(audit.first?.beforeJson == #"{"authorization_number":"AUT-1"}"#)
            #expect(audit.first?.afterJson == #"{"authorization_number":"AUT-2"}"#)

            let partialId = try #require(try await store.accounts.partials(.init(companyId: f.companyId)).items.first?.id)
            _ = try await store.billing.closing.close(partialId, by: .system)
            document.encounters[0].authorizationNumber = "AUT-3"
            document.encounters[0].patient.name = "Maria Trocada"
            await #expect {
                try await store.billing.his.ingest(document, by: .system)
            } throws: { error in
                guard case FaturaError.validation(let errors) = error else { return false }
                return Set(errors.map(\.field)) == ["encounters[0]", "encounters[0].patient"]
            }
            let detail = try await store.accounts.partial(partialId)
            #expect(detail.authorizationNumber == "AUT-2")
            #expect(detail.patient.name == "Maria")
        }
    }

    /// A quantity of 999.999.999.999,9999 is refused at the door and nothing is stored.
    @Test(arguments: TestDatabase.kinds)
    func absurdQuantitiesNeverReachTheDatabase(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            var item = PricingFixture.item("L-1", code: "41001010")
            item.quantity = try #require(Quantity(parsing: "999999999999.9999"))
            await #expect {
                try await store.billing.his.ingest(f.document(items: Array(repeating: item, count: 1)), by: .system)
            } throws: { error in
                guard case FaturaError.validation(let errors) = error else { return false }
                return errors.map(\.field) == ["encounters[0].partials[0].items[0].quantity"]
            }
            #expect(try await store.accounts.partials(.init(companyId: f.companyId)).total == 0)
        }
    }

    /// An Excel export in Windows-1252 is read as such: "Crânio" is stored, never "Cr�nio".
    @Test(arguments: TestDatabase.kinds)
    func aWindows1252FileIsReadWithItsAccents(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let table = try await store.priceTables.create(PriceTable(kind: .own, name: "Própria"), by: .system)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("latin1-\(UUID().uuidString).csv").path
            var bytes = Array("codigo;descricao;valor;inicio_vigencia\n10101;Cr".utf8)
            bytes += [0xE2] + Array("nio;10,00;01/01/2026\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let summary = try await store.importer.importValues(into: table, from: FileLines(path: path), by: .system)
            #expect(summary.rows == 1)
            #expect(summary.encoding == .windows1252)
            let entries = try await store.tableQueries.entries(of: table, code: nil, page: 1)
            #expect(entries.items.map(\.description) == ["Crânio"])
        }
    }

    /// A batch whose process is gone is known dead at once: the next run starts and the dead one says
    /// what it had committed.
    @Test(arguments: TestDatabase.kinds)
    func aKilledBatchDoesNotBlockTheNextRun(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let f = try await PricingFixture.make(store)
            let today = CalendarDay(iso: "2026-11-23")!
            let first = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            // As if the process had been killed: its pid is one that no longer exists.
            let gone = Process()
            gone.executableURL = URL(fileURLWithPath: "/bin/true")
            try gone.run()
            gone.waitUntilExit()
            try await store.database.write { sql in
                try await sql.update("exam_rule_runs").set("process_id", to: SQLBind(Int(gone.processIdentifier)))
                    .set("items_changed", to: SQLBind(7)).set("partials_changed", to: SQLBind(2)).where("id", .equal, SQLBind(first)).run()
            }
            let second = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            #expect(second != first)
            let dead = try #require(try await store.billing.examBatch.get(first))
            #expect(dead.status == .failed)
            #expect(dead.error?.contains("o processo que a executava terminou") == true)
            #expect(dead.error?.contains("7 item(ns) de 2 parcial(is)") == true)
            // A live run (this process) is still refused, with who started it.
            await #expect {
                _ = try await store.billing.examBatch.start(companyId: f.companyId, today: today, dryRun: false, by: .system)
            } throws: { error in
                guard case FaturaError.batchRunning(let message) = error else { return false }
                return message.hasPrefix("Já há uma execução da regra em lote")
            }
        }
    }

    /// A read does not wait for an open write transaction (WAL readers beside the writer on SQLite),
    /// and a write slipped into `read` fails loudly there instead of racing the writer.
    @Test(arguments: TestDatabase.kinds)
    func readsDoNotWaitForTheWriter(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let database = store.database
            let answer = try await withThrowingTaskGroup(of: Int?.self) { group in
                group.addTask {
                    try await database.transaction { _ in
                        // Inside the writer's transaction, a read on another connection must finish.
                        try await database.read { sql in
                            try await sql.raw("SELECT 41 + 1 AS n").first()?.decode(column: "n", as: Int.self)
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            #expect(answer == 42)
            if kind == .sqlite {
                await #expect(throws: (any Error).self) {
                    try await database.read { try await $0.raw("DELETE FROM sessions").run() }
                }
            }
        }
    }
}
