internal import CLibXML2
import Foundation

/// One official TISS schema set (`tissVX_YY_ZZ.xsd` and what it includes), compiled once with
/// libxml2 and used to validate every batch in process, as `xmllint --noout --schema` would.
/// The schema files come from the reference folder (`../shared/tiss` or `FATURA_REFERENCE_DATA`).
public final class TISSSchema: @unchecked Sendable {
    // A compiled schema is read-only; each validation has its own context (safe across threads).
    private let schema: xmlSchemaPtr

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "linha \(line): \(message)" }
    }

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .missing(let path): "Esquema TISS não encontrado: \(path)."
            case .invalid(let path): "Esquema TISS inválido ou incompleto: \(path)."
            }
        }
    }

    public init(path: String) throws(LoadError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        guard let parser = xmlSchemaNewParserCtxt(path) else { throw .invalid(path) }
        defer { xmlSchemaFreeParserCtxt(parser) }
        // The schemas' own messages (if any) are not the user's: silence them.
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else { throw .invalid(path) }
        self.schema = schema
    }

    /// The schema of a TISS version in a reference folder (`4.03.00` → `4.03.00/tissV4_03_00.xsd`).
    public convenience init(version: String, in folder: URL) throws(LoadError) {
        let file = "tissV" + version.replacingOccurrences(of: ".", with: "_") + ".xsd"
        try self.init(path: folder.appendingPathComponent("tiss/\(version)/\(file)").path)
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates bytes this program wrote, as they are parsed (SAX: no tree is built), which is
    /// what the invoice's close and the benchmark need. Files from outside go through
    /// `TISSDocument` first (hardened reading), then `validate(_:)`.
    public func validateGenerated(_ bytes: [UInt8]) -> [Problem] {
        collecting { context in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                    // The stream takes ownership of the input buffer and frees it.
                    guard let input = xmlParserInputBufferCreateMem(base, Int32(buffer.count), XML_CHAR_ENCODING_NONE) else { return -1 }
                    return xmlSchemaValidateStream(context, input, XML_CHAR_ENCODING_NONE, nil, nil)
                }
            }
        }
    }

    /// Every problem of the document against the schema, with its line; empty when valid.
    public func validate(_ document: borrowing TISSDocument) -> [Problem] {
        let doc = document.doc
        return collecting { xmlSchemaValidateDoc($0, doc) }
    }

    /// Runs one validation with its own context, collecting every message with its line.
    private func collecting(_ run: (xmlSchemaValidCtxtPtr) -> Int32) -> [Problem] {
        final class Collector { var problems: [Problem] = [] }
        let collector = Collector()
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [Problem(line: 0, message: "sem memória para validar")] }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, { user, error in
            guard let user, let error else { return }
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "erro de validação"
            Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().problems.append(Problem(line: Int(error.pointee.line), message: message))
        }, Unmanaged.passUnretained(collector).toOpaque())
        let result = withExtendedLifetime(collector) { run(context) }
        if result != 0 && collector.problems.isEmpty { return [Problem(line: 0, message: "documento inválido (código \(result))")] }
        return collector.problems
    }
}
