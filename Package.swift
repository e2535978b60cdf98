// swift-tools-version:6.0
// hubspot-fcgi: FastCGI responders behind nginx that put HubSpot contact lookup into an SMS inbox.
// Design card: no package dependencies. C libraries come from Debian through system-library targets.
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "hubspot-fcgi",
    products: [
        .executable(name: "contacts-health", targets: ["contacts-health"]),
        .executable(name: "contacts-lookup", targets: ["contacts-lookup"]),
        .executable(name: "contacts-search", targets: ["contacts-search"]),
        .executable(name: "contacts-admin", targets: ["contacts-admin"]),
        .executable(name: "hubspot-check", targets: ["hubspot-check"]),
        .executable(name: "hubspot-emulator", targets: ["hubspot-emulator"]),
        .executable(name: "openphone-webhook", targets: ["openphone-webhook"]),
        .executable(name: "messages-conversations", targets: ["messages-conversations"]),
        .executable(name: "contacts-sync", targets: ["contacts-sync"]),
        .executable(name: "contacts-create", targets: ["contacts-create"]),
        .executable(name: "openphone-replay", targets: ["openphone-replay"]),
        .executable(name: "messages-dead-letters", targets: ["messages-dead-letters"]),
        .executable(name: "fcgi-probe", targets: ["fcgi-probe"]),
        .executable(name: "cache-bench", targets: ["cache-bench"]),
        .executable(name: "store-bench", targets: ["store-bench"]),
    ],
    dependencies: [],
    targets: [
        // C shims
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", pkgConfig: "fcgi"),
        .target(name: "CSystem", path: "Sources/CSystem"),
        // C11 atomics, futex and hashing on words inside the shared cache mapping; the SIGBUS guard.
        .target(name: "CSharedMemory", path: "Sources/CSharedMemory"),
        // C API over Google's libphonenumber (C++ inside; Debian libphonenumber-dev).
        .target(name: "CPhoneNumber", path: "Sources/CPhoneNumber",
                linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("protobuf"),
                                 .linkedLibrary("stdc++")]),

        // Libraries
        // Under everything: clock, logging, configuration from the environment, threads, signals.
        .target(name: "Base", path: "Sources/Base", swiftSettings: swift6),
        .target(name: "JSON", path: "Sources/JSON", swiftSettings: swift6),
        // libcurl (Debian libcurl4-openssl-dev): curl_easy_setopt is variadic, so a C target wraps it.
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "HTTPClient", dependencies: ["Base", "CCurl"], path: "Sources/HTTPClient", swiftSettings: swift6),
        .target(name: "PhoneNumbers", dependencies: ["Base", "CPhoneNumber"],
                path: "Sources/PhoneNumbers", swiftSettings: swift6),
        // The transport: libfcgi workers under a supervisor, routing, HTTP errors as JSON.
        .target(name: "FastCGI", dependencies: ["Base", "CFastCGI", "CSystem", "JSON"],
                path: "Sources/FastCGI", swiftSettings: swift6),

        // The mmap cache file shared by every worker of every responder.
        .target(name: "SharedCache", dependencies: ["CSharedMemory"], path: "Sources/SharedCache",
                swiftSettings: swift6),

        // libcrypto (Debian libssl-dev): HMAC-SHA256 and constant-time comparison for webhook signatures.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto"),
        // OpenPhone webhooks: both signature schemes, both payload generations.
        // SHA-256, HMAC-SHA256 and Base64 over libcrypto: webhook signatures (OpenPhone's, HubSpot's).
        .target(name: "Crypto", dependencies: ["CCrypto"], path: "Sources/Crypto", swiftSettings: swift6),
        .target(name: "OpenPhone", dependencies: ["Base", "Crypto", "JSON"], path: "Sources/OpenPhone", swiftSettings: swift6),
        // HubSpot's webhooks: signatures (v3, v1) and the events they carry.
        .target(name: "HubSpotWebhooks", dependencies: ["Base", "Crypto", "JSON"], path: "Sources/HubSpotWebhooks",
                swiftSettings: swift6),
        // OpenPhone's REST API (sending messages, the workspace's lines) over libcurl.
        .target(name: "OpenPhoneAPI", dependencies: ["Base", "HTTPClient", "JSON", "Redis", "SharedBudget", "SharedCache"],
                path: "Sources/OpenPhoneAPI", swiftSettings: swift6),
        // SQLite (Debian libsqlite3-dev): the message store's file.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        // libpq (Debian libpq-dev): the message store in PostgreSQL, for a cluster of hosts.
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq"),
        // Conversations, messages and name-sync bookkeeping in one SQLite file (WAL).
        .target(name: "MessageStore", dependencies: ["Base", "CPostgres", "CSQLite"], path: "Sources/MessageStore", swiftSettings: swift6),

        // hiredis (Debian libhiredis-dev): what hosts of a cluster share through Redis.
        // No pkgConfig: hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM refuses; the headers
        // are in /usr/include/hiredis.
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        // A blocking Redis client over hiredis, and the account-wide token bucket kept in Redis.
        .target(name: "Redis", dependencies: ["Base", "CHiredis"], path: "Sources/Redis", swiftSettings: swift6),

        // An upstream's rate budget shared by every process (the cache's shared memory) and every
        // host of a cluster (Redis), with the host's share while Redis is unreachable.
        .target(name: "SharedBudget", dependencies: ["Base", "Redis", "SharedCache"], path: "Sources/SharedBudget",
                swiftSettings: swift6),

        // The HubSpot core every responder shares: client, lookup, search, errors, cache policy.
        .target(name: "HubSpot", dependencies: ["Base", "HTTPClient", "JSON", "PhoneNumbers", "Redis", "SharedBudget", "SharedCache"],
                path: "Sources/HubSpot", swiftSettings: swift6),
        // The contact endpoints over the core: lookup, search, cache admin (JSON and Prometheus).
        .target(name: "ContactEndpoints", dependencies: ["Base", "FastCGI", "HubSpot", "JSON", "PhoneNumbers", "SharedCache"],
                path: "Sources/ContactEndpoints", swiftSettings: swift6),

        // Health: the stack's state as one public JSON answer.
        .target(name: "HealthEndpoint", dependencies: ["Base", "FastCGI", "HubSpot", "JSON", "MessageStore", "Redis", "SharedCache"],
                path: "Sources/HealthEndpoint", swiftSettings: swift6),

        // The message side: reading deliveries, naming conversations, the name sync, over the
        // store and the HubSpot core.
        .target(name: "Messages", dependencies: ["Base", "Crypto", "HubSpot", "HubSpotWebhooks", "JSON", "MessageStore", "OpenPhone",
                                                "OpenPhoneAPI", "PhoneNumbers"],
                path: "Sources/Messages", swiftSettings: swift6),
        // The message endpoints: the webhook, the conversation list, creating a contact.
        .target(name: "MessageEndpoints",
                dependencies: ["Base", "ContactEndpoints", "FastCGI", "HubSpot", "HubSpotWebhooks", "JSON", "MessageStore",
                               "Messages", "OpenPhone", "OpenPhoneAPI", "PhoneNumbers"],
                path: "Sources/MessageEndpoints", swiftSettings: swift6),

        // A minimal HTTP/1.1 server (the emulator's, and the HTTP client tests'), and a stand-in HubSpot
        // for tests and the demo default.
        .target(name: "HTTPServer", dependencies: ["Base"], path: "Sources/HTTPServer", swiftSettings: swift6),
        // What every emulator shares: options with environment twins, the control/API front with
        // its access record, the executable's serve-until-signalled loop, clocks, rate windows.
        .target(name: "EmulatorSupport", dependencies: ["Base", "HTTPServer"],
                path: "Sources/EmulatorSupport", swiftSettings: swift6),
        .target(name: "HubSpotEmulator", dependencies: ["Base", "EmulatorSupport", "HTTPClient", "HTTPServer", "HubSpotWebhooks",
                                                       "JSON", "PhoneNumbers"],
                path: "Sources/HubSpotEmulator", swiftSettings: swift6),
        // A stand-in OpenPhone: accepts sends and delivers signed status webhooks back to the stack.
        .target(name: "OpenPhoneEmulator",
                dependencies: ["Base", "EmulatorSupport", "HTTPClient", "HTTPServer", "JSON", "OpenPhone"],
                path: "Sources/OpenPhoneEmulator", swiftSettings: swift6),
        .executableTarget(name: "openphone-emulator", dependencies: ["EmulatorSupport", "OpenPhoneEmulator"],
                          path: "Sources/openphone-emulator", swiftSettings: swift6),
        .executableTarget(name: "hubspot-emulator", dependencies: ["EmulatorSupport", "HubSpotEmulator"],
                          path: "Sources/hubspot-emulator", swiftSettings: swift6),

        // Responders: thin mains
        .executableTarget(name: "contacts-health", dependencies: ["Base", "FastCGI", "HealthEndpoint"],
                          path: "Sources/contacts-health", swiftSettings: swift6),
        .executableTarget(name: "contacts-lookup", dependencies: ["Base", "ContactEndpoints", "FastCGI", "HubSpot"],
                          path: "Sources/contacts-lookup", swiftSettings: swift6),
        .executableTarget(name: "contacts-search", dependencies: ["Base", "ContactEndpoints", "FastCGI", "HubSpot"],
                          path: "Sources/contacts-search", swiftSettings: swift6),
        .executableTarget(name: "contacts-admin", dependencies: ["Base", "ContactEndpoints", "FastCGI", "HubSpot"],
                          path: "Sources/contacts-admin", swiftSettings: swift6),
        .executableTarget(name: "openphone-webhook", dependencies: ["Base", "FastCGI", "MessageEndpoints", "Messages"],
                          path: "Sources/openphone-webhook", swiftSettings: swift6),
        .executableTarget(name: "messages-conversations", dependencies: ["Base", "FastCGI", "MessageEndpoints", "Messages"],
                          path: "Sources/messages-conversations", swiftSettings: swift6),
        // Logs stored messages on their contacts' HubSpot timelines (a loop, or --once from a timer).
        .executableTarget(name: "messages-outbox", dependencies: ["Base", "HubSpot", "Messages"],
                          path: "Sources/messages-outbox", swiftSettings: swift6),
        .executableTarget(name: "hubspot-webhook", dependencies: ["Base", "FastCGI", "MessageEndpoints", "Messages"],
                          path: "Sources/hubspot-webhook", swiftSettings: swift6),
        .executableTarget(name: "messages-send", dependencies: ["Base", "FastCGI", "MessageEndpoints", "Messages"],
                          path: "Sources/messages-send", swiftSettings: swift6),
        .executableTarget(name: "contacts-create", dependencies: ["Base", "FastCGI", "MessageEndpoints", "Messages"],
                          path: "Sources/contacts-create", swiftSettings: swift6),
        // The background name sync (a loop, or --once from a timer).
        .executableTarget(name: "contacts-sync", dependencies: ["Base", "Messages"],
                          path: "Sources/contacts-sync", swiftSettings: swift6),
        // Lists the webhook's dead letters and re-processes them after an upgrade.
        .executableTarget(name: "messages-dead-letters", dependencies: ["Base", "HubSpot", "MessageStore", "Messages"],
                          path: "Sources/messages-dead-letters", swiftSettings: swift6),
        // Demo and test tool: signed OpenPhone deliveries from a file.
        .executableTarget(name: "openphone-replay", dependencies: ["Base", "HTTPClient", "JSON", "OpenPhone"],
                          path: "Sources/openphone-replay", swiftSettings: swift6),
        // Command-line check of a HubSpot configuration: token, IN support, a lookup, a search.
        .executableTarget(name: "hubspot-check", dependencies: ["Base", "HubSpot", "JSON", "PhoneNumbers"],
                          path: "Sources/hubspot-check", swiftSettings: swift6),
        // Microbenchmark: hit cost at 1,000 vs 1,000,000 entries.
        .executableTarget(name: "cache-bench", dependencies: ["Base", "HubSpot", "PhoneNumbers", "SharedCache"], path: "Sources/cache-bench",
                          swiftSettings: swift6),
        // The message store at scale: list, thread and webhook-insert latencies, small vs large store.
        .executableTarget(name: "store-bench", dependencies: ["Base", "CSQLite", "MessageStore"], path: "Sources/store-bench",
                          swiftSettings: swift6),
        // Test helper: one process of SharedCacheTests' multi-process tests.
        .executableTarget(name: "cache-exerciser", dependencies: ["SharedCache"], path: "Sources/cache-exerciser",
                          swiftSettings: swift6),
        // Test-only responder that exercises the runtime (slow requests, echo, crashes).
        .executableTarget(name: "fcgi-probe", dependencies: ["Base", "FastCGI", "JSON"],
                          path: "Sources/fcgi-probe", swiftSettings: swift6),

        // Helpers shared by the unit tests (temporary directories, child processes, an in-process
        // HTTP server, real threads); no product links it.
        .target(name: "TestSupport", dependencies: ["HTTPServer"], path: "Sources/TestSupport", swiftSettings: swift6),

        // Tests
        .testTarget(name: "HubSpotWebhooksTests", dependencies: ["Base", "Crypto", "HubSpotWebhooks", "JSON", "TestSupport"],
                    path: "Tests/HubSpotWebhooksTests", swiftSettings: swift6),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"], path: "Tests/CryptoTests", swiftSettings: swift6),
        .testTarget(name: "OpenPhoneTests", dependencies: ["Crypto", "OpenPhone", "JSON", "TestSupport"], path: "Tests/OpenPhoneTests",
                    swiftSettings: swift6),
        .testTarget(name: "MessageStoreTests", dependencies: ["Base", "MessageStore", "CSQLite", "TestSupport"],
                    path: "Tests/MessageStoreTests", swiftSettings: swift6),
        .testTarget(name: "MessagesTests", dependencies: ["Base", "FastCGI", "HubSpot", "JSON", "MessageEndpoints", "MessageStore", "Messages",
                                                     "OpenPhone", "PhoneNumbers", "TestSupport"],
                    path: "Tests/MessagesTests", swiftSettings: swift6),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], path: "Tests/JSONTests", swiftSettings: swift6),
        .testTarget(name: "PhoneNumbersTests", dependencies: ["PhoneNumbers"],
                    path: "Tests/PhoneNumbersTests", swiftSettings: swift6),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "TestSupport"], path: "Tests/HTTPClientTests",
                    swiftSettings: swift6),
        .testTarget(name: "HubSpotTests", dependencies: ["Base", "ContactEndpoints", "HTTPClient", "HubSpot", "JSON", "PhoneNumbers", "Redis",
                                                    "TestSupport", "hubspot-emulator"],
                    path: "Tests/HubSpotTests", swiftSettings: swift6),
        .testTarget(name: "HubSpotEmulatorTests",
                    dependencies: ["Base", "EmulatorSupport", "HubSpotEmulator", "HubSpotWebhooks", "HTTPServer", "JSON", "PhoneNumbers",
                                   "TestSupport"],
                    path: "Tests/HubSpotEmulatorTests", swiftSettings: swift6),
        .testTarget(name: "EmulatorSupportTests", dependencies: ["Base", "EmulatorSupport", "HTTPServer"],
                    path: "Tests/EmulatorSupportTests", swiftSettings: swift6),
        .testTarget(name: "SharedCacheTests", dependencies: ["SharedCache", "CSharedMemory", "cache-exerciser", "TestSupport"],
                    path: "Tests/SharedCacheTests", swiftSettings: swift6),
        .testTarget(name: "HealthEndpointTests",
                    dependencies: ["Base", "FastCGI", "HealthEndpoint", "HubSpot", "JSON", "MessageStore", "TestSupport"],
                    path: "Tests/HealthEndpointTests", swiftSettings: swift6),
        .testTarget(name: "OpenPhoneAPITests", dependencies: ["Base", "HTTPClient", "HTTPServer", "JSON", "OpenPhoneAPI",
                                                        "SharedCache", "TestSupport"],
                    path: "Tests/OpenPhoneAPITests", swiftSettings: swift6),
        .testTarget(name: "OpenPhoneEmulatorTests",
                    dependencies: ["Base", "Crypto", "EmulatorSupport", "HTTPClient", "HTTPServer", "JSON", "OpenPhone", "OpenPhoneEmulator",
                                   "TestSupport"],
                    path: "Tests/OpenPhoneEmulatorTests", swiftSettings: swift6),
        .testTarget(name: "BaseTests", dependencies: ["Base"], path: "Tests/BaseTests", swiftSettings: swift6),
        .testTarget(name: "RedisTests", dependencies: ["Base", "Redis", "TestSupport"], path: "Tests/RedisTests",
                    swiftSettings: swift6),
        .testTarget(name: "SharedBudgetTests", dependencies: ["Base", "Redis", "SharedBudget", "SharedCache", "TestSupport"],
                    path: "Tests/SharedBudgetTests", swiftSettings: swift6),
        .testTarget(name: "FastCGITests", dependencies: ["Base", "FastCGI", "JSON"],
                    path: "Tests/FastCGITests", swiftSettings: swift6),
    ]
)
