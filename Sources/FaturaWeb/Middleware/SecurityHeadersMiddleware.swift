import HTTPTypes
import NIOCore
import Hummingbird

/// Headers that keep pages from being framed, sniffed or loading anything from elsewhere.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name.xFrameOptions] = "DENY"
        response.headers[HTTPField.Name.referrerPolicy] = "same-origin"
        return response
    }
}

/// Refuses bodies over the configured size before any handler reads them; import routes (files)
/// get the larger import limit.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let defaultMaxBytes: Int
    let importMaxBytes: Int

    static let importPrefixes = ["/tables", "/api/v1/his/", "/accounts/import", "/api/v1/price-tables/", "/api/v1/value-tables", "/glosas/statements", "/api/v1/statements", "/api/v1/payment-statements"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        let maxBytes = Self.importPrefixes.contains { path.hasPrefix($0) } ? importMaxBytes : defaultMaxBytes
        context.maxBodyBytes = maxBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .patch {
            // Collect here, with the limit, so a body without Content-Length (chunked) cannot grow
            // without bound; past the limit it is the same 413 as a declared length.
            do {
                let buffer = try await request.body.collect(upTo: maxBytes)
                request.body = .init(buffer: buffer)
            } catch is NIOTooManyBytesError {
                throw HTTPError(.contentTooLarge)
            }
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    // Valid literal names: the initializer only fails on characters these do not have.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options") ?? .contentSecurityPolicy
    static let referrerPolicy = HTTPField.Name("Referrer-Policy") ?? .contentSecurityPolicy
}
