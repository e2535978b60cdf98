// swift-tools-version:6.0
// hubspot-fcgi: FastCGI responders behind nginx that put HubSpot contact lookup into an SMS inbox.
// Design card: no package dependencies. C libraries come from Debian through system-library targets.
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "hubspot-fcgi",
    products: [
        .executable(name: "contacts-health", targets: ["contacts-health"]),
        .executable(name: "fcgi-probe", targets: ["fcgi-probe"]),
    ],
    dependencies: [],
    targets: [
        // C shims
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", pkgConfig: "fcgi"),
        .target(name: "CSystem", path: "Sources/CSystem"),
        // C API over Google's libphonenumber (C++ inside; Debian libphonenumber-dev).
        .target(name: "CPhoneNumber", path: "Sources/CPhoneNumber",
                linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("protobuf"),
                                 .linkedLibrary("stdc++")]),

        // Libraries
        .target(name: "JSON", path: "Sources/JSON", swiftSettings: swift6),
        .target(name: "PhoneNumbers", dependencies: ["CPhoneNumber"],
                path: "Sources/PhoneNumbers", swiftSettings: swift6),
        .target(name: "FastCGI", dependencies: ["CFastCGI", "CSystem", "JSON"],
                path: "Sources/FastCGI", swiftSettings: swift6),

        // Responders: thin mains
        .executableTarget(name: "contacts-health", dependencies: ["FastCGI", "JSON"],
                          path: "Sources/contacts-health", swiftSettings: swift6),
        // Test-only responder that exercises the runtime (slow requests, echo, crashes).
        .executableTarget(name: "fcgi-probe", dependencies: ["FastCGI", "JSON"],
                          path: "Sources/fcgi-probe", swiftSettings: swift6),

        // Tests
        .testTarget(name: "JSONTests", dependencies: ["JSON"], path: "Tests/JSONTests", swiftSettings: swift6),
        .testTarget(name: "PhoneNumbersTests", dependencies: ["PhoneNumbers"],
                    path: "Tests/PhoneNumbersTests", swiftSettings: swift6),
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI", "JSON"],
                    path: "Tests/FastCGITests", swiftSettings: swift6),
    ]
)
