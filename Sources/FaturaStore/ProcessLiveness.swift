import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This process and machine, and whether another process of this machine still exists: a batch run
/// records where it runs so the next one can tell a killed run from a slow one.
enum ProcessLiveness {
    static let processId = Int(ProcessInfo.processInfo.processIdentifier)
    static let host = ProcessInfo.processInfo.hostName

    /// `kill(pid, 0)` sends nothing: it only asks whether the process exists (EPERM: it exists,
    /// owned by another user).
    static func isAlive(_ pid: Int) -> Bool {
        guard pid > 0, let pid = pid_t(exactly: pid) else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
