import Foundation

/// A minimal `multipart/form-data` reader for the import forms (a few text fields and one file),
/// so uploads work from a plain HTML form without JavaScript.
enum Multipart {
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    static func boundary(fromContentType contentType: String) -> String? {
        for piece in contentType.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                return String(trimmed.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Parts of the body; malformed parts are skipped (the handler then reports the missing field).
    static func parse(_ body: Data, boundary: String) -> [Part] {
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var searchStart = body.startIndex
        var ranges: [Range<Data.Index>] = []
        while let found = body.range(of: delimiter, in: searchStart..<body.endIndex) {
            ranges.append(found)
            searchStart = found.upperBound
        }
        for (current, next) in zip(ranges, ranges.dropFirst()) {
            var chunk = body[current.upperBound..<next.lowerBound]
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            if chunk.count >= 2, chunk.suffix(2) == Data("\r\n".utf8) { chunk = chunk.dropLast(2) }
            guard let split = chunk.range(of: headerEnd) else { continue }
            let headers = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }),
                  let name = attribute("name", in: String(disposition)) else { continue }
            parts.append(Part(name: name, filename: attribute("filename", in: String(disposition)), data: Data(chunk[split.upperBound...])))
        }
        return parts
    }

    static func attribute(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(key + "=") {
                return String(trimmed.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
