// swift-tools-version: 6.2
import PackageDescription

// Dependencies point one way: web and CLI → billing (use cases) → store (repositories) → domain;
// TISS → domain. Nothing imports the web layer.
let package = Package(
    name: "fatura",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fatura", targets: ["FaturaCLI"]),
        .library(name: "FaturaDomain", targets: ["FaturaDomain"]),
        .library(name: "FaturaTISS", targets: ["FaturaTISS"]),
        .library(name: "FaturaStore", targets: ["FaturaStore"]),
        .library(name: "FaturaBilling", targets: ["FaturaBilling"]),
        .library(name: "FaturaWeb", targets: ["FaturaWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Only `fatura bench worklist` uses it (its built-in load loop); the tests had it already through HummingbirdTesting.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        // The ZIP of an invoice's batches.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Pure rules: money, validation, roles, calendars. No I/O, no framework imports.
        .target(name: "FaturaDomain"),
        // libxml2 (system library): hardened XML reading and XSD validation for FaturaTISS.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // TISS XML writing/reading and the hash. No database.
        // The -I is for a machine without pkg-config (Debian's libxml2-dev does not pull it in); the
        // module is imported `internal`, so only this target's compiler needs the headers.
        .target(name: "FaturaTISS", dependencies: ["FaturaDomain", "CLibXML2", .product(name: "Crypto", package: "swift-crypto"),
                                                  .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]),
        // Schema, numbered migrations and queries over SQLite and PostgreSQL.
        .target(
            name: "FaturaStore",
            dependencies: [
                "FaturaDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The use cases: one service per capability (HIS ingestion, pricing, exam rule, closing,
        // non-conformities, record returns; invoices, statements and glosas to come) and the jobs.
        .target(
            name: "FaturaBilling",
            dependencies: [
                "FaturaDomain",
                "FaturaStore",
                "FaturaTISS",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The Hummingbird application: pages, API handlers, auth, sessions.
        .target(
            name: "FaturaWeb",
            dependencies: [
                "FaturaDomain",
                "FaturaStore",
                "FaturaBilling",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .executableTarget(
            name: "FaturaCLI",
            dependencies: [
                "FaturaDomain",
                "FaturaTISS",
                "FaturaStore",
                "FaturaBilling",
                "FaturaWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "FaturaDomainTests",
            dependencies: [
                "FaturaDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database on the
        // server that scripts/test.sh starts (FATURA_TEST_POSTGRES_URL).
        .target(
            name: "FaturaTestSupport",
            dependencies: ["FaturaDomain", "FaturaStore", "FaturaBilling", .product(name: "Logging", package: "swift-log"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/FaturaTestSupport"
        ),
        .testTarget(
            name: "FaturaTISSTests",
            dependencies: ["FaturaDomain", "FaturaTISS", "FaturaStore", "FaturaTestSupport"]
        ),
        .testTarget(
            name: "FaturaStoreTests",
            dependencies: ["FaturaDomain", "FaturaStore", "FaturaBilling", "FaturaTestSupport"]
        ),
        .testTarget(
            name: "FaturaWebTests",
            dependencies: [
                "FaturaDomain",
                "FaturaStore",
                "FaturaWeb",
                "FaturaBilling",
                "FaturaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
