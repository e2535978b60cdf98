import HTTPClient
import JSON
import OpenPhoneAPI
import Testing

/// What goes to OpenPhone: `POST /v1/messages` with the bare key as `Authorization` and the
/// documented body; `GET /v1/phone-numbers`; and what comes back as typed values.
@Suite("Requests and answers")
struct RequestShapeTests {
    static let queued = #"{"data":{"id":"AC123","object":"message","status":"queued","createdAt":"2026-12-01T10:00:00.000Z","to":["+15555550123"]}}"#

    @Test func aSendPostsTheDocumentedRequest() throws {
        let transport = ScriptedTransport(answer(202, Self.queued))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        let sent = try client.sendMessage(content: "Hello \"there\"\nbye", from: .line("PNabc"), to: "+15555550123")
        #expect(sent == SentMessage(id: "AC123", status: "queued", createdAt: "2026-12-01T10:00:00.000Z"))

        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.openphone.test/v1/messages")
        #expect(header("Authorization", in: request) == testKey)  // the key itself: no "Bearer"
        #expect(header("Content-Type", in: request) == "application/json")
        #expect(header("Accept", in: request) == "application/json")
        let body = try JSONValue(parsing: request.body ?? [])
        #expect(body == ["content": "Hello \"there\"\nbye", "from": "PNabc", "to": ["+15555550123"]])
    }

    @Test(arguments: [200, 201, 202]) func anySuccessStatusCarriesTheMessage(status: Int) throws {
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport(answer(status, Self.queued)))
        #expect(try client.sendMessage(content: "Hi", from: .number("+15555550100"), to: "+15555550123").id == "AC123")
    }

    @Test func anE164SenderGoesOutAsTheNumber() throws {
        let transport = ScriptedTransport(answer(202, Self.queued))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        _ = try client.sendMessage(content: "Hi", from: .number("+15555550100"), to: "+15555550123")
        #expect(try JSONValue(parsing: transport.requests[0].body ?? [])["from"] == "+15555550100")
    }

    @Test func theTransportGetsWhatIsLeftOfTheBudgetAndTheGateHalfOfIt() throws {
        let transport = ScriptedTransport(answer(202, Self.queued))
        let gate = FakeGate()
        let client = OpenPhoneClient(configuration: configuration(), gate: gate, transport: transport)
        _ = try client.sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123", timeout: .seconds(2))
        let wait = try #require(gate.waits.first)
        #expect(gate.waits.count == 1 && wait <= .seconds(1) && wait > .milliseconds(900))
        let given = try #require(transport.timeouts.first ?? nil)
        #expect(given <= .seconds(2) && given > .seconds(1))
    }

    @Test func theLinesAreRead() throws {
        let transport = ScriptedTransport(answer(200, #"""
            {"data":[{"id":"PN1","number":"+15555550100","name":"Sales","users":[]},
                     {"id":"PN2","number":"+15555550101","name":""},
                     {"id":"PN3"}]}
            """#))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        let lines = try client.phoneNumbers()
        #expect(lines == [PhoneLine(id: "PN1", number: "+15555550100", name: "Sales"),
                          PhoneLine(id: "PN2", number: "+15555550101")])  // PN3 has no number to send from
        #expect(transport.requests.map(\.method) == ["GET"])
        #expect(transport.requests.map(\.url) == ["https://api.openphone.test/v1/phone-numbers"])
        #expect(transport.requests.first?.body == nil)
        #expect(header("Authorization", in: transport.requests[0]) == testKey)
    }

    @Test func aListWithoutDataIsAnInvalidResponse() {
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport(answer(200, #"{"lines":[]}"#)))
        let error = failure { () throws(OpenPhoneError) in try client.phoneNumbers() }
        #expect(error?.kind == .invalidResponse)
        #expect(error?.mayHaveBeenSent == false)
    }

    func header(_ name: String, in request: HTTPClientRequest) -> String? {
        request.headers.first { $0.name == name }?.value
    }
}
