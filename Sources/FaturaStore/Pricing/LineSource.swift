import FaturaDomain
import Foundation

/// Lines of a text file or of an uploaded body, read one at a time so a 50 000-row table does
/// not sit in memory twice. Line numbers start at 1 (the header).
/// `forEachLine` answers how the text was read: UTF-8, or Windows-1252 when the bytes were not
/// UTF-8 (an Excel export), so the caller can tell the person.
public protocol LineSource: Sendable {
    @discardableResult
    func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws -> TextEncoding
}

/// Text already in memory (an upload, a test).
public struct TextLines: LineSource {
    public let text: String
    public let encoding: TextEncoding
    public init(_ text: String, encoding: TextEncoding = .utf8) {
        self.text = text
        self.encoding = encoding
    }

    /// The bytes of an upload, read as UTF-8 or else Windows-1252.
    public init(bytes: [UInt8]) {
        let decoded = TextDecoding.decode(bytes)
        self.init(decoded.text, encoding: decoded.encoding)
    }

    @discardableResult
    public func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws -> TextEncoding {
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if number > 1 && line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            try await body(number, line)
        }
        return encoding
    }
}

/// A file read in 64 KiB chunks; UTF-8, with or without a BOM, `\n` or `\r\n` line ends. A line
/// that is not UTF-8 is read as Windows-1252 (and the answer says so).
public struct FileLines: LineSource {
    public let path: String
    public init(path: String) { self.path = path }

    @discardableResult
    public func forEachLine(_ body: (Int, Substring) async throws -> Void) async throws -> TextEncoding {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError.unreadable(path)
        }
        defer { try? handle.close() }
        var pending = Data()
        var number = 0
        var encoding = TextEncoding.utf8
        func emit(_ data: Data) async throws {
            number += 1
            var line: String
            if let text = String(validating: data, as: UTF8.self) {
                line = text
            } else {
                line = TextDecoding.windows1252(data)
                encoding = .windows1252
            }
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
        return encoding
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
