// swift-tools-version: 6.0
import PackageDescription

/// Every module: explicit re-exports only, and `any` spelled out for existentials.
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

/// `ZT_FUZZ=1` (Scripts/fuzz): every module instrumented for libFuzzer, and the fuzz targets built.
let fuzzing = Context.environment["ZT_FUZZ"] == "1"
let settings = strictness + (fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : [])

let package = Package(
    name: "ZeroTouch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zerotouch", targets: ["zerotouch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSMBClient", providers: [.apt(["libsmbclient-dev"])]),
        .target(name: "SMB", dependencies: ["CSMBClient", "OperatingSystem", .product(name: "SystemPackage", package: "swift-system")], swiftSettings: settings),
        .target(name: "OperatingSystem", dependencies: [.product(name: "SystemPackage", package: "swift-system"),
                                                      .product(name: "Crypto", package: "swift-crypto")], swiftSettings: settings),
        .target(name: "XML", dependencies: ["CLibXML2"], swiftSettings: settings),
        .target(name: "Fleet", dependencies: ["Yams"], swiftSettings: settings),
        .target(name: "Inventory", dependencies: ["Fleet", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: settings),
        .target(name: "Render", dependencies: ["Fleet", "XML", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: settings),
        .target(name: "Publish", dependencies: ["Fleet", "Render", "SMB", "OperatingSystem", .product(name: "SystemPackage", package: "swift-system"), .product(name: "Crypto", package: "swift-crypto")], swiftSettings: settings),
        .target(name: "Importers", dependencies: ["Fleet"], swiftSettings: settings),
        .target(name: "Orchestration", dependencies: ["Fleet", "Importers", "Inventory", "Render", "Publish", "XML", "SMB", "OperatingSystem",
                                                    .product(name: "Crypto", package: "swift-crypto")], swiftSettings: settings),
        .target(name: "BootRequests", dependencies: ["Fleet"], swiftSettings: settings),
        .target(name: "BootServer", dependencies: ["BootRequests", "Orchestration", "Fleet", "Inventory", "Render", "Publish", "OperatingSystem",
                                                 .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                                                 .product(name: "NIOHTTPTypes", package: "swift-nio-extras"), .product(name: "NIOExtras", package: "swift-nio-extras"), .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                                                 .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
                                                 .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
                                                 .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                 .product(name: "Logging", package: "swift-log")], swiftSettings: settings),
        .executableTarget(
            name: "zerotouch",
            dependencies: ["Orchestration", "Importers", "BootServer", "Fleet", "Render", "Publish", "OperatingSystem", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictness),
        .testTarget(name: "XMLTests", dependencies: ["XML"], swiftSettings: strictness),
        .testTarget(name: "SMBTests", dependencies: ["SMB"], swiftSettings: strictness),
        .testTarget(name: "OperatingSystemTests", dependencies: ["OperatingSystem"], swiftSettings: strictness),
        .testTarget(name: "FleetTests", dependencies: ["Fleet"], swiftSettings: strictness),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Fleet", "XML", "TestSupport"], resources: [.copy("Golden"), .copy("Fixtures")], swiftSettings: strictness),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "Fleet"], swiftSettings: strictness),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "Render", "Fleet"], swiftSettings: strictness),
        .testTarget(name: "OrchestrationTests", dependencies: ["Orchestration", "Importers", "Fleet", "Inventory", "Render", "Publish"], swiftSettings: strictness),
        .testTarget(name: "BootServerTests", dependencies: ["BootServer", "Orchestration", "Fleet", "Inventory", .product(name: "Logging", package: "swift-log"),
                                                        .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird")], swiftSettings: strictness),
        .testTarget(name: "CLITests", dependencies: ["zerotouch", "Orchestration", "Fleet", "OperatingSystem", "TestSupport", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictness),
    ]
)

if fuzzing {
    package.targets.append(.executableTarget(
        name: "ZeroTouchFuzz", dependencies: ["BootRequests", "Fleet", "Importers", "Render", "XML"],
        swiftSettings: settings + [.unsafeFlags(["-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]))
}
