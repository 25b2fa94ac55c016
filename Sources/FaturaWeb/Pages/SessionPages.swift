import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// Choosing the current company and signing out.
enum SessionPages {
    static let routes = [
        PageRoute(.post, "/session/company", .useApplication) { request in
            guard let id = Int(request.form["companyId"]), let company = try await request.store.companies.find(id), company.active else {
                throw FaturaError.validation([FieldError("companyId", "Escolha uma coligada ativa.")])
            }
            try await request.store.sessions.setCompany(sessionId: request.session.id, companyId: id)
            return request.redirect(safeReturnPath(request.form["returnTo"]), notice: .companyChanged)
        },
        PageRoute(.post, "/logout", .useApplication) { request in
            if let token = request.request.cookies[AuthRoutes.sessionCookie]?.value {
                try await request.store.sessions.delete(token: token)
            }
            try await request.store.audit.recordEvent(actor: request.actor, action: .logout, entity: "user",
                                                      entityId: request.identity.user.id.map(String.init), detail: nil)
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(AuthRoutes.expiredCookie(AuthRoutes.sessionCookie, secure: request.environment.configuration.secureCookies))
            return response
        },
    ]

    /// Only local paths: a crafted `returnTo` must not send the user to another site.
    static func safeReturnPath(_ path: String, fallback: String = "/") -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return fallback }
        return path
    }
}
