import AsyncHTTPClient
import Foundation
import NIOCore

/// Drives one URL with many connections for a few seconds and reports the latency percentiles:
/// `wrk` (Debian's package) when it is installed, else a loop of its own over AsyncHTTPClient.
struct LoadDriver {
    let cookie: String
    let connections: Int
    let seconds: Int
    let useWrk: Bool

    struct Result {
        var p50: Double
        var p99: Double
        var requestsPerSecond: Double
        var errors: Int
    }

    enum Failure: Error, CustomStringConvertible {
        case notUp(String)
        case unexpected(String)
        var description: String {
            switch self {
            case .notUp(let url): "O servidor não respondeu em \(url)."
            case .unexpected(let text): text
            }
        }
    }

    static let wrkPath = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
    var tool: String { useWrk && Self.wrkPath != nil ? "wrk" : "laço embutido" }

    func waitUntilUp(_ url: String) async throws {
        for _ in 0..<100 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2)), response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure.notUp(url)
    }

    /// One request first: the page must be the worklist (200 with its pager), not the login page.
    /// The page answers 200 with what it is measured for (`marker` in its HTML), before it is measured.
    func check(_ url: String, expecting marker: String = "class=\"pager\"", what: String = "a lista de parciais") async throws {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Cookie", value: cookie)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
        guard response.status == .ok, body.contains(marker) else {
            throw Failure.unexpected("\(url) respondeu \(response.status.code) sem \(what).")
        }
    }

    func measure(_ url: String) async throws -> Result {
        if useWrk, let wrk = Self.wrkPath { return try runWrk(wrk, url) }
        return try await runLoop(url)
    }

    private func runWrk(_ wrk: String, _ url: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "--timeout", "30s", "-H", "Cookie: \(cookie)", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func latency(_ label: String) -> Double? {
            guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }),
                  let value = line.split(separator: " ").last else { return nil }
            return Self.milliseconds(String(value))
        }
        func number(after label: String) -> Double? {
            output.split(separator: "\n").first { $0.contains(label) }.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
        }
        guard let p50 = latency("50%"), let p99 = latency("99%"), let rate = number(after: "Requests/sec:") else {
            throw Failure.unexpected("Saída do wrk não reconhecida:\n\(output)")
        }
        let errors = Int(number(after: "Non-2xx or 3xx responses:") ?? 0)
            + (output.contains("Socket errors") ? 1 : 0)
        return Result(p50: p50, p99: p99, requestsPerSecond: rate, errors: errors)
    }

    /// "850.00us", "12.34ms", "1.20s" → milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1_000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }

    private func runLoop(_ url: String) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(seconds)
        let cookie = cookie
        let samples = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    while ContinuousClock.now < deadline {
                        var request = HTTPClientRequest(url: url)
                        request.headers.add(name: "Cookie", value: cookie)
                        let start = ContinuousClock.now
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 16 * 1024 * 1024)
                            if response.status != .ok { errors += 1 }
                        } catch { errors += 1 }
                        let elapsed = ContinuousClock.now - start
                        latencies.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                    return (latencies, errors)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for try await (latencies, errors) in group { all.0 += latencies; all.1 += errors }
            return all
        }
        let sorted = samples.0.sorted()
        guard !sorted.isEmpty else { throw Failure.unexpected("Nenhuma resposta em \(seconds) s.") }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return Result(p50: percentile(0.5), p99: percentile(0.99), requestsPerSecond: Double(sorted.count) / Double(seconds), errors: samples.1)
    }
}
