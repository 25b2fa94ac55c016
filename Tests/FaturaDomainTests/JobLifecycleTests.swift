import FaturaDomain
import Testing

/// A job's lifecycle: every transition allowed and every one refused.
@Suite struct JobLifecycleTests {
    @Test func allowedTransitions() {
        #expect(JobStatus.queued.after(.claim) == .running)
        #expect(JobStatus.running.after(.finish) == .done)
        #expect(JobStatus.running.after(.fail) == .failed)
        #expect(JobStatus.running.after(.interrupt) == .queued)
    }

    @Test func everyOtherTransitionIsRefused() {
        let allowed: Set<String> = ["queued-claim", "running-finish", "running-fail", "running-interrupt"]
        for status in JobStatus.allCases {
            for event in JobEvent.allCases where !allowed.contains("\(status.rawValue)-\(event)") {
                #expect(status.after(event) == nil, "\(status) + \(event)")
            }
        }
    }

    /// A dead process on this machine makes it an orphan at once; a silence of more than 60 s does
    /// anywhere, also behind a live process of the same number (a restarted container's PID 1).
    @Test func orphans() {
        #expect(JobLiveness.isOrphan(processAlive: false, secondsSinceHeartbeat: 0))
        #expect(!JobLiveness.isOrphan(processAlive: true, secondsSinceHeartbeat: 60))
        #expect(JobLiveness.isOrphan(processAlive: true, secondsSinceHeartbeat: 3_600))
        #expect(!JobLiveness.isOrphan(processAlive: nil, secondsSinceHeartbeat: 60))
        #expect(JobLiveness.isOrphan(processAlive: nil, secondsSinceHeartbeat: 61))
    }
}
