/// Page models kept while the data they were built from has not changed: the tracking map and the
/// indicators are read far more often than the invoices' money moves (issue 14: 32 people on the
/// map at once), and building one is a few thousand formatted cells.
///
/// An entry is good for exactly one data version (`DataVersion`, bumped by the database's triggers
/// with every change): the caller reads the version first, then asks for the model; a request that
/// finds the same version gets the same model, any change makes the next request build it again.
/// Requests that miss together wait for one build. At most `capacity` entries, the least recently
/// used dropped first, so memory stays bounded whatever the filters asked.
actor PageCache<Value: Sendable> {
    private struct Entry {
        let version: Int64
        let task: Task<Value, any Error>
        var used: UInt64
    }

    private let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    /// Off (every request builds its model) for the benchmark's cold figures.
    let enabled: Bool

    init(capacity: Int = 24, enabled: Bool = true) {
        self.capacity = capacity
        self.enabled = enabled
    }

    func value(_ key: String, version: Int64, build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        guard enabled else { return try await build() }
        clock += 1
        if var entry = entries[key], entry.version == version {
            entry.used = clock
            entries[key] = entry
            return try await entry.task.value
        }
        let task = Task { try await build() }
        entries[key] = Entry(version: version, task: task, used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key { entries[oldest] = nil }
        do {
            return try await task.value
        } catch {
            // A failed build is not kept: the next request tries again.
            if entries[key]?.version == version { entries[key] = nil }
            throw error
        }
    }
}
