import HTTPClient
import OpenPhoneAPI
import Testing

/// Every way OpenPhone can refuse or fail, as the typed error callers decide on: its kind and
/// stable code, OpenPhone's own words, and whether a send may have gone out anyway.
@Suite("OpenPhone's answers become typed errors")
struct ErrorMappingTests {
    struct Case: Sendable, CustomStringConvertible {
        var status: Int
        var body: String = ""
        var kind: OpenPhoneError.Kind
        var code: String
        /// For a send; a read never leaves anything in doubt.
        var mayHaveBeenSent = false
        var description: String { "\(status) → \(code)" }
    }

    static let statuses: [Case] = [
        Case(status: 400, body: #"{"message":"Invalid phone number: +1555","code":"0200400","status":400}"#,
             kind: .invalidRequest, code: "openphone_invalid_request"),
        Case(status: 422, kind: .invalidRequest, code: "openphone_invalid_request"),
        Case(status: 401, body: #"{"message":"Unauthorized","code":"0100401"}"#, kind: .unauthorized,
             code: "openphone_unauthorized"),
        Case(status: 402, body: #"{"message":"Not enough credits"}"#, kind: .notAllowed, code: "openphone_not_allowed"),
        Case(status: 403, body: #"{"message":"Forbidden"}"#, kind: .notAllowed, code: "openphone_not_allowed"),
        Case(status: 404, kind: .notFound, code: "openphone_not_found"),
        Case(status: 429, kind: .rateLimited, code: "openphone_rate_limited"),
        Case(status: 500, body: "<html>oops</html>", kind: .unavailable, code: "openphone_unavailable", mayHaveBeenSent: true),
        Case(status: 504, kind: .unavailable, code: "openphone_unavailable", mayHaveBeenSent: true),
        Case(status: 503, kind: .unavailable, code: "openphone_unavailable"),
        Case(status: 302, kind: .invalidResponse, code: "openphone_invalid_response", mayHaveBeenSent: true),
    ]

    func send(_ transport: ScriptedTransport, gate: FakeGate? = nil) -> OpenPhoneError? {
        let client = OpenPhoneClient(configuration: configuration(), gate: gate, transport: transport)
        return failure { () throws(OpenPhoneError) in try client.sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123") }
    }

    @Test(arguments: statuses) func aStatusMapsToItsKind(_ test: Case) throws {
        let error = try #require(send(ScriptedTransport(answer(test.status, test.body))))
        #expect(error.kind == test.kind)
        #expect(error.code == test.code)
        #expect(error.status == test.status)
        #expect(error.mayHaveBeenSent == test.mayHaveBeenSent)
        #expect(error.description.hasPrefix(test.code))
    }

    @Test(arguments: statuses) func aReadNeverLeavesAnythingInDoubt(_ test: Case) throws {
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport(answer(test.status, test.body)))
        let error = try #require(failure { () throws(OpenPhoneError) in try client.phoneNumbers() })
        #expect(error.kind == test.kind)
        #expect(!error.mayHaveBeenSent)
    }

    @Test func openPhonesMessageAndCodeAreKept() throws {
        let error = try #require(send(ScriptedTransport(answer(400, Self.statuses[0].body))))
        #expect(error.message.contains("Invalid phone number: +1555"))
        #expect(error.openPhoneCode == "0200400")
    }

    @Test func noCreditsAndNotAllowedAreToldApart() throws {
        let broke = try #require(send(ScriptedTransport(answer(402, #"{"message":"Not enough credits"}"#))))
        let forbidden = try #require(send(ScriptedTransport(answer(403, #"{"message":"Forbidden"}"#))))
        #expect(broke.isOutOfCredits && broke.message.contains("no credits"))
        #expect(!forbidden.isOutOfCredits && forbidden.message.contains("may not"))
    }

    @Test func aLongOrMultiLineMessageIsTrimmedToOneLine() throws {
        let long = String(repeating: "x", count: 2000)
        let error = try #require(send(ScriptedTransport(answer(400, #"{"message":"bad\nnumber \#(long)"}"#))))
        #expect(!error.message.contains("\n"))
        #expect(error.message.count < 400)
    }

    @Test func a429CarriesRetryAfterAndHoldsOffHereAndStackWide() throws {
        let transport = ScriptedTransport(answer(429, #"{"message":"Too many requests"}"#, headers: [("retry-after", "7")]))
        let gate = FakeGate()
        let client = OpenPhoneClient(configuration: configuration(), gate: gate, transport: transport)
        let first = try #require(failure { () throws(OpenPhoneError) in try client.phoneNumbers() })
        #expect(first.kind == .rateLimited && first.status == 429 && !first.isLocalRateLimit)
        #expect(first.retryAfter == .seconds(7))
        #expect(gate.holdOffs == [.seconds(7)])
        // The next call is refused without asking OpenPhone.
        let again = try #require(failure { () throws(OpenPhoneError) in try client.phoneNumbers() })
        #expect(again.kind == .rateLimited && again.status == 429)
        #expect(again.retryAfter.map { $0 > .seconds(6) && $0 <= .seconds(7) } == true)
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: [("", 1.0), ("2.5", 2.5), ("Wed, 21 Oct 2015 07:28:00 GMT", 1), ("-3", 1), ("999999", 3600)])
    func retryAfterIsReadSanely(header: String, seconds: Double) throws {
        let headers = header.isEmpty ? [] : [(name: "retry-after", value: header)]
        let error = try #require(send(ScriptedTransport(answer(429, headers: headers))))
        #expect(error.retryAfter == .seconds(seconds))
    }

    @Test func aHoldOffElsewhereInTheStackRefusesWithoutAsking() throws {
        let transport = ScriptedTransport()
        let error = try #require(send(transport, gate: FakeGate(holdOffRemaining: .seconds(3))))
        #expect(error.kind == .rateLimited && error.retryAfter == .seconds(3) && !error.mayHaveBeenSent)
        #expect(transport.requests.isEmpty)
    }

    @Test func aUsedUpBudgetIsTheStacksOwnRefusal() throws {
        let transport = ScriptedTransport()
        let error = try #require(send(transport, gate: FakeGate(refusing: true)))
        #expect(error.kind == .rateLimited && error.isLocalRateLimit && !error.mayHaveBeenSent)
        #expect(transport.requests.isEmpty)
    }

    @Test func withoutAKeyNothingIsAsked() throws {
        let transport = ScriptedTransport()
        let client = OpenPhoneClient(configuration: configuration(key: nil), transport: transport)
        let error = try #require(failure { () throws(OpenPhoneError) in try client.sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123") })
        #expect(error.kind == .notConfigured && error.code == "openphone_not_configured")
        #expect(error.message.contains("OPENPHONE_API_KEY"))
        #expect(transport.requests.isEmpty)
    }

    static let transportFailures: [(HTTPClientError.Kind, OpenPhoneError.Kind, sendInDoubt: Bool)] = [
        (.timeout, .timeout, true),
        (.connectFailed, .unavailable, false),
        (.tls, .unavailable, false),
        (.responseTooLarge, .invalidResponse, true),
        (.invalidURL, .notConfigured, false),
        (.other, .unavailable, true),  // e.g. the connection closed after the request went out
    ]

    @Test(arguments: transportFailures)
    func aFailedExchangeSaysWhetherTheSendMayHaveGoneOut(failed: HTTPClientError.Kind, kind: OpenPhoneError.Kind,
                                                        sendInDoubt: Bool) throws {
        let cause = HTTPClientError(kind: failed, message: "curl says so")
        let error = try #require(send(ScriptedTransport([.failure(cause)])))
        #expect(error.kind == kind)
        #expect(error.mayHaveBeenSent == sendInDoubt)
        #expect(error.status == nil)
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport([.failure(cause)]))
        #expect(failure { () throws(OpenPhoneError) in try client.phoneNumbers() }?.mayHaveBeenSent == false)
    }

    @Test func anAcceptedSendWithoutAReadableAnswerMayHaveGoneOut() throws {
        for body in ["not json", #"{"data":{"status":"queued"}}"#] {
            let error = try #require(send(ScriptedTransport(answer(202, body))))
            #expect(error.kind == .invalidResponse && error.mayHaveBeenSent, "\(body)")
        }
    }
}
