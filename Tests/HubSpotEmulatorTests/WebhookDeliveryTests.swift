import Base
import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import HubSpotWebhooks
import JSON
import Synchronization
import Testing
import TestSupport

/// Real deliveries to a ``RecordingHTTPServer``, verified with HubSpotWebhooks' verifier.
@Suite("Webhook deliveries: signed, batched, retried")
struct WebhookDeliveryTests {
    static let secret = "test-webhook-secret-0001"
    static let path = "/api/webhooks/hubspot"
    let contacts = [record(1, ["firstname": "Ada", "lastname": "Lovelace"]), record(2, ["firstname": "Bo"])]

    /// An emulator delivering to `server`, retrying quickly.
    func deliveringEmulator(to server: RecordingHTTPServer, signatures: WebhookSignatures = .both,
                  retryDelays: [Duration] = [.milliseconds(20), .milliseconds(20)],
                  batchWindow: Duration = .milliseconds(20), timeout: Duration = .seconds(5)) throws -> HubSpotEmulator {
        try makeEmulator(contacts) { configuration in
            configuration.webhook = HubSpotWebhookTarget(url: server.url(Self.path), secret: HubSpotWebhookSecret(Self.secret),
                                                         signatures: signatures, retryDelays: retryDelays,
                                                         attemptTimeout: timeout, batchWindow: batchWindow)
        }
    }

    func verify(_ request: ServerRequest, server: RecordingHTTPServer, acceptV1: Bool = false,
                hiding hidden: Set<String> = []) throws -> HubSpotSignatureVersion {
        let verifier = HubSpotWebhookVerifier(secret: HubSpotWebhookSecret(Self.secret), publicURL: server.url(Self.path),
                                              acceptV1: acceptV1)
        return try verifier.verify(method: request.method, body: request.body,
                                   headers: { name in hidden.contains(name.lowercased()) ? nil : request.headers[name] },
                                   now: Timestamp.now())
    }

