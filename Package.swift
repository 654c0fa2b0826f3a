// swift-tools-version:6.0
import PackageDescription

/// The tests build real specs hundreds of times (the property tests of `serve`): the library is
/// optimized in debug builds too, which makes `swift test` about 2.5 times faster.
/// `SPECGEN_UNOPTIMIZED=1 swift build` keeps it unoptimized, for a debugger.
let optimizedInTests: [SwiftSetting] =
    Context.environment["SPECGEN_UNOPTIMIZED"] == nil ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []

let package = Package(
    name: "specgen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "specgen", targets: ["specgen"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // The allocator of the `specgen` binary: Swift allocates small objects at a high rate from
        // every thread, which jemalloc serves with about 15% less CPU than glibc's malloc.
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // jemalloc's compiled-in settings (a C definition of its `malloc_conf`).
        .target(name: "JemallocSettings"),
        .target(
            name: "SpecGenKit",
            dependencies: [
                "CCmark",
                "CLibYAML",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: optimizedInTests
        ),
        .target(
            name: "SpecGenPreview",
            dependencies: [
                "SpecGenKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SpecGenCommandLine",
            dependencies: [
                "SpecGenKit",
                "SpecGenPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "specgen", dependencies: ["SpecGenCommandLine", "CJemalloc", "JemallocSettings"]),
        .executableTarget(name: "specgen-fuzz", dependencies: ["SpecGenKit"], path: "Sources/SpecGenFuzz"),
        .executableTarget(
            name: "specgen-bench", dependencies: ["SpecGenPreview", "CJemalloc", "JemallocSettings"],
            path: "Sources/SpecGenBench"),
        .target(name: "SpecGenTestSupport", path: "Sources/SpecGenTestSupport"),
        .testTarget(
            name: "SpecGenKitTests", dependencies: ["SpecGenKit", "SpecGenTestSupport"],
            exclude: ["Golden", "Fixtures"]),
        .testTarget(
            name: "SpecGenCommandLineTests", dependencies: ["specgen", "SpecGenKit", "SpecGenTestSupport"]),
        .testTarget(
            name: "SpecGenPreviewTests",
            dependencies: [
                "SpecGenPreview", "SpecGenKit", "SpecGenTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
