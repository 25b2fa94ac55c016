import Logging
import ServiceLifecycle

/// Work a page starts that outlives its request (the exam-rule batch), owned by the application's
/// `ServiceGroup` instead of a detached task: on graceful shutdown it takes no more work, cancels
/// what is running and waits for it, before the store (an earlier service) closes. The batch stops
/// at its next chunk (each chunk is one transaction, so nothing is half-written), records the run as
/// interrupted and the next run finishes the work.
final class BackgroundWork: Service, Sendable {
    typealias Work = @Sendable () async -> Void
    private let stream: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Work.self)
    }

    /// Starts `work` in the background; refused (false) once the application is shutting down.
    @discardableResult
    func submit(_ work: @escaping Work) -> Bool {
        if case .enqueued = continuation.yield(work) { return true }
        return false
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            await withGracefulShutdownHandler {
                for await work in stream { group.addTask { await work() } }
            } onGracefulShutdown: { [continuation] in
                continuation.finish()
            }
            group.cancelAll()
            await group.waitForAll()
        }
    }
}
