import FaturaDomain
import Foundation
import Hummingbird
import NIOFoundationCompat

/// A decoded `application/x-www-form-urlencoded` body. Missing fields read as empty, so a form
/// that lost a field gets a "required" message instead of a crash.
struct FormData: Sendable {
    private(set) var values: [String: [String]] = [:]
    /// Uploaded files of a multipart form, by field name: the file name, its text, and how it was read
    /// (UTF-8, or Windows-1252 for an Excel export: never U+FFFD in place of accents).
    private(set) var files: [String: (filename: String, text: String, encoding: TextEncoding)] = [:]
    /// The uploaded files' bytes as sent (XML keeps its own declared encoding).
    private(set) var fileBytes: [String: [UInt8]] = [:]

    init(_ pairs: [(String, String)] = []) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    /// Parses `a=1&b=x+y%C3%A9`. Malformed percent-escapes are kept as typed rather than refused.
    init(urlEncoded text: String) {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(kv[0])
            let value = kv.count > 1 ? Self.decode(kv[1]) : ""
            pairs.append((name, value))
        }
        self.init(pairs)
    }

    static func decode(_ text: Substring) -> String {
        let plusAsSpace = text.replacingOccurrences(of: "+", with: " ")
        return plusAsSpace.removingPercentEncoding ?? plusAsSpace
    }

    subscript(_ name: String) -> String { values[name]?.first ?? "" }

    func optional(_ name: String) -> String? {
        let value = self[name].trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    /// Every value sent under `name` (checkboxes of a list).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Reads the body of a form POST (URL-encoded or multipart), refusing bodies over the context's limit.
    static func read(_ request: Request, context: some RequestContext) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
           let boundary = Multipart.boundary(fromContentType: contentType) {
            var form = FormData()
            for part in Multipart.parse(Data(buffer: buffer), boundary: boundary) {
                if let filename = part.filename {
                    let decoded = TextDecoding.decode([UInt8](part.data))
                    form.files[part.name] = (filename, decoded.text, decoded.encoding)
                    form.fileBytes[part.name] = [UInt8](part.data)
                } else {
                    form.values[part.name, default: []].append(String(decoding: part.data, as: UTF8.self))
                }
            }
            return form
        }
        return FormData(urlEncoded: String(buffer: buffer))
    }
}
