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
        let library = try await MustacheLibrary(directory: base.appendingPathComponent("templates").path)
        return PageRenderer(library: library)
    }

    func html(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(context, withTemplate: template) ?? "<!doctype html><title>Erro</title><p>Modelo de página ausente: \(template)</p>"
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
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
