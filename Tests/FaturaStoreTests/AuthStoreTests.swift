import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Foundation
import Testing

@Suite struct AuthStoreTests {
    @Test(arguments: TestDatabase.kinds)
    func baselineSeedsSectorsAndOneAdmin(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let generated = try await Seeder(store: store).ensureBaseline(adminPassword: nil)
            let password = try #require(generated)
            #expect(password.count == 16)
            #expect(try await store.sectors.list(ListQuery(perPage: 100)).total == 13)
            let admin = try await store.users.authenticate(username: "admin", password: password)
            #expect(admin.role == .admin)
            // A second start seeds nothing and prints no password.
            #expect(try await Seeder(store: store).ensureBaseline(adminPassword: nil) == nil)
            #expect(try await store.users.count() == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func locksAfterFiveFailedLoginsAndAPasswordResetUnlocks(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let user = try await store.users.create(User(username: "ana", fullName: "Ana", role: .biller), password: "certa123", by: .system)
            for _ in 1...4 {
                await #expect(throws: FaturaError.invalidCredentials) { _ = try await store.users.authenticate(username: "ana", password: "errada") }
            }
            await #expect(throws: FaturaError.accountLocked) { _ = try await store.users.authenticate(username: "ana", password: "errada") }
            // Locked: even the right password is refused.
            await #expect(throws: FaturaError.accountLocked) { _ = try await store.users.authenticate(username: "ana", password: "certa123") }
            // After the lock expires (16 minutes later) the right password works.
            let later = Date().addingTimeInterval(16 * 60)
            #expect(try await store.users.authenticate(username: "ana", password: "certa123", now: later).id == user.id)

            for _ in 1...5 { _ = try? await store.users.authenticate(username: "ana", password: "errada") }
            try await store.users.setPassword(try #require(user.id), "nova-senha", by: .system)
            #expect(try await store.users.authenticate(username: " ANA ", password: "nova-senha").username == "ana")
            #expect(try await store.audit.list(AuditQuery(entity: "user", action: "login_failed")).total == 10)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func inactiveAndUnknownUsersGetTheSameAnswer(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let user = try await store.users.create(User(username: "bia", fullName: "Bia", role: .auditor), password: "senha123", by: .system)
            _ = try await store.users.registry.setActive(try #require(user.id), false, by: .system)
            await #expect(throws: FaturaError.invalidCredentials) { _ = try await store.users.authenticate(username: "bia", password: "senha123") }
            await #expect(throws: FaturaError.invalidCredentials) { _ = try await store.users.authenticate(username: "ninguem", password: "x") }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func sessionsExpireAndFollowTheUsersState(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let user = try await store.users.create(User(username: "caio", fullName: "Caio", role: .supervisor), password: "senha123", by: .system)
            let token = try await store.sessions.create(for: user, companyId: nil)
            let session = try #require(try await store.sessions.find(token: token))
            #expect(session.user.username == "caio")
            #expect(session.csrfToken.count == 64)
            #expect(try await store.sessions.find(token: token, now: Date().addingTimeInterval(11 * 3600)) == nil)
            #expect(try await store.sessions.find(token: "outro") == nil)
            _ = try await store.users.registry.setActive(try #require(user.id), false, by: .system)
            #expect(try await store.sessions.find(token: token) == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func apiTokensAuthenticateUntilRevoked(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let user = try await store.users.create(User(username: "his", fullName: "Integração HIS", role: .biller), password: "senha123", by: .system)
            let actor = AuditActor(userId: user.id, username: user.username)
            let (token, secret) = try await store.tokens.create(for: user, name: "Integração HIS", by: actor)
            #expect(secret.hasPrefix("fat_"))
            #expect(secret.hasPrefix(token.prefix))
            #expect(try await store.tokens.authenticate(secret: secret)?.username == "his")
            #expect(try await store.tokens.list(userId: try #require(user.id)).first?.lastUsedAt != nil)
            try await store.tokens.revoke(id: token.id, userId: user.id, by: actor)
            #expect(try await store.tokens.authenticate(secret: secret) == nil)
            // Another user cannot revoke (or even see) it.
            await #expect(throws: FaturaError.notFound(entity: "token")) { try await store.tokens.revoke(id: token.id, userId: 999, by: actor) }
        }
    }
}
