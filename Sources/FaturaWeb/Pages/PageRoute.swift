import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// A page or form route with the permission it needs. All page routes are listed as values of this
/// type, so one loop registers them with the same guard and the tests can walk every one of them.
struct PageRoute: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let permission: Permission
    let handler: @Sendable (PageRequest) async throws -> Response
    /// For a form's POST: draws the form again with what was typed and why it was refused. Without
    /// it a refusal shows the error page (inside the layout, with a way back).
    private(set) var redisplay: (@Sendable (PageRequest, FormRefusal) async throws -> Response)?

    init(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission,
         _ handler: @escaping @Sendable (PageRequest) async throws -> Response) {
        self.method = method
        self.path = path
        self.permission = permission
        self.handler = handler
    }

    /// This route's form, drawn again on a refusal (`FormRefusal`).
    func redisplaying(_ body: @escaping @Sendable (PageRequest, FormRefusal) async throws -> Response) -> PageRoute {
        var route = self
        route.redisplay = body
        return route
    }

    /// Every guarded page of the application.
    static func all() -> [PageRoute] {
        HomePages.routes + RegistryPages(CompanyPages()).routes + RegistryPages(PayerPages()).routes
            + RegistryPages(SectorPages()).routes + RegistryPages(UserPages()).routes + UserPages.extraRoutes
            + AuditPages.routes + TokenPages.routes + AccountPages.routes + ProposalPages.routes + ContractPages.routes + TablePages.routes
            + ExamGroupPages.routes + ExamRulePages.routes + RegistryPages(NonConformityTypePages()).routes + NonConformityPages.routes
            + SectorQueuePages.routes + RecordReturnPages.routes + ClosingPages.routes + ItemPages.routes + HISImportPages.routes + DeliveryPages.routes + InvoicePages.routes + GlosaPages.routes + MapPages.routes + IndicatorPages.routes + GlosaRiskPages.routes
            + RegistryPages(ProfessionalPages()).routes + ModulePages.routes
            + ManagementPages.routes + NoticePages.routes + ProtocolPages.routes + RecordCopyPages.routes + TeamPages.routes
            // Last: the walk in RoleAccessTests posts to /logout, which ends its session.
            + SessionPages.routes
    }
}

extension Router where Context == AppRequestContext {
    /// Registers a page route behind the guard: no session → login; wrong role → 403;
    /// a POST must carry the session's CSRF token.
    func add(_ route: PageRoute, environment: WebEnvironment) {
        on(RouterPath(route.path), method: route.method) { request, context in
            guard let identity = context.identity, let session = identity.session else {
                let next = request.method == .get ? request.uri.path : "/"
                return Response.redirect(to: SiteURL.login.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"), type: .found)
            }
            guard identity.may(route.permission) else { throw FaturaError.forbidden }
            var form = FormData()
            if route.method == .post {
                form = try await FormData.read(request, context: context)
                guard Secrets.constantTimeEqual(form["_csrf"], session.csrfToken) else { throw FaturaError.csrfRejected }
            }
            let page = PageRequest(request: request, context: context, identity: identity, session: session, environment: environment, form: form)
            do {
                return try await route.handler(page)
            } catch {
                // A refusal is answered here, where the person is known: their form again, or the
                // error inside the layout with a way back. Anything else goes to `ErrorMiddleware`.
                guard let problem = FaturaError.from(error), problem.httpStatus < 500, problem != .unauthenticated else { throw error }
                if let redisplay = route.redisplay, let refusal = FormRefusal(problem) { return try await redisplay(page, refusal) }
                return try await ErrorPage.render(problem, page)
            }
        }
    }
}
