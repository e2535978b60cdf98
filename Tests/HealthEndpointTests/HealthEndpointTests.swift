import Base
@testable import FastCGI
@testable import HealthEndpoint
import JSON
import MessageStore
import Testing
import TestSupport

/// The health answer as operators and load balancers read it: `ok` or `degraded` with the part
/// that is wrong, never a detail (a path, a transport message) on this public endpoint.
@Suite("Health endpoint")
struct HealthEndpointTests {
    let context = ResponderContext(name: "contacts-health", startedAt: .now(), workerSlot: 0, workers: 2,
                                   threadsPerWorker: 8)

    /// The answer of a health endpoint over `environment` (HubSpot unreachable on a closed port,
    /// a cache file in `directory`), optionally after an on-demand HubSpot check.
    func answer(_ directory: TemporaryDirectory, _ extra: [String: String] = [:], checkHubSpot: Bool = false)
        throws -> JSONValue
    {
        let environment = Environment(["HUBSPOT_ACCESS_TOKEN": "pat-health-test-token",
                                       "HUBSPOT_BASE_URL": "http://127.0.0.1:9", "HUBSPOT_TIMEOUT_MS": "500",
                                       "CONTACTS_CACHE_FILE": directory.file("contacts.cache")].merging(extra) { $1 })
        var router = Router()
        try HealthEndpoint(context: context, environment: environment).register(in: &router)
        let parameters: [(key: String, value: String)] = [
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", HealthEndpoint.path + (checkHubSpot ? "?check=hubspot" : "")),
            ("QUERY_STRING", checkHubSpot ? "check=hubspot" : ""),
        ]
        let (response, _) = Dispatcher(router: router).respond(to: parameters) { _ in [] }
        #expect(response.status.code == 200)
        return try JSONValue(parsing: response.body)
    }

    @Test func aStackWithItsCacheFileAndNoCheckYetIsOk() throws {
        try TemporaryDirectory.with { directory in
            let health = try answer(directory)
            #expect(health["status"] == "ok")
            #expect(health["service"] == "hubspot-fcgi" && health["workers"] == 2 && health["threadsPerWorker"] == 8)
            #expect(health["hubspot"]?["state"] == "unknown")
            #expect(health["cache"]?["state"] == "ok" && (health["cache"]?["capacity"]?.intValue ?? 0) > 0)
            // No message store configured: no dead-letter figures at all.
            #expect(health["deadLetters"] == nil)
        }
    }

    @Test func hubSpotUnreachableIsDegradedWithTheCodeButNotTheDetail() throws {
        try TemporaryDirectory.with { directory in
            let health = try answer(directory, checkHubSpot: true)
            #expect(health["status"] == "degraded")
            #expect(health["hubspot"]?["state"] == "failed" && health["hubspot"]?["reason"] == "hubspot_unavailable")
            #expect(health["hubspot"]?["message"] == nil)
            #expect(!health.encodedString().contains("127.0.0.1") && !health.encodedString().contains("pat-health"))
        }
    }

    @Test func aCacheFileThatCannotBeOpenedIsDegraded() throws {
        try TemporaryDirectory.with { directory in
            let health = try answer(directory, ["CONTACTS_CACHE_FILE": directory.file("missing/dir/contacts.cache")])
            #expect(health["status"] == "degraded")
            #expect(health["cache"] == ["state": "unavailable"])
            #expect(!health.encodedString().contains("missing/dir"))
        }
    }

    @Test func aClusterWhoseRedisIsDownIsDegradedAndSaysEachHostTakesItsShare() throws {
        let redis = RedisServer(password: "redis-health-password")
        try TemporaryDirectory.with { directory in
            let cluster = ["REDIS_URL": redis.url, "CLUSTER_HOSTS": "3", "REDIS_TIMEOUT_MS": "200"]
            let up = try answer(directory, cluster)
            #expect(up["status"] == "ok")
            #expect(up["cluster"] == ["hosts": 3, "redis": "ok"])
            redis.stop()
            let down = try answer(directory, cluster)
            #expect(down["status"] == "degraded")
            #expect(down["cluster"] == ["hosts": 3, "redis": "unreachable", "budgets": "local_share"])
            let text = down.encodedString()
            #expect(!text.contains("redis-health-password") && !text.contains(redis.directory.path))
        }
        // A single host shows no cluster at all.
        try TemporaryDirectory.with { directory in
            let alone = try answer(directory)
            #expect(alone["cluster"] == nil)
        }
    }

    @Test func deadLettersAreCountedWithoutMakingTheStackDegraded() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("messages.db")
            let store = try MessageStore(path: path)
            _ = try store.keepDeadLetter(UnreadableDelivery(
                body: Array(#"{"id":"EV1"}"#.utf8), bodyDigest: "d1", eventID: "EV1", eventType: "message.received",
                reason: DeadLetterReason(code: "missing_field", message: "no data.object", field: "data.object"),
                receivedAt: EpochMilliseconds(1_764_000_000_000)))

            let health = try answer(directory, ["MESSAGES_DB": path])

            #expect(health["status"] == "ok")
            #expect(health["deadLetters"]?["pending"] == 1 && health["deadLetters"]?["reprocessed"] == 0)
            #expect(health["deadLetters"]?["oldestPendingAt"] == "2025-11-24T16:00:00.000Z")
        }
    }

    @Test func aMessageStoreThatCannotBeReadMakesTheStackDegraded() throws {
        let server = PostgresServer()
        defer { server.remove() }
        let url = server.newDatabase()
        try TemporaryDirectory.with { directory in
            let up = try answer(directory, ["MESSAGES_DATABASE_URL": url])
            #expect(up["status"] == "ok" && up["deadLetters"]?["pending"] == 0)
            server.stop()
            let down = try answer(directory, ["MESSAGES_DATABASE_URL": url])
            #expect(down["status"] == "degraded")
            #expect(down["deadLetters"] == ["state": "unavailable"])
            #expect(!down.encodedString().contains(server.directory.path), "no address on the public endpoint")
        }
    }

    @Test func aMessageStoreNotCreatedYetHasNoDeadLettersAndIsNotCreatedByHealth() throws {
        try TemporaryDirectory.with { directory in
            let health = try answer(directory, ["MESSAGES_DB": directory.file("messages.db")])
            #expect(health["deadLetters"] == ["pending": 0, "reprocessed": 0, "oldestPendingAt": .null])
            #expect(!directory.names().contains("messages.db"))
        }
    }
}
