import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird

/// Builds the whole application: opens the database, wires pages, API and operations routes, and
/// lists the services of its `ServiceGroup` — PostgreSQL's client (when the database is PostgreSQL),
/// the store's closing, the job runner. Before the server takes requests (with the client running)
/// the schema is migrated, the baseline seeded (and the demo data when asked), and then the job
/// runner may start. `fatura serve` and the tests both call it.
public func buildApplication(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "fatura")
    logger.logLevel = configuration.logLevel
    _ = Metrics.registry
    let store = try await Store.connect(configuration.database, logger: logger, bcryptCost: configuration.bcryptCost)
    let billing = Billing(store: store, clock: configuration.clock)
    let renderer = try await PageRenderer.load()
    // Work that outlives a request (the exam-rule batch) is a queued job this service runs, once
    // the schema is current.
    let ready = Readiness()
    let jobs = JobRunner(billing: billing, logger: logger, ready: ready)
    let environment = WebEnvironment(billing: billing, renderer: renderer, configuration: configuration,
                                     companies: ActiveCompanies(store: store),
                                     mapModels: PageCache(enabled: configuration.pageCache), indicatorModels: PageCache(enabled: configuration.pageCache))
    let router = try buildRouter(environment)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Fatura"),
        // Started in this order and shut down in reverse: the job runner first (it still writes),
        // then the store, PostgreSQL's client last.
        services: store.database.services + [StoreService(store: store), jobs],
        logger: logger)
    app.beforeServerStarts { [logger] in
        try await store.migrate()
        logger.info("banco de dados pronto", metadata: ["database": "\(configuration.database)"])
        if let generated = try await Seeder(store: store).ensureBaseline(adminPassword: configuration.adminPassword) {
            // Printed once, at the first start; the admin should change it.
            logger.warning("usuário admin criado com senha gerada: \(generated) — altere-a após o primeiro acesso")
        }
        if configuration.demo, try await DemoData(billing: billing).load() {
            logger.info("dados de demonstração carregados; usuários de demonstração com a senha \(DemoData.password)")
        }
        await ready.open()
    }
    return app
}

func buildRouter(_ environment: WebEnvironment) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(renderer: environment.renderer))
    router.add(middleware: BodyLimitMiddleware(defaultMaxBytes: environment.configuration.maxBodyBytes,
                                               importMaxBytes: environment.configuration.importMaxBodyBytes))
    router.add(middleware: AuthMiddleware(store: environment.store))

    guard let base = Bundle.module.url(forResource: "Resources", withExtension: nil),
          let spec = try? Data(contentsOf: base.appendingPathComponent("openapi.yaml")) else {
        throw PageRendererError.missingResources
    }
    OperationsRoutes.register(on: router, environment: environment, assets: try StaticAssets.load(), openAPI: ByteBuffer(bytes: spec))
    AuthRoutes.register(on: router, environment: environment)
    for route in PageRoute.all() { router.add(route, environment: environment) }
    try APIHandler(billing: environment.billing, companies: environment.companies).registerHandlers(on: router)
    return router
}
