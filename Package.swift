// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kyoei-net-banking",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kyoei", targets: ["kyoei"]),
        .executable(name: "kyoei-token", targets: ["kyoei-token"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Micro benchmarks (Benchmarks/). Naming the trait turns off the default
        // RuntimeInterposer, whose package is not in the mirror.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Argon2id from Debian's libargon2-dev (scripts install it when missing).
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        // QR codes (authenticator apps' otpauth URI, the token app link) from Debian's libqrencode-dev.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // The bank's rules: no I/O, nothing but swift-crypto.
        .target(name: "BankCore", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Every text customers and staff read (screens, errors, mails): one JSON catalog per
        // language, read by BankWeb and by BankServices' mails alike.
        .target(name: "BankText", dependencies: ["BankCore"], resources: [.copy("Catalog")]),
        .target(name: "BankStore", dependencies: [
            "BankCore",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], exclude: ["Engine/README.md"]),
        // Mail: composition, own SMTP client on swift-nio + swift-nio-ssl, Maildir.
        .target(name: "BankMail", dependencies: [
            "BankCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "BankServices", dependencies: [
            "BankCore", "BankStore", "BankMail", "BankText", "CArgon2",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], resources: [.copy("Calendar/syukujitsu.csv")]),  // the bundled holiday list (BundledHolidays)
        .target(name: "BankWeb", dependencies: [
            "BankCore", "BankServices", "BankText", "CQRencode",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Templates"), .copy("Public"), .copy("TokenApp/Shell")]),
        .executableTarget(name: "kyoei", dependencies: [
            "BankCore", "BankStore", "BankServices", "BankWeb", "BankMail",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The token app's logic: provisioning client, encrypted token file, code and countdown.
        .target(name: "TokenKit", dependencies: [
            "BankCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "kyoei-token", dependencies: [
            "TokenKit", "BankCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "BankTestSupport", dependencies: [
            "BankCore", "BankStore", "BankServices",
        ], path: "Tests/BankTestSupport"),
        // package-benchmark micro benchmarks: `swift package benchmark` (release), or the
        // debug executable directly for a smoke run (scripts/bench/run --smoke).
        .executableTarget(name: "CoreBenchmarks", dependencies: [
            "BankCore", "BankServices", "CArgon2",
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Benchmarks/CoreBenchmarks", plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // The load driver of scripts/bench: fixtures, service-layer transfer runs, HTTP flows.
        // Not directly under Benchmarks/, where the benchmark plugin would take it for a suite.
        .executableTarget(name: "kyoei-bench", dependencies: [
            "BankCore", "BankStore", "BankServices",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/Tools/kyoei-bench"),
        .testTarget(name: "BankCoreTests", dependencies: ["BankCore", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "BankMailTests", dependencies: ["BankMail", "BankTestSupport"], exclude: ["smtp_server.py"]),
        .testTarget(name: "BankServicesTests", dependencies: ["BankServices", "BankMail", "BankStore", "BankTestSupport"]),
        .testTarget(name: "BankStoreTests", dependencies: [
            "BankStore", "BankServices", "BankTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "TokenKitTests", dependencies: [
            "TokenKit", "BankCore", "BankWeb", "BankServices", "BankTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // Snapshots/: the golden HTML of every screen (ScreenSnapshotTests), read through #filePath.
        .testTarget(name: "BankWebTests", dependencies: [
            "BankWeb", "BankServices", "BankTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ], exclude: ["Snapshots"]),
    ]
)
