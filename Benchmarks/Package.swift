// swift-tools-version: 6.1
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the main package's identity is whatever
/// the clone is called (`main` here, `hazmon` elsewhere): derive it instead of hard-coding it.
let hazmon = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "hazmon").lowercased()

/// The main package's settings, so the benchmark code reads like the rest of hazmon.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hazmon-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // The interposer the benchmark package already uses, read directly to count mallocs inside the timed loop.
        .package(url: "https://github.com/ordo-one/malloc-interposer", exact: "1.6.1"),
    ],
    targets: [
        // The synthetic 100 k-tag catalog, its sample stream and the timed loop; no benchmark dependency.
        .target(
            name: "SyntheticPlant",
            dependencies: [.product(name: "HazmonCore", package: hazmon)],
            swiftSettings: swiftSettings
        ),
        // The same workload as a plain program that prints README.md's figures; small enough for callgrind.
        .executableTarget(
            name: "CoreProfile",
            dependencies: [
                "SyntheticPlant",
                .product(name: "HazmonCore", package: hazmon),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: swiftSettings
        ),
        // HazmonStore on a real file: commit latency and rows/s by batch size (docs/store.md).
        .executableTarget(
            name: "StoreProfile",
            dependencies: [.product(name: "HazmonStore", package: hazmon)],
            swiftSettings: swiftSettings
        ),
        // ordo-one/benchmark expects benchmark targets under `Benchmarks/` of the package root.
        .executableTarget(
            name: "CoreThroughput",
            dependencies: [
                "SyntheticPlant",
                .product(name: "HazmonCore", package: hazmon),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Benchmarks/CoreThroughput",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
