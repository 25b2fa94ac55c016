import FaturaDomain
import Hummingbird
import Logging

/// Turns every error into the answer its caller understands: problem+json on the API, a page in
/// Portuguese for people, a redirect to the login page when the session is missing. Unknown
/// errors are logged with the request id and answered with a 500 that reveals nothing.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is CancellationError {
            // The server is stopping (or the client went away): not a fault, and nobody reads the answer.
            context.logger.notice("requisição interrompida", metadata: ["path": "\(request.uri.path)"])
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
        } catch {
            let isAPI = request.uri.path.hasPrefix("/api/")
            guard let problem = FaturaError.from(error) else {
                context.logger.error("erro interno", metadata: ["error": "\(String(reflecting: error))"])
                if isAPI { return Problem.internalError(requestId: context.id).response() }
                return renderer.html("error", ErrorPageModel(
                    title: "Erro interno", heading: "Erro interno",
                    text: "Algo deu errado. Informe ao suporte o código da requisição \(context.id).", signedIn: nil),
                    status: .internalServerError)
            }
            if problem.httpStatus >= 500 {
                // The server's trouble (a busy database): the cause goes to the log under the request id.
                context.logger.error("serviço indisponível", metadata: ["code": "\(problem.code)", "error": "\(String(reflecting: error))"])
            } else if problem.httpStatus >= 400 && problem.httpStatus != 404 {
                context.logger.notice("requisição recusada", metadata: ["code": "\(problem.code)", "path": "\(request.uri.path)"])
            }
            if isAPI { return Problem(problem).response() }
            if problem == .unauthenticated { return .redirect(to: SiteURL.login.path, type: .found) }
            var text = problem.message
            if case .validation(let errors) = problem { text = errors.map(\.message).joined(separator: " ") }
            let heading = problem.httpStatus == 404 ? "Página não encontrada" : "Não foi possível concluir"
            return renderer.html("error", ErrorPageModel(title: heading, heading: heading, text: text, signedIn: context.identity != nil),
                                 status: HTTPResponse.Status(code: problem.httpStatus))
        }
    }
}

/// The error page (outside the layout: it must render even when the layout's data cannot be read).
struct ErrorPageModel: Sendable {
    let title: String
    let heading: String
    let text: String
    /// nil on an internal error (not looked at): the page offers the login link too.
    let signedIn: Bool?
}