    @Test("A PATCH reaches the target as a signed v3 (and v1) delivery of HubSpot's events")
    func roundTrip() throws {
        let server = RecordingHTTPServer { _ in ServerResponse(status: 204) }
        defer { server.stop() }
        let emulator = try deliveringEmulator(to: server)
        defer { emulator.stop() }
        #expect(emulator.call("PATCH", "/crm/v3/objects/contacts/1", body: #"{"properties":{"firstname":"Ana"}}"#).status == 200)
        #expect(waitUntil { server.requests.count == 1 })
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.target == Self.path)
        #expect(request.headers["content-type"] == "application/json")
        #expect(try verify(request, server: server) == .v3)
        #expect(try verify(request, server: server, acceptV1: true,
                           hiding: ["x-hubspot-signature-v3", "x-hubspot-request-timestamp"]) == .v1)
        #expect(request.headers["x-hubspot-signature-version"] == "v1")
        let events = try HubSpotEvents.parse(request.body)
        #expect(events.count == 1)
        #expect(events.first?.kind == .propertyChange(property: "firstname", value: "Ana"))
        #expect(events.first?.objectType == .contact && events.first?.objectID == 1)
        #expect(events.first?.attemptNumber == 0 && events.first?.portalID == 62515)
        #expect(waitUntil { emulator.webhookLog()["deliveries"]?[0]?["state"] == "delivered" })
        #expect(emulator.stats()["webhooks"]?["delivered"] == 1)
    }

    @Test("A wrong secret does not verify (the check can fail)")
    func wrongSecret() throws {
        let server = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { server.stop() }
        let emulator = try makeEmulator(contacts) { configuration in
            configuration.webhook = HubSpotWebhookTarget(url: server.url(Self.path), secret: HubSpotWebhookSecret("other"),
                                                         signatures: .v3, batchWindow: .milliseconds(1))
        }
        defer { emulator.stop() }
        _ = emulator.call("DELETE", "/crm/v3/objects/contacts/2")
        #expect(waitUntil { server.requests.count == 1 })
        let request = try #require(server.requests.first)
        #expect(request.headers["x-hubspot-signature"] == nil)
        #expect(throws: HubSpotSignatureError.self) { try verify(request, server: server) }
    }

    @Test("A non-2xx answer is retried with attemptNumber counting and a fresh signature")
    func retry() throws {
        let answered = CallCounter()
        let server = RecordingHTTPServer { _ in ServerResponse(status: answered.next() == 1 ? 500 : 200) }
        defer { server.stop() }
        let emulator = try deliveringEmulator(to: server, signatures: .v3)
        defer { emulator.stop() }
        _ = emulator.call("DELETE", "/crm/v3/objects/contacts/2")
        #expect(waitUntil { server.requests.count == 2 })
        let attempts = try server.requests.map { try HubSpotEvents.parse($0.body) }
        #expect(attempts.map { $0.first?.attemptNumber } == [0, 1])
        #expect(attempts[0].first?.eventID == attempts[1].first?.eventID)
        for request in server.requests { #expect(try verify(request, server: server) == .v3) }
        #expect(waitUntil { emulator.stats()["webhooks"]?["delivered"] == 1 })
        let stats = emulator.stats()["webhooks"]
        #expect(stats?["retries"] == 1 && stats?["attempts"] == 2 && stats?["failed"] == 0)
    }

    @Test("After the last retry a delivery is failed; a timeout counts as a failure")
    func givesUp() throws {
        let server = RecordingHTTPServer { _ in
            var late = ServerResponse(status: 200)
            late.delay = .seconds(5)
            return late
        }
        defer { server.stop() }
        let emulator = try deliveringEmulator(to: server, retryDelays: [.milliseconds(10)], timeout: .milliseconds(200))
        defer { emulator.stop() }
        _ = emulator.call("DELETE", "/crm/v3/objects/contacts/2")
        #expect(waitUntil { emulator.webhookLog()["deliveries"]?[0]?["state"] == "failed" })
        let delivery = emulator.webhookLog()["deliveries"]?[0]
        #expect(delivery?["attempts"]?.arrayValue?.count == 2)
        #expect(delivery?["attempts"]?[0]?["status"] == .null)
        #expect(delivery?["attempts"]?[0]?["error"]?.stringValue?.isEmpty == false)
        #expect(emulator.stats()["webhooks"]?["failed"] == 1)
    }

    @Test("Events within the window share a request; more than 100 are split")
    func batching() throws {
        let server = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { server.stop() }
        // 150 in-process calls take milliseconds: the window is far longer.
        let emulator = try deliveringEmulator(to: server, batchWindow: .seconds(2))
        defer { emulator.stop() }
        for n in 0..<150 {
            _ = emulator.call("PATCH", "/__emulator/contacts/1", body: #"{"properties":{"firstname":"N\#(n)"}}"#, token: nil)
        }
        #expect(waitUntil { server.requests.count == 2 })
        let sizes = try server.requests.map { try HubSpotEvents.parse($0.body).count }
        #expect(sizes.sorted() == [50, 100])
        let ids = try server.requests.flatMap { try HubSpotEvents.parse($0.body).map(\.eventID) }
        #expect(Set(ids).count == 150)
    }

    @Test("Realistic misbehaviour: shuffled events and duplicate requests")
    func duplicatesAndOrder() throws {
        let server = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { server.stop() }
        let emulator = try deliveringEmulator(to: server, batchWindow: .seconds(1))
        defer { emulator.stop() }
        emulator.behave(#"{"webhookDuplicatePercent":100,"webhookReorder":true}"#)
        for n in 0..<20 {
            _ = emulator.call("PATCH", "/__emulator/contacts/1", body: #"{"properties":{"firstname":"N\#(n)"}}"#, token: nil)
        }
        #expect(waitUntil { server.requests.count == 2 })
        let first = try HubSpotEvents.parse(server.requests[0].body).map(\.eventID)
        let second = try HubSpotEvents.parse(server.requests[1].body).map(\.eventID)
        #expect(first == second)
        #expect(first.count == 20 && first != first.sorted())
        #expect(waitUntil { emulator.webhookLog()["deliveries"]?[1]?["duplicateOf"] == 1 })
        #expect(emulator.stats()["webhooks"]?["duplicates"] == 1)
    }
}

/// Counts calls from the server's threads.
final class CallCounter: Sendable {
    private let count = Mutex(0)

    /// 1 for the first call, 2 for the second, …
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
