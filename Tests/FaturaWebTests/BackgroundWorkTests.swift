@testable import FaturaWeb
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Work started by a page belongs to the application's services: it runs, and on shutdown it is
/// cancelled and awaited before the service (and so the store after it) stops.
@Suite struct BackgroundWorkTests {
    @Test func runsWorkAndOnShutdownCancelsAndWaitsForIt() async throws {
        let background = BackgroundWork()
        let group = ServiceGroup(configuration: .init(services: [background], logger: Logger(label: "test")))
        let log = Mutex<[String]>([])
        let service = Task { try await group.run() }
        let started = AsyncStream.makeStream(of: Void.self)
        #expect(background.submit {
            log.withLock { $0.append("started") }
            started.continuation.yield()
            // A long batch: goes on until cancelled, then finishes its unit.
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            log.withLock { $0.append("stopped at a unit boundary") }
        })
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        await group.triggerGracefulShutdown()
        try await service.value
        // The service returned only after the work had stopped; no work is taken afterwards.
        #expect(log.withLock { $0 } == ["started", "stopped at a unit boundary"])
        #expect(!background.submit { log.withLock { $0.append("too late") } })
    }
}
