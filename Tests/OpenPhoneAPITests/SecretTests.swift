import HTTPClient
import OpenPhoneAPI
import Testing

/// The API key never leaves in an error, a description or a dump, even when OpenPhone (or
/// something in between) echoes it back.
@Suite("The API key stays secret")
struct SecretTests {
    @Test func theKeyPrintsRedacted() {
        let key = Secret(testKey)
        let configuration = configuration()
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains(testKey), "\(text)")
        }
        #expect("\(key)" == "[redacted]")
        #expect(configuration.description.contains("apiKey: [redacted]"))
    }

    @Test(arguments: [400, 401, 402, 403, 404, 422, 429])
    func anAnswerEchoingTheKeyIsRedacted(status: Int) throws {
        let echo = #"{"message":"key \#(testKey) is not valid","code":"\#(testKey)","title":"\#(testKey)"}"#
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport(answer(status, echo)))
        let error = try #require(failure { () throws(OpenPhoneError) in
            try client.sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123")
        })
        #expect(!"\(error)".contains(testKey) && !String(reflecting: error).contains(testKey))
        #expect(!(error.openPhoneCode ?? "").contains(testKey))
        if status != 429 { #expect(error.message.contains("key [redacted] is not valid")) }
    }

    @Test func aTransportMessageEchoingTheKeyIsRedacted() throws {
        let cause = HTTPClientError(kind: .other, message: "Authorization: \(testKey) refused")
        let client = OpenPhoneClient(configuration: configuration(), transport: ScriptedTransport([.failure(cause)]))
        let error = try #require(failure { () throws(OpenPhoneError) in try client.phoneNumbers() })
        #expect(!"\(error)".contains(testKey))
        #expect(error.message.contains("[redacted]"))
    }

    @Test func aBaseURLHoldingTheKeyDoesNotLeakIt() throws {
        let refused = RefusedPort()
        defer { refused.close() }
        for url in ["http://127.0.0.1:\(refused.port)/\(testKey)", "http://\(testKey)@127.0.0.1:\(refused.port)",
                    "http://[\(testKey)"] {
            let client = OpenPhoneClient(configuration: configuration(baseURL: url, timeout: .seconds(2)))
            let error = try #require(failure { () throws(OpenPhoneError) in try client.phoneNumbers() })
            #expect(!"\(error)".contains(testKey), "\(error)")
            #expect([.unavailable, .notConfigured].contains(error.kind), "\(error)")
        }
    }
}
