import Foundation

/// Lines of a text file or of an uploaded body, read one at a time so a 50 000-row table does
/// not sit in memory twice. Line numbers start at 1 (the header).
public protocol LineSource: Sendable {
    func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws
}

/// Text already in memory (an upload, a test).
public struct TextLines: LineSource {
    public let text: String
    public init(_ text: String) { self.text = text }

    public func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws {
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if number > 1 && line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            try await body(number, line)
        }
    }
}

/// A file read in 64 KiB chunks; UTF-8, with or without a BOM, `\n` or `\r\n` line ends.
public struct FileLines: LineSource {
    public let path: String
    public init(path: String) { self.path = path }

    public func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError.unreadable(path)
        }
        defer { try? handle.close() }
        var pending = Data()
        var number = 0
        func emit(_ data: Data) async throws {
            number += 1
            var line = String(decoding: data, as: UTF8.self)
            if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if number > 1 && line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            try await body(number, Substring(line))
        }
        while let chunk = try handle.read(upToCount: 65_536), !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                try await emit(pending[pending.startIndex..<newline])
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        if !pending.isEmpty { try await emit(pending) }
    }
}

public enum ImportFileError: Error, CustomStringConvertible {
    case unreadable(String)
    public var description: String {
        switch self {
        case .unreadable(let path): "Não foi possível ler o arquivo \(path)."
        }
    }
}
