import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// The login page and form. These are the only pages open without a session; the form is
/// protected by a double-submit cookie because there is no session token yet.
enum AuthRoutes {
    static let sessionCookie = SessionCookie.name
    static let loginCSRFCookie = "fatura_login_csrf"

    static func register(on router: Router<AppRequestContext>, environment: WebEnvironment) {
        router.get("/login") { request, context in
            if context.identity?.session != nil { return Response.redirect(to: "/") }
            return loginPage(request, environment: environment, next: request.uri.queryParameters.get("next") ?? "/")
        }
        router.post("/login") { request, context in
            let form = try await FormData.read(request, context: context)
            let next = SessionPages.safeReturnPath(form["next"])
            guard let cookie = request.cookies[loginCSRFCookie]?.value, Secrets.constantTimeEqual(cookie, form["_csrf"]) else {
                throw FaturaError.csrfRejected
            }
            let store = environment.store
            do {
                let user = try await store.users.authenticate(username: form["username"], password: form["password"])
                let firstCompany = try await store.companies.list(ListQuery(active: true, perPage: 1)).items.first?.id
                let token = try await store.sessions.create(for: user, companyId: firstCompany)
                var response = Response.redirect(to: next, type: .normal)
                response.setCookie(Cookie(name: sessionCookie, value: token, path: "/",
                                          secure: environment.configuration.secureCookies, httpOnly: true, sameSite: .lax))
                response.setCookie(expiredCookie(loginCSRFCookie, secure: environment.configuration.secureCookies))
                return response
            } catch let error as FaturaError where error == .invalidCredentials || error == .accountLocked {
                return loginPage(request, environment: environment, next: next, username: form["username"], error: error)
            }
        }
    }

    static func loginPage(_ request: Request, environment: WebEnvironment, next: String, username: String = "",
                          error: FaturaError? = nil) -> Response {
        let csrf = Secrets.randomToken()
        let model = LoginPageModel(csrf: csrf, next: SessionPages.safeReturnPath(next), username: username, title: "Entrar",
                                   error: error?.message)
        var response = environment.renderer.html("login", model, status: error.map { HTTPResponse.Status(code: $0.httpStatus) } ?? .ok)
        response.setCookie(Cookie(name: loginCSRFCookie, value: csrf, path: "/login",
                                  secure: environment.configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    static func expiredCookie(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: name == loginCSRFCookie ? "/login" : "/",
               secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// The session cookie's name, for tools that drive the pages with a session of their own
/// (`fatura bench worklist`).
public enum SessionCookie {
    public static let name = "fatura_session"
}

/// The login page, the one page without the layout.
struct LoginPageModel: Sendable {
    let csrf: String
    let next: String
    let username: String
    let title: String
    let error: String?
}
