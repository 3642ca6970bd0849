// swift-tools-version:6.1
import PackageDescription

// The code generator of the JSON API, kept out of the main package: its build (OpenAPIKit,
// Yams) would slow every clean build of the bank, while the code it
// writes changes only with openapi.yaml. `scripts/openapi-generate` builds it once (into
// .build-tools/) and regenerates Sources/BankAPI/Generated/; `--check` proves the committed
// code matches the document.
let package = Package(
    name: "kyoei-openapi-generator",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3"),
        // Already a dependency of the generator: reads the document for the reference page.
        .package(url: "https://github.com/jpsim/Yams", "4.0.0"..<"7.0.0"),
    ],
    targets: [
        // The reference page /api/v1/docs serves: plain HTML rendered from the document here,
        // so the bank serves no script and needs no CDN.
        .executableTarget(name: "openapi-reference", dependencies: [
            .product(name: "Yams", package: "Yams"),
        ]),
    ]
)
