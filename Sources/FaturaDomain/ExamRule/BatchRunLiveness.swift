/// Whether a background run that says "running" is really alive. A run beats every couple of seconds;
/// one whose process is gone (same machine, no such process) is dead at once, and one silent for
/// `staleAfterSeconds` is dead wherever it ran (another machine, a frozen process).
public enum BatchRunLiveness {
    public static let staleAfterSeconds = 60

    /// `processAlive` is nil when the run is on another machine (or its process is unknown).
    public static func isDead(secondsSinceHeartbeat: Int, processAlive: Bool?) -> Bool {
        if processAlive == false { return true }
        return secondsSinceHeartbeat > staleAfterSeconds
    }
}
