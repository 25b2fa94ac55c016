/// A background run's state as stored (`exam_rule_runs.status`).
public enum BatchRunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case done
    /// Ended by an error, a dead process or a shutdown; what it committed stays, the next run goes on.
    case failed

    public var label: String {
        switch self {
        case .running: "Em execução"
        case .done: "Concluída"
        case .failed: "Interrompida"
        }
    }
}
