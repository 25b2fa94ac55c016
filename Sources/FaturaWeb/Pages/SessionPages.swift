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
            var response = Response.redirect(to: SiteURL.login.path, type: .normal)
            response.setCookie(AuthRoutes.expiredCookie(AuthRoutes.sessionCookie, secure: request.environment.configuration.secureCookies))
            return response
        },
    ]

    /// Only local paths: a crafted `returnTo` or `next` must not send the user to another site.
    /// Browsers drop tabs and line breaks from URLs and read `\` as `/`, so `/\t/evil.example/` is
    /// `//evil.example/` to them: any control character, space, backslash or a second leading slash
    /// means the fallback. What is left must read back as a path with no scheme and no host.
    static func safeReturnPath(_ path: String, fallback: String = "/") -> String {
        guard path.hasPrefix("/"), path.count <= 2_000,
              !path.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || ($0.value >= 0x80 && $0.value <= 0x9F) || $0 == "\\" }),
              !path.dropFirst().hasPrefix("/"),
              let components = URLComponents(string: path), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/"), !components.path.hasPrefix("//")
        else { return fallback }
        return path
    }
}
