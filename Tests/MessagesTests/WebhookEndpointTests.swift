import FastCGI
import JSON
import MessageStore
import OpenPhone
import Testing
@testable import Messages

@Suite("Webhook endpoint")
struct WebhookEndpointTests {
    static let secret = try! WebhookSecret(configured: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")

    func delivery(_ event: String, message: String = "AC1", from: String = "+19025551234",
                  type: String = "message.received", status: String = "received") -> [UInt8] {
        Array("""
            {"id":"\(event)","object":"event","apiVersion":"v4","createdAt":"2026-11-25T13:00:00.000Z","type":"\(type)",\
            "data":{"object":{"id":"\(message)","object":"message","from":"\(from)","to":["+19025550100"],\
            "direction":"incoming","text":"Is bay 3 free?","status":"\(status)","createdAt":"2026-11-25T13:00:00.000Z",\
            "phoneNumberId":"PNtest"}}}
            """.utf8)
    }

    func request(_ body: [UInt8], signed: Bool = true, tamper: Bool = false) throws -> Request {
        var parameters = ["REQUEST_METHOD": "POST", "REQUEST_URI": WebhookEndpoint.path,
                          "CONTENT_LENGTH": String(body.count), "CONTENT_TYPE": "application/json"]
        if signed {
            let headers = try WebhookSigner(secret: Self.secret)
                .standardHeaders(body: body, id: "msg_1", timestampSeconds: Timestamp.now().seconds)
            for field in headers.fields {
                parameters["HTTP_" + field.name.uppercased().replacingHyphens()] = field.value
            }
        }
        return try Request(parameters: parameters, body: tamper ? body + [32] : body)
    }

    func endpoint(_ store: MessageStore, secret: WebhookSecret? = Self.secret,
                  directory: FakeDirectory = FakeDirectory(known: ["+19025551234": ("John Smith", nil)])) -> WebhookEndpoint {
        WebhookEndpoint(settings: MessagesSettings(databasePath: "unused", webhookSecret: secret), store: store,
                        namer: CustomerNamer(store: store, directory: directory, region: .us), region: .us)
    }

    func answer(_ response: Response) throws -> JSONValue { try JSONValue(parsing: response.body) }

    @Test func aSignedDeliveryIsStoredThenNamed() throws {
        try withStore { store, _ in
            let json = try answer(try endpoint(store).handle(try request(delivery("EV1"))))
            #expect(json["stored"] == true && json["duplicate"] == false)
            #expect(json["name"] == "John Smith" && json["nameSource"] == "hubspot" && json["naming"] == "hubspot")
            #expect(try store.message("AC1")?.text == "Is bay 3 free?")
        }
    }

    @Test func aDeliveryRepeatedThreeTimesIsStoredOnce() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            var duplicates: [JSONValue?] = []
            for _ in 0..<3 { duplicates.append(try answer(try webhook.handle(try request(delivery("EV1"))))["duplicate"]) }
            #expect(duplicates == [false, true, true])
            let page = try store.conversations(limit: 10)
            #expect(page.conversations.count == 1 && page.conversations[0].unreadCount == 1)
        }
    }

    @Test func deliveredBeforeReceivedIsOneMessage() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            _ = try webhook.handle(try request(delivery("EV2", type: "message.delivered", status: "delivered")))
            _ = try webhook.handle(try request(delivery("EV1")))
            #expect(try store.conversations(limit: 10).conversations.first?.unreadCount == 1)
            #expect(try store.message("AC1") != nil)
        }
    }

    @Test func unsignedForgedAndUnconfiguredDeliveriesAreRefused() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            #expect(throws: HTTPError.self) { try webhook.handle(try request(delivery("EV1"), signed: false)) }
            do { _ = try webhook.handle(try request(delivery("EV1"), signed: false)) } catch let error as HTTPError {
                #expect(error.status == .unauthorized && error.code == "missing_signature")
            }
            do { _ = try webhook.handle(try request(delivery("EV1"), tamper: true)) } catch let error as HTTPError {
                #expect(error.status == .unauthorized && error.code == "signature_mismatch")
            }
            do { _ = try endpoint(store, secret: nil).handle(try request(delivery("EV1"))) } catch let error as HTTPError {
                #expect(error.status == .serviceUnavailable && error.code == "webhook_not_configured")
            }
            #expect(try store.conversations(limit: 10).conversations.isEmpty)
        }
    }

    @Test func hubSpotDownStillStoresAndAnswersPending() throws {
        try withStore { store, _ in
            let webhook = endpoint(store, directory: FakeDirectory(failure: .unavailable(status: 503)))
            let json = try answer(try webhook.handle(try request(delivery("EV1"))))
            #expect(json["stored"] == true && json["naming"] == "pending" && json["name"] == .null)
        }
    }

    @Test func otherEventTypesAreAcknowledgedAndMalformedOnesRefused() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            let call = Array(#"{"id":"EV9","object":"event","apiVersion":"v4","createdAt":"2026-11-25T13:00:00Z","type":"call.completed","data":{"object":{"id":"CA1"}}}"#.utf8)
            #expect(try answer(try webhook.handle(try request(call)))["stored"] == false)
            do { _ = try webhook.handle(try request(Array("{not json".utf8))) } catch let error as HTTPError {
                #expect(error.status == .badRequest && error.code == "invalid_json")
            }
        }
    }
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
