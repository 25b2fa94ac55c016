import FaturaDomain
import Foundation
import Hummingbird

/// A refusal shown to someone signed in: inside the layout (navigation, company), every message
/// of it, and a way back to the page they came from.
enum ErrorPage {
    static func render(_ problem: FaturaError, _ request: PageRequest) async throws -> Response {
        let heading = switch problem {
        case .notFound: "Página não encontrada"
        case .forbidden: "Sem permissão"
        default: "Não foi possível concluir"
        }
        let messages = problem.fieldErrors.map(\.message)
        // A validation refusal here has no form beside it: its sentences alone ("Há 1 campo com erro" would point at nothing).
        var text = messages.isEmpty ? problem.message : messages.joined(separator: " ")
        // After a concurrent change the way back is to the page as it is now.
        if FormRefusal(problem)?.isStale == true { text += " Volte à página: ela mostra a versão atual." }
        return try await request.render("message", title: heading, section: "", MessagePageModel(
            heading: heading, text: text,
            backHref: request.cameFrom ?? "/"), status: HTTPResponse.Status(code: problem.httpStatus))
    }
}

extension PageRequest {
    /// The page of this application the request came from (its path and query, from `Referer`:
    /// the policy is `same-origin`, so only this site's pages send one); nil when there is none.
    var cameFrom: String? {
        guard let referer = request.headers[.referer], let url = URL(string: referer), let host = url.host,
              host == request.head.authority?.split(separator: ":").first.map(String.init) ?? host,
              !url.path.isEmpty else { return nil }
        let path = url.path + (url.query.map { "?" + $0 } ?? "")
        return path.hasPrefix("/") && !path.hasPrefix("//") ? path : nil
    }
}
