/// Who did something, as the audit log records it. `system` is used by migrations, demo data and batch jobs.
public struct AuditActor: Sendable, Equatable {
    public var userId: Int?
    public var username: String

    public init(userId: Int?, username: String) {
        self.userId = userId
        self.username = username
    }

    public static let system = AuditActor(userId: nil, username: "sistema")
}
