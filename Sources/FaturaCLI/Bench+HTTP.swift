import FaturaDomain
import FaturaStore
import FaturaWeb
import Foundation
import Logging
import ServiceLifecycle

/// The pieces every HTTP benchmark shares: a session for the bench's supervisor on the generated
/// database, the application served on loopback over it, and each page driven by the load driver
/// after a check that it shows what is measured.
enum BenchHTTP {
    /// A supervisor and a session on `companyId`: the cookie the driver sends.
    static func session(_ store: Store, companyId: Int) async throws -> String {
        let user = try await store.users.create(User(username: "bench.supervisor", fullName: "Supervisora da medida", role: .supervisor),
                                                password: "bench-\(UUID().uuidString)", by: .system)
        return SessionCookie.name + "=" + (try await store.sessions.create(for: user, companyId: companyId))
    }

    /// The running application: its base URL and how to stop it.
    struct Server {
        let base: String
        let services: ServiceGroup
        let task: Task<Void, Error>

        func stop() async {
            await services.triggerGracefulShutdown()
            _ = await task.result
        }
    }

    /// Serves `location` on loopback and waits until `/health` answers.
    static func serve(_ location: DatabaseLocation, port: Int, driver: LoadDriver, logger: Logger, pageCache: Bool = true) async throws -> Server {
        let app = try await buildApplication(AppConfiguration(host: "127.0.0.1", port: port, database: location, adminPassword: "bench",
                                                              bcryptCost: 4, secureCookies: false, logLevel: .warning, pageCache: pageCache))
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await services.run() }
        let base = "http://127.0.0.1:\(port)"
        do { try await driver.waitUntilUp(base + "/health") } catch { task.cancel(); throw error }
        return Server(base: base, services: services, task: task)
    }
}
