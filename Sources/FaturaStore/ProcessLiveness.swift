import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This process and machine, and whether another process of this machine still exists: a batch run
/// records where it runs so the next one can tell a killed run from a slow one.
public enum ProcessLiveness {
    public static let processId = Int(ProcessInfo.processInfo.processIdentifier)
    public static let host = ProcessInfo.processInfo.hostName

    /// `kill(pid, 0)` sends nothing: it only asks whether the process exists (EPERM: it exists,
    /// owned by another user).
    public static func isAlive(_ pid: Int) -> Bool {
        guard pid > 0, let pid = pid_t(exactly: pid) else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
