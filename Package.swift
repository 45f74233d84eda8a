// swift-tools-version: 6.0
import PackageDescription

/// Every module: explicit re-exports only, and `any` spelled out for existentials.
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

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
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSMBClient", providers: [.apt(["libsmbclient-dev"])]),
        .target(name: "SMB", dependencies: ["CSMBClient"], swiftSettings: strictness),
        .target(name: "XML", dependencies: ["CLibXML2"], swiftSettings: strictness),
        .target(name: "Fleet", dependencies: ["Yams"], swiftSettings: strictness),
        .target(name: "Inventory", dependencies: ["Fleet", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strictness),
        .target(name: "Render", dependencies: ["Fleet", "XML", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictness),
        .target(name: "Publish", dependencies: ["Render", "SMB", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictness),
        .target(name: "Orchestration", dependencies: ["Fleet", "Inventory", "Render", "Publish", "XML",
                                                    .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictness),
        .target(name: "BootServer", dependencies: ["Orchestration", "Fleet", "Inventory", "Render", "Publish",
                                                 .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                                                 .product(name: "Hummingbird", package: "hummingbird"),
                                                 .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                 .product(name: "Logging", package: "swift-log")], swiftSettings: strictness),
        .executableTarget(
            name: "zerotouch",
            dependencies: ["Orchestration", "BootServer", "Fleet", "Render", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictness),
        .testTarget(name: "XMLTests", dependencies: ["XML"], swiftSettings: strictness),
        .testTarget(name: "SMBTests", dependencies: ["SMB"], swiftSettings: strictness),
        .testTarget(name: "FleetTests", dependencies: ["Fleet"], swiftSettings: strictness),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Fleet", "XML"], resources: [.copy("Golden"), .copy("Fixtures")], swiftSettings: strictness),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "Fleet"], swiftSettings: strictness),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "Render"], swiftSettings: strictness),
        .testTarget(name: "OrchestrationTests", dependencies: ["Orchestration", "Fleet", "Inventory", "Render", "Publish"], swiftSettings: strictness),
        .testTarget(name: "BootServerTests", dependencies: ["BootServer", "Orchestration", "Fleet", "Inventory"], swiftSettings: strictness),
        .testTarget(name: "CLITests", dependencies: ["zerotouch", "Orchestration", "Fleet", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictness),
    ]
)
