import Base
import HTTPServer
import JSON
import OpenPhone
@testable import OpenPhoneEmulator
import Synchronization
import TestSupport
import Testing

/// Round trips through real sockets: the emulator's webhooks reach a recording server in this
/// process and must verify with the stack's own verifier.
@Suite("Signed webhooks back to the stack")
struct WebhookDeliveryTests {
    let secret: WebhookSecret

    init() throws {
        secret = try WebhookSecret(key: Array((0..<32).map { UInt8($0 * 7 % 256) }))
    }

    /// An emulator that sends its webhooks to `recorder`, after `delay`, retrying quickly.
    func emulator(to recorder: RecordingHTTPServer, delay: Duration = .milliseconds(20),
                  retries: [Duration] = [.milliseconds(20), .milliseconds(20)]) -> OpenPhoneEmulator {
        var configuration = OpenPhoneEmulatorConfiguration()
        configuration.behaviour.deliveryDelay = delay
        configuration.webhook = WebhookTarget(url: recorder.url("/api/webhooks/openphone"), secret: secret,
                                              retryDelays: retries, attemptTimeout: .seconds(5))
        return OpenPhoneEmulator(configuration: configuration)
    }

    /// Verifies `request` with the stack's verifier and parses it with the stack's parser.
    func verifiedEvent(_ request: ServerRequest) throws -> WebhookEvent {
        let scheme = try WebhookVerifier(secret: secret).verify(headers: { request.headers[$0] }, rawBody: request.body,
                                                                now: Timestamp.now().seconds)
        #expect(scheme == .legacy)
        let signature = request.headers["openphone-signature"] ?? ""
        #expect(signature.hasPrefix("hmac;1;") && signature.split(separator: ";")[2].count == 13)
        return try WebhookEvent(parsing: request.body)
    }

