/// A flag opened once: the job runner waits on it until the application has migrated the schema
/// (which happens after the services, PostgreSQL's client among them, have started).
public actor Readiness {
    public private(set) var isOpen = false

    public init() {}

    public func open() { isOpen = true }
}
