internal import CLibXML2
import Crypto
import FaturaDomain
import Foundation

/// A TISS file read the hardened way: no network, no external DTD or entity ever loaded or
/// expanded, and a document that declares a DTD refused outright (a TISS message has none).
public struct TISSDocument: ~Copyable {
    let doc: xmlDocPtr

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        /// Not well-formed; the parser's first message and its line.
        case malformed(line: Int, message: String)
        /// A `<!DOCTYPE …>` (internal or external): refused without being resolved.
        case doctype
        case tooLarge

        public var description: String {
            switch self {
            case .malformed(let line, let message): "XML malformado na linha \(line): \(message)"
            case .doctype: "O arquivo declara um DTD (<!DOCTYPE …>): arquivos TISS não têm DTD e este não foi lido."
            case .tooLarge: "O arquivo passa do limite de 64 MiB."
            }
        }
    }

    /// The largest TISS file read whole (a statement of a large payer streams past this later).
    public static let maxBytes = 64 * 1024 * 1024

    public init(_ bytes: [UInt8]) throws(ReadError) {
        guard bytes.count <= Self.maxBytes else { throw .tooLarge }
        // Refused before the parser reads the DTD's internal subset (entities, billion laughs).
        if XMLProlog.declaresDoctype(bytes) { throw .doctype }
        // NONET: never fetch; no NOENT/DTDLOAD/DTDATTR: entities are not substituted, no DTD is loaded.
        // NOERROR/NOWARNING: messages come back as the error below, not on standard error.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard let doc = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlReadMemory($0, Int32(buffer.count), "tiss.xml", nil, options) }
            }
        }) else {
            let error = xmlGetLastError()
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } } ?? "documento vazio"
            throw .malformed(line: Int(error?.pointee.line ?? 0), message: message)
        }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            xmlFreeDoc(doc)
            throw .doctype
        }
        self.doc = doc
    }

    deinit { xmlFreeDoc(doc) }

    /// The text of every leaf element in document order, the `hash` element's own text left out
    /// (DOMAIN.md §4: what the epilogue's hash is computed over).
    public func leafText() -> String {
        var text = ""
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    var child = n.pointee.children
                    var hasElement = false
                    while let c = child { if c.pointee.type == XML_ELEMENT_NODE { hasElement = true; break }; child = c.pointee.next }
                    if hasElement {
                        walk(n.pointee.children)
                    } else if String(cString: n.pointee.name) != "hash", let content = xmlNodeGetContent(n) {
                        text += String(cString: content)
                        fatura_xml_free(content)
                    }
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
        return text
    }

    /// The `hash` of the file's epilogue as written.
    public func writtenHash() -> String? {
        var found: String?
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current, found == nil {
                if n.pointee.type == XML_ELEMENT_NODE {
                    if String(cString: n.pointee.name) == "hash", let content = xmlNodeGetContent(n) {
                        found = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
                        fatura_xml_free(content)
                        return
                    }
                    walk(n.pointee.children)
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
        return found
    }
}

/// The epilogue's hash: MD5, lowercase hex, of the leaf text encoded as the payer wants it
/// (ISO-8859-1 by the ANS manual; some payers UTF-8). Text ISO-8859-1 cannot hold is refused.
public enum TISSHash {
    public enum Encoding: String, Sendable, CaseIterable {
        case iso88591 = "iso-8859-1"
        case utf8 = "utf-8"
    }

    public static func of(leafText text: String, encoding: Encoding) -> String? {
        let bytes: Data
        switch encoding {
        case .utf8: bytes = Data(text.utf8)
        case .iso88591:
            guard let latin = text.data(using: .isoLatin1) else { return nil }
            bytes = latin
        }
        return Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// MD5 of bytes already in the payer's encoding, lowercase hex.
    public static func md5(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for byte in Insecure.MD5.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    public static func of(_ document: borrowing TISSDocument, encoding: Encoding) -> String? {
        of(leafText: document.leafText(), encoding: encoding)
    }
}