    @Test("A send leads to a signed message.delivered for the same message")
    func delivered() throws {
        let recorder = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder)
        defer { emulator.stop() }
        let sent = emulator.send(text: "Bay 3 is yours", to: "+19025551234")
        #expect(sent.status == 202)
        let id = sent.json["data"]?["id"]?.stringValue
        #expect(waitUntil(timeout: 10) { recorder.requests.count == 1 })
        let request = try #require(recorder.requests.first)
        #expect(request.method == "POST" && request.path == "/api/webhooks/openphone")
        #expect(request.headers["content-type"] == "application/json")
        let event = try verifiedEvent(request)
        #expect(event.type == .messageDelivered)
        #expect(event.id.hasPrefix("EV"))
        #expect(event.apiVersion == "v4")
        #expect(event.message?.id == id)
        #expect(event.message?.status == "delivered")
        #expect(event.message?.text == "Bay 3 is yours")
        #expect(event.message?.direction == .outgoing)
        #expect(event.message?.to == ["+19025551234"])
        #expect(waitUntil(timeout: 10) { emulator.stats()["webhooks"]?["delivered"] == 1 })
        let listed = emulator.messages().first
        #expect(listed?["status"] == "delivered")
        #expect(listed?["webhook"]?["state"] == "delivered")
        #expect(listed?["webhook"]?["eventId"]?.stringValue == event.id)
    }

    @Test("With outcome failed the webhook is message.failed and carries the error code")
    func failed() throws {
        let recorder = RecordingHTTPServer { _ in ServerResponse(status: 204) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder)
        defer { emulator.stop() }
        _ = emulator.control("POST", "behaviour", #"{"outcome":"failed","failureCode":"30006"}"#)
        let id = emulator.send().json["data"]?["id"]?.stringValue
        #expect(waitUntil(timeout: 10) { recorder.requests.count == 1 })
        let request = try #require(recorder.requests.first)
        let event = try verifiedEvent(request)
        #expect(event.type == .messageFailed)
        #expect(event.message?.id == id)
        #expect(event.message?.status == "failed")
        let object = try JSONValue(parsing: request.body)["data"]?["object"]
        #expect(object?["errorCode"] == "30006")
        #expect(waitUntil(timeout: 10) { emulator.messages().first?["status"] == "failed" })
    }

    @Test("A non-2xx answer is retried with the same event, newly signed, until the stack takes it")
    func retried() throws {
        let answers = Mutex(0)
        let recorder = RecordingHTTPServer { _ in
            ServerResponse(status: answers.withLock { count in
                count += 1
                return count <= 2 ? 503 : 200
            })
        }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder)
        defer { emulator.stop() }
        _ = emulator.send()
        #expect(waitUntil(timeout: 10) { emulator.stats()["webhooks"]?["delivered"] == 1 })
        let requests = recorder.requests
        #expect(requests.count == 3)
        let events = try requests.map(verifiedEvent)
        #expect(Set(events.map(\.id)).count == 1)
        #expect(Set(requests.map(\.body)).count == 1)
        let webhook = emulator.messages().first?["webhook"]
        #expect(webhook?["attempts"] == 3)
        #expect(webhook?["lastStatus"] == 200)
        #expect(emulator.stats()["webhooks"]?["retries"] == 2)
    }

    @Test("When every attempt fails the webhook is counted failed, and nothing more is sent")
    func givenUp() throws {
        let recorder = RecordingHTTPServer { _ in ServerResponse(status: 500) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder, retries: [.milliseconds(10)])
        defer { emulator.stop() }
        _ = emulator.send()
        #expect(waitUntil(timeout: 10) { emulator.stats()["webhooks"]?["failed"] == 1 })
        #expect(recorder.requests.count == 2)
        #expect(emulator.messages().first?["webhook"]?["state"] == "failed")
        #expect(emulator.stats()["webhooks"]?["pending"] == 0)
    }

    @Test("inbound delivers a signed message.received from the customer to the line")
    func inbound() throws {
        let recorder = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder)
        defer { emulator.stop() }
        let answer = emulator.control("POST", "inbound", #"{"from":"+14165550133","text":"Is bay 3 free?"}"#)
        #expect(answer.status == 202)
        #expect(waitUntil(timeout: 10) { recorder.requests.count == 1 })
        let event = try verifiedEvent(try #require(recorder.requests.first))
        #expect(event.type == .messageReceived)
        #expect(event.message?.id == answer.json["data"]?["id"]?.stringValue)
        #expect(event.message?.direction == .incoming)
        #expect(event.message?.from == "+14165550133")
        #expect(event.message?.to == ["+19025550100"])
        #expect(event.message?.text == "Is bay 3 free?")
        // A reply to the same customer joins the conversation the inbound message started.
        let reply = emulator.send(to: "+14165550133").json["data"]
        #expect(reply?["conversationId"] == answer.json["data"]?["conversationId"])
    }

    @Test("With webhooks off nothing is sent; the message still changes status")
    func webhooksOff() throws {
        let recorder = RecordingHTTPServer { _ in ServerResponse(status: 200) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder)
        defer { emulator.stop() }
        _ = emulator.control("POST", "behaviour", #"{"webhooks":false}"#)
        _ = emulator.send()
        #expect(waitUntil(timeout: 10) { emulator.messages().first?["webhook"]?["state"] == "skipped" })
        #expect(emulator.messages().first?["status"] == "delivered")
        #expect(recorder.requests.isEmpty)
    }

    @Test("The API answers at once even when the stack stalls on its webhooks")
    func answerNeverWaits() throws {
        let recorder = RecordingHTTPServer { _ in .stall(seconds: 30) }
        defer { recorder.stop() }
        let emulator = emulator(to: recorder, delay: .zero, retries: [])
        _ = emulator.send()
        #expect(waitUntil(timeout: 10) { recorder.requests.count == 1 })
        let (answer, seconds) = measure { emulator.send() }
        #expect(answer.status == 202)
        #expect(seconds < 1)
        recorder.stop()
        emulator.stop()
        #expect(emulator.stats()["webhooks"]?["failed"]?.intValue ?? 0 >= 1)
    }
}
