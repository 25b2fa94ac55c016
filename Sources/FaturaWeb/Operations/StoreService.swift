import FaturaStore
import ServiceLifecycle

/// Closes the database after the server has stopped taking requests (graceful shutdown).
struct StoreService: Service {
    let store: Store

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
