import FaturaStore
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// Health, metrics, the OpenAPI document and the stylesheet: open routes, no session needed.
enum OperationsRoutes {
    static func register(on router: Router<AppRequestContext>, environment: WebEnvironment, assets: StaticAssets, openAPI: ByteBuffer) {
        router.get("/health") { _, _ in
            let ok = await environment.store.ping()
            let body = ok ? #"{"status":"ok","database":"ok"}"# : #"{"status":"error","database":"indisponível"}"#
            return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { request, _ in
            if let token = environment.configuration.metricsToken {
                let given = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : "" } ?? ""
                guard Secrets.constantTimeEqual(given, token) else {
                    return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                                    body: .init(byteBuffer: ByteBuffer(string: "Informe o token de métricas (FATURA_METRICS_TOKEN).\n")))
                }
            }
            var bytes: [UInt8] = []
            Metrics.registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/api/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: openAPI))
        }
        router.get("/static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: assets.stylesheet))
        }
    }
}

/// The process-wide Prometheus registry. swift-metrics may be bootstrapped once per process,
/// and the tests build many applications, so the bootstrap happens on first use only.
enum Metrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
