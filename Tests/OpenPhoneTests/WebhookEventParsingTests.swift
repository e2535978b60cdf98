import JSON
import Testing
@testable import OpenPhone

@Suite("Webhook payloads, both generations")
struct WebhookEventParsingTests {
    @Test func legacyV4() throws {
        let event = try WebhookEvent(parsing: PayloadSamples.legacyV4)
        #expect(event.id == "EVc67ec998b35c41d388af50799aeeba3e")
        #expect(event.type == .messageReceived)
        #expect(event.format == .legacy)
        #expect(event.apiVersion == "v4")
        #expect(event.createdAtMilliseconds == 1_643_052_145_427)
        let message = try #require(event.message)
        #expect(message == WebhookMessage(
            id: "AC24a8b8321c4f4cf2be110f4250793d51", direction: .incoming, text: "Hello", status: "delivered",
            createdAtMilliseconds: 1_643_052_145_121, from: "+19876543210", to: ["+15555555555"],
            phoneNumberID: "PN123abc", userID: "US123abc"))
        #expect(message.customerNumber == "+19876543210")
        #expect(message.lineNumber == "+15555555555")
    }

    @Test func legacyV2() throws {
        let event = try WebhookEvent(parsing: PayloadSamples.legacyV2)
        #expect(event.apiVersion == "v2")
        #expect(event.createdAtMilliseconds == 1_642_956_952_557)
        let message = try #require(event.message)
        #expect(message.text == "")  // an MMS without text
        #expect(message.to == ["+15555555555"])
        #expect(message.media == [WebhookMessage.Media(url: "https://storage.openphone.example/a.jpg",
                                                       type: "image/jpeg")])
        #expect(message.conversationID == "CN123abc")
        #expect(message.status == "received")
        #expect(message.userID == nil)
        #expect(message.customerNumber == "+14165550100")
    }

    @Test(arguments: [
        (#""errorCode":"30007","errorMessage":"Carrier filtered""#, "30007", "Carrier filtered"),
        (#""errorCode":30003"#, "30003", nil),
        (#""error":{"code":"X1","message":"Unreachable"}"#, "X1", "Unreachable"),
        (#""errorCode":{"odd":true},"errorMessage":"""#, nil, nil),
        ("", nil, nil),
    ] as [(String, String?, String?)])
    func aFailureReasonIsReadWhereverItIsAndNeverRequired(fields: String, code: String?, text: String?) throws {
        let extra = fields.isEmpty ? "" : "," + fields
        let event = try WebhookEvent(parsing: bytes(#"""
            {"id":"EV1","object":"event","apiVersion":"v4","createdAt":"2022-01-23T16:55:52Z","type":"message.failed",
             "data":{"object":{"id":"AC1","from":"+1","to":["+2"],"direction":"outgoing","status":"failed"\#(extra)}}}
            """#))
        #expect(event.message?.errorCode == code)
        #expect(event.message?.errorMessage == text)
    }

    @Test func bodyIsReadWhenTextIsAbsent() throws {
        let event = try WebhookEvent(parsing: bytes(#"""
            {"id":"EV1","object":"event","apiVersion":"v2","createdAt":"2022-01-23T16:55:52Z","type":"message.received",
             "data":{"object":{"id":"AC1","from":"+1","to":"+2","direction":"incoming","body":"Hi"}}}
            """#))
        #expect(event.message?.text == "Hi")
        #expect(event.message?.createdAtMilliseconds == nil)
    }

    @Test func newFormat() throws {
        let event = try WebhookEvent(parsing: PayloadSamples.standard)
        #expect(event.id == "EV2b4e")
        #expect(event.type == .messageDelivered)
        #expect(event.format == .standard)
        #expect(event.apiVersion == "2026-03-30")
        #expect(event.createdAtMilliseconds == 1_775_044_800_000)
        let message = try #require(event.message)
        #expect(message == WebhookMessage(
            id: "AC9f", direction: .outgoing, text: "Your order shipped", status: "delivered",
            createdAtMilliseconds: 1_775_044_799_500, from: "+15555555555", to: ["+14165550100", "+14165550101"],
            phoneNumberID: "PN1", conversationID: "CN1", userID: "US1"))
        #expect(message.customerNumber == "+14165550100")  // outgoing: the first recipient
        #expect(message.lineNumber == "+15555555555")
    }

    @Test(arguments: ["call.ringing", "contact.deleted", "call.transferred", "message.reaction.added"])
    func nonMessageAndUnknownTypesParseWithoutAMessage(type: String) throws {
        let event = try WebhookEvent(parsing: bytes("""
            {"id":"EV9","object":"event","apiVersion":"v3","createdAt":"2024-05-01T00:00:00Z","type":"\(type)",
             "data":{"object":{"something":"else"}}}
            """))
        #expect(event.type == WebhookEventType(type))
        #expect(event.type.rawValue == type)
        #expect(event.message == nil)
        #expect(event.format == .legacy)
    }

    @Test func unknownTypesAreKeptVerbatim() {
        #expect(WebhookEventType("call.transferred") == .other("call.transferred"))
        #expect(WebhookEventType("message.failed") == .messageFailed)
        #expect(WebhookEventType("message.undelivered").isMessage)
        #expect(!WebhookEventType("call.completed").isMessage)
        #expect(WebhookEventType.callRecordingCompleted.rawValue == "call.recording.completed")
    }

    @Test func anEventWithoutDataStillHasAFormat() throws {
        let event = try WebhookEvent(parsing: bytes(
            #"{"id":"EV3","apiVersion":"2026-03-30","createdAt":"2026-04-01T12:00:00Z","type":"contact.deleted"}"#))
        #expect(event.format == .standard)
        #expect(event.message == nil)
    }

    static let malformed: [(String, WebhookPayloadError.Kind, String?)] = [
        ("not json", .invalidJSON, nil),
        ("[1,2]", .invalidJSON, nil),
        (#"{"id":"EV1","type":"message.received""#, .invalidJSON, nil),
        (#"{"type":"call.ringing","createdAt":"2022-01-23T16:55:52Z"}"#, .missingField, "id"),
        (#"{"id":"","type":"call.ringing","createdAt":"2022-01-23T16:55:52Z"}"#, .missingField, "id"),
        (#"{"id":7,"type":"call.ringing","createdAt":"2022-01-23T16:55:52Z"}"#, .invalidField, "id"),
        (#"{"id":"EV1","createdAt":"2022-01-23T16:55:52Z"}"#, .missingField, "type"),
        (#"{"id":"EV1","type":"call.ringing"}"#, .missingField, "createdAt"),
        (#"{"id":"EV1","type":"call.ringing","createdAt":"yesterday"}"#, .invalidField, "createdAt"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z"}"#,
         .missingField, "data"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":"x"}}"#,
         .invalidField, "data.object"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"from":"+1","to":"+2","direction":"incoming"}}}"#,
         .missingField, "data.object.id"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":"+2"}}}"#,
         .missingField, "data.object.direction"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":"+2","direction":"sideways"}}}"#,
         .invalidField, "data.object.direction"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","to":"+2","direction":"incoming"}}}"#,
         .missingField, "data.object.from"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":[],"direction":"incoming"}}}"#,
         .missingField, "data.object.to"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":[5],"direction":"incoming"}}}"#,
         .invalidField, "data.object.to"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":"+2","direction":"incoming","createdAt":"soon"}}}"#,
         .invalidField, "data.object.createdAt"),
        (#"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":"+2","direction":"incoming","media":"x"}}}"#,
         .invalidField, "data.object.media"),
        (#"{"id":"EV1","apiVersion":"2026-03-30","type":"message.received","createdAt":"2026-04-01T12:00:00Z","data":{"resource":{"id":"AC1","direction":"incoming"}}}"#,
         .missingField, "data.context"),
        (#"{"id":"EV1","apiVersion":"2026-03-30","type":"message.received","createdAt":"2026-04-01T12:00:00Z","data":{"resource":{"id":"AC1","direction":"incoming"},"context":{"recipientIdentifiers":["+2"]}}}"#,
         .missingField, "data.context.senderIdentifier"),
        (#"{"id":"EV1","apiVersion":"2026-03-30","type":"message.received","createdAt":"2026-04-01T12:00:00Z","data":{"resource":{"id":"AC1","direction":"incoming"},"context":{"senderIdentifier":"+1"}}}"#,
         .missingField, "data.context.recipientIdentifiers"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedPayloads(body: String, kind: WebhookPayloadError.Kind, field: String?) {
        do {
            let event = try WebhookEvent(parsing: bytes(body))
            Issue.record("parsed \(event)")
        } catch {
            #expect(error.kind == kind)
            #expect(error.field == field)
            #expect(error.code == kind.rawValue)
        }
    }

    @Test func errorsDoNotEchoValues() {
        let body = #"{"id":"EV1","object":"event","type":"message.received","createdAt":"2022-01-23T16:55:52Z","data":{"object":{"id":"AC1","from":"+1","to":"+2","direction":"secret-value"}}}"#
        #expect(throws: WebhookPayloadError.self) { try WebhookEvent(parsing: bytes(body)) }
        do { _ = try WebhookEvent(parsing: bytes(body)) } catch { #expect(!error.message.contains("secret-value")) }
    }

    @Test func truncatedSamplesNeverCrash() {
        for sample in [PayloadSamples.legacyV4, PayloadSamples.legacyV2, PayloadSamples.standard] {
            for length in 0..<sample.count {
                #expect(throws: WebhookPayloadError.self) { try WebhookEvent(parsing: Array(sample.prefix(length))) }
            }
        }
    }
}
