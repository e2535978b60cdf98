import HTTPClient
import OpenPhoneAPI
import Testing

/// Which line a message goes out from: `OPENPHONE_FROM`, else the only line, else the first;
/// picked once, not per send.
@Suite("The line to send from")
struct SenderChoiceTests {
    static let twoLines = #"{"data":[{"id":"PNfirst","number":"+15555550100"},{"id":"PNsecond","number":"+15555550101"}]}"#
    static let queued = #"{"data":{"id":"AC1","status":"queued"}}"#

    @Test func theConfiguredLineWinsWithoutAskingOpenPhone() throws {
        let transport = ScriptedTransport()
        let client = OpenPhoneClient(configuration: configuration(sender: .number("+15555550199")), transport: transport)
        #expect(try client.sender() == .number("+15555550199"))
        #expect(transport.requests.isEmpty)
    }

    @Test func theOnlyLineIsUsed() throws {
        let transport = ScriptedTransport(answer(200, #"{"data":[{"id":"PNonly","number":"+15555550100"}]}"#))
        #expect(try OpenPhoneClient(configuration: configuration(), transport: transport).sender() == .line("PNonly"))
    }

    @Test func withSeveralLinesTheFirstIsUsedAndRemembered() throws {
        let transport = ScriptedTransport(answer(200, Self.twoLines), answer(202, Self.queued), answer(202, Self.queued))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        _ = try client.sendMessage(content: "one", to: "+15555550123")
        _ = try client.sendMessage(content: "two", to: "+15555550123")
        #expect(transport.requests.map(\.url) == ["https://api.openphone.test/v1/phone-numbers",
                                                  "https://api.openphone.test/v1/messages",
                                                  "https://api.openphone.test/v1/messages"])
        #expect(transport.requests.dropFirst().allSatisfy { String(decoding: $0.body ?? [], as: UTF8.self).contains(#""from":"PNfirst""#) })
    }

    @Test func aWorkspaceWithoutLinesIsNotConfigured() {
        let transport = ScriptedTransport(answer(200, #"{"data":[]}"#))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        let error = failure { () throws(OpenPhoneError) in try client.sendMessage(content: "Hi", to: "+15555550123") }
        #expect(error?.kind == .notConfigured)
        #expect(error?.message.contains("OPENPHONE_FROM") == true)
        #expect(transport.requests.count == 1)  // nothing was sent
    }

    @Test func aFailedLookupIsNotRemembered() throws {
        let transport = ScriptedTransport(answer(503), answer(200, Self.twoLines))
        let client = OpenPhoneClient(configuration: configuration(), transport: transport)
        #expect(failure { () throws(OpenPhoneError) in try client.sender() }?.kind == .unavailable)
        #expect(try client.sender() == .line("PNfirst"))
    }

    @Test func senderTextIsReadStrictly() {
        #expect(MessageSender("PNabc123") == .line("PNabc123"))
        #expect(MessageSender("+15555550100") == .number("+15555550100"))
        for bad in ["", "PN", "PN-1", "5555550100", "+0555550100", "+1555", "+1234567890123456", "+1 555 555 0100"] {
            #expect(MessageSender(bad) == nil, "\(bad)")
        }
    }
}
