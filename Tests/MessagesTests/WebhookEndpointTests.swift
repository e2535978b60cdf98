import Base
import FastCGI
import JSON
@testable import MessageEndpoints
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
        WebhookEndpoint(settings: MessagesSettings(store: .file("unused"), webhookSecret: secret), store: store,
                        naming: BackgroundNaming(namer: CustomerNamer(store: store, directory: directory, region: .us),
                                                 store: store) { true },
                        region: .us)
    }

    func answer(_ response: Response) throws -> JSONValue { try JSONValue(parsing: response.body) }

    @Test func aSignedDeliveryIsStoredThenNamed() throws {
        try withStore { store, _ in
            let json = try answer(try endpoint(store).handle(try request(delivery("EV1"))))
            #expect(json["stored"] == true && json["duplicate"] == false)
            #expect(json["name"] == "John Smith" && json["nameSource"] == "hubspot" && json["naming"] == "hubspot")
            #expect(try store.message(openPhoneID: "AC1")?.text == "Is bay 3 free?")
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
            #expect(try store.message(openPhoneID: "AC1") != nil)
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

    @Test func otherEventTypesAreAcknowledgedAndNotStored() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            let call = Array(#"{"id":"EV9","object":"event","apiVersion":"v4","createdAt":"2026-11-25T13:00:00Z","type":"call.completed","data":{"object":{"id":"CA1"}}}"#.utf8)
            let response = try webhook.handle(try request(call))
            #expect(response.status == .ok)
            #expect(try answer(response) == ["received": true, "eventId": "EV9", "type": "call.completed", "stored": false])
            #expect(try store.deadLetters().isEmpty && store.conversations(limit: 10).conversations.isEmpty)
        }
    }

    /// A message event whose message sits where this version does not look.
    let unknownShape = Array(#"{"id":"EV5","apiVersion":"2027-01-01","createdAt":"2026-11-25T13:00:00Z","type":"message.received","data":{"payload":{"id":"AC5"}}}"#.utf8)

    @Test func aSignedDeliveryOfAnUnknownShapeIsKeptAndAcknowledged() throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            let response = try webhook.handle(try request(unknownShape))
            #expect(response.status == .accepted)
            #expect(try answer(response) == ["received": true, "stored": false, "deadLetter": true, "duplicate": false,
                                             "reason": "missing_field", "eventId": "EV5", "type": "message.received"])
            let letter = try #require(try store.deadLetters().first)
            #expect(letter.body == unknownShape && letter.eventID == "EV5" && letter.isPending)
            #expect(letter.reason.field == "data.resource")
            // OpenPhone retries it (it would, after any non-2xx; it may anyway): still one letter.
            let again = try webhook.handle(try request(unknownShape))
            #expect(try again.status == .accepted && answer(again)["duplicate"] == true)
            #expect(try store.deadLetters().map(\.deliveries) == [2])
            #expect(try store.conversations(limit: 10).conversations.isEmpty)
        }
    }

    @Test(arguments: ["{not json", "[1,2,3]", "\u{FEFF}"])
    func aSignedBodyThatIsNotAnEventIsKeptUnderItsDigest(body: String) throws {
        try withStore { store, _ in
            let webhook = endpoint(store)
            for _ in 0..<2 {
                let response = try webhook.handle(try request(Array(body.utf8)))
                #expect(try response.status == .accepted && answer(response)["reason"] == "invalid_json")
                #expect(try answer(response)["eventId"] == nil)
            }
            let letters = try store.deadLetters()
            #expect(letters.count == 1 && letters.first?.deliveries == 2 && letters.first?.eventID == nil)
        }
    }

    @Test func aMessageWithoutAUsableCustomerNumberIsKept() throws {
        try withStore { store, _ in
            let response = try endpoint(store).handle(try request(delivery("EV7", from: "unknown")))
            #expect(try response.status == .accepted && answer(response)["reason"] == "invalid_customer_number")
            #expect(try store.deadLetters().first?.eventID == "EV7")
        }
    }

    @Test func aForgedBodyIsRefusedAndNeverKept() throws {
        try withStore { store, _ in
            do {
                _ = try endpoint(store).handle(try request(unknownShape, tamper: true))
                Issue.record("a forged delivery was accepted")
            } catch let error as HTTPError {
                #expect(error.status == .unauthorized)
            }
            #expect(try store.deadLetters().isEmpty)
        }
    }

    @Test func withoutVerificationAnUnreadableBodyIsA400AndNotKept() throws {
        try withStore { store, _ in
            let unsigned = WebhookEndpoint(
                settings: MessagesSettings(store: .file("unused"), webhookSecret: nil, allowUnsigned: true), store: store,
                naming: BackgroundNaming(namer: CustomerNamer(store: store, directory: FakeDirectory(), region: .us),
                                         store: store) { true },
                region: .us)
            do {
                _ = try unsigned.handle(try request(unknownShape, signed: false))
                Issue.record("an unverified unreadable body was acknowledged")
            } catch let error as HTTPError {
                #expect(error.status == .badRequest && error.code == "missing_field")
            }
            #expect(try store.deadLetters().isEmpty)
            // A readable one is still stored in that mode.
            #expect(try answer(try unsigned.handle(try request(delivery("EV1"), signed: false)))["stored"] == true)
        }
    }
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
