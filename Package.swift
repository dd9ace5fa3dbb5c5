// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every target, as Hummingbird does: strict about existentials and imports.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hazmon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hazmon", targets: ["hazmon"]),
        .library(name: "HazmonCore", targets: ["HazmonCore"]),
        .library(name: "HazmonCatalog", targets: ["HazmonCatalog"]),
        .library(name: "HazmonIO", targets: ["HazmonIO"]),
        .library(name: "HazmonMQTT", targets: ["HazmonMQTT"]),
        .library(name: "HazmonIngest", targets: ["HazmonIngest"]),
        .library(name: "HazmonRisk", targets: ["HazmonRisk"]),
        .library(name: "HazmonStore", targets: ["HazmonStore"]),
        .library(name: "HazmonConsole", targets: ["HazmonConsole"]),
        .library(name: "HazmonReport", targets: ["HazmonReport"]),
        .library(name: "HazmonRuleTesting", targets: ["HazmonRuleTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure alarm engine: standard library only, no clock, no I/O, no Foundation.
        .target(name: "HazmonCore", swiftSettings: swiftSettings),
        // YAML catalogs, profiles and risk settings → validated engine model, errors as file:line:col.
        .target(
            name: "HazmonCatalog",
            // HazmonRisk for `RiskSettings` and `InspectionSettings`, parsed from `risk.yaml` and `inspections:`.
            dependencies: ["HazmonCore", "HazmonRisk", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Edges of the engine: recorded samples in (CSV, JSON lines), events out (JSON).
        .target(name: "HazmonIO", dependencies: ["HazmonCore"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .target(name: "HazmonMQTT", dependencies: ["CMosquitto"], swiftSettings: swiftSettings),
        .testTarget(name: "HazmonMQTTTests", dependencies: ["HazmonMQTT"], swiftSettings: swiftSettings),
        .target(name: "HazmonIngest", dependencies: ["HazmonCore", "HazmonIO"], swiftSettings: swiftSettings),
        // Pure supervision over core events: warning-triggered inspection tasks and enterprise risk scores.
        .target(
            name: "HazmonRisk", dependencies: ["HazmonCore", "HazmonIO"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonRiskTests",
            dependencies: ["HazmonRisk", "HazmonCore", "HazmonIO", "HazmonCatalog", "HazmonTestSupport"],
            swiftSettings: swiftSettings
        ),
        // SQLite (GRDB): alarm journal, current states, overlays, inspections, risk history, audit, checkpoints.
        .target(
            name: "HazmonStore", dependencies: ["HazmonCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Depends on `hazmon` so the binary its CLI test runs is built first.
        .testTarget(
            name: "HazmonStoreTests", dependencies: ["HazmonStore", "HazmonCore", "hazmon"], swiftSettings: swiftSettings
        ),
        // HTTP API, live event stream and the operator console (Hummingbird).
        .target(
            name: "HazmonConsole",
            dependencies: [
                "HazmonCore", "HazmonIO", "HazmonCatalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonConsoleTests",
            dependencies: [
                "HazmonConsole", "HazmonCore", "HazmonIO",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["console_browser.py"],
            swiftSettings: swiftSettings
        ),
        // Engineer tooling over replays: ISA-18.2 alarm-quality report, catalog comparison, plots.
        .target(
            name: "HazmonReport", dependencies: ["HazmonCore", "HazmonIO", "HazmonCatalog"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonReportTests", dependencies: ["HazmonReport", "HazmonCore", "HazmonIO", "HazmonCatalog"],
            swiftSettings: swiftSettings
        ),
        // Rule unit tests in YAML (`hazmon test`), in the spirit of `promtool test rules`.
        .target(
            name: "HazmonRuleTesting", dependencies: ["HazmonCore", "HazmonIO", "HazmonCatalog",
                                                      .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonRuleTestingTests", dependencies: ["HazmonRuleTesting", "HazmonCore", "HazmonCatalog"],
            swiftSettings: swiftSettings
        ),
        // The live service around the engine: publishing, the engine loop, durability, supervision.
        .target(
            name: "HazmonService",
            dependencies: ["HazmonCore", "HazmonIO", "HazmonIngest", "HazmonMQTT", "HazmonRisk", "HazmonStore"],
            swiftSettings: swiftSettings
        ),
        // Simulated plant telemetry and alarm scenarios: pure, seeded, no clock, no MQTT.
        .target(name: "HazmonSim", dependencies: ["HazmonCore", "HazmonIO"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HazmonSimTests",
            dependencies: ["HazmonSim", "HazmonCore", "HazmonCatalog", "HazmonIO", "HazmonIngest", "HazmonMQTT"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hazmon",
            dependencies: [
                "HazmonCore", "HazmonCatalog", "HazmonIO", "HazmonIngest", "HazmonMQTT", "HazmonService", "HazmonSim",
                "HazmonRisk", "HazmonStore", "HazmonConsole", "HazmonReport", "HazmonRuleTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers several test targets share (the JSON Schema validator).
        .target(name: "HazmonTestSupport", path: "Tests/HazmonTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "HazmonCoreTests", dependencies: ["HazmonCore"], swiftSettings: swiftSettings),
        .testTarget(name: "HazmonIngestTests", dependencies: ["HazmonIngest", "HazmonIO", "HazmonCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HazmonCatalogTests",
            dependencies: ["HazmonCatalog", "HazmonCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonIOTests",
            dependencies: ["HazmonIO", "HazmonCatalog", "HazmonCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HazmonCLITests",
            dependencies: ["hazmon", "HazmonIO", "HazmonCatalog", "HazmonCore", "HazmonTestSupport"],
            swiftSettings: swiftSettings
        ),
        // HazmonService, HazmonStore, HazmonCatalog, HazmonRisk, HazmonIngest: the engine loop's reload test drives the loop in-process.
        .testTarget(
            name: "HazmonServiceTests",
            dependencies: ["hazmon", "HazmonMQTT", "HazmonIO", "HazmonCore", "HazmonService", "HazmonStore",
                           "HazmonCatalog", "HazmonRisk", "HazmonIngest"],
            swiftSettings: swiftSettings
        ),
    ]
)
