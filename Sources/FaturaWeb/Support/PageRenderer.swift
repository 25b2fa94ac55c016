import Foundation
import Hummingbird
import Mustache

/// Renders the Mustache templates shipped in the module's resources into HTML responses.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> PageRenderer {
        guard let base = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw PageRendererError.missingResources
        }
        MustacheContentTypes.register(FastHTMLEscaping(), named: FastHTMLEscaping.name)
        let directory = base.appendingPathComponent("templates")
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            // Every template (partials too: the library resets the content type when it enters one)
            // escapes with `FastHTMLEscaping`.
            try library.register("{{%CONTENT_TYPE:\(FastHTMLEscaping.name)}}" + text, named: String(file.dropLast(".mustache".count)))
        }
        return PageRenderer(library: library)
    }

    /// `model` is a typed value (a struct, or a `PageContext` of page and layout); swift-mustache
    /// reads its fields by name.
    func html<Model: Sendable>(_ template: String, _ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        let body = string(template, model)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension PageRenderer {
    /// `template` rendered with `model`, as text (a page's content kept to be put in its layout later).
    func string<Model: Sendable>(_ template: String, _ model: Model) -> String {
        library.render(model, withTemplate: template) ?? "<!doctype html><title>Erro</title><p>Modelo de página ausente: \(template)</p>"
    }
}

enum PageRendererError: Error, CustomStringConvertible {
    case missingResources
    var description: String { "Os recursos da aplicação (modelos de página) não foram encontrados junto ao executável." }
}

/// Static assets kept in memory: one stylesheet, read once at start.
struct StaticAssets: Sendable {
    let stylesheet: ByteBuffer

    static func load() throws -> StaticAssets {
        guard let base = Bundle.module.url(forResource: "Resources", withExtension: nil) else { throw PageRendererError.missingResources }
        let css = try Data(contentsOf: base.appendingPathComponent("public/style.css"))
        return StaticAssets(stylesheet: ByteBuffer(bytes: css))
    }
}

/// An empty string counts as "nothing" in a Mustache section, as in most Mustache engines:
/// `{{#errorSummary}}…{{/errorSummary}}` stays out of the page when there is no error.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}

/// HTML escaping of `{{value}}` over UTF-8 bytes. The library's escaper looks each Character up in a
/// dictionary, which was a tenth of the worklist's CPU (perf); most values have nothing to escape and
/// are returned as they are.
struct FastHTMLEscaping: MustacheContentType {
    static let name = "FATURA_HTML"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
                                    || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
