import MessageStore
import OpenPhone
import Testing
@testable import Messages

@Suite("Re-processing dead letters")
struct DeadLetterReplayTests {
    let reader = DeliveryReader(region: .us)

    func body(_ event: String, message: String = "AC1", from: String = "+19025551234", type: String = "message.received")
        -> [UInt8]
    {
        Array("""
            {"id":"\(event)","object":"event","apiVersion":"v4","createdAt":"2026-11-25T13:00:00.000Z","type":"\(type)",\
            "data":{"object":{"id":"\(message)","object":"message","from":"\(from)","to":["+19025550100"],\
            "direction":"incoming","text":"Is bay 3 free?","status":"received","createdAt":"2026-11-25T13:00:00.000Z",\
            "phoneNumberId":"PNtest"}}}
            """.utf8)
    }

    /// Files `bytes` as a dead letter, as an older version that could not read it would have.
    @discardableResult
    func keep(_ store: MessageStore, _ bytes: [UInt8], at receivedAt: EpochMilliseconds = EpochMilliseconds(1_764_000_000_000))
        throws -> DeadLetterID
    {
        let letter = try #require(reader.deadLetter(bytes, reason: DeadLetterReason(code: "missing_field", message: "old"),
                                                    receivedAt: receivedAt))
        return try store.keepDeadLetter(letter).id
    }

    @Test func aLetterThatReadsNowLandsInItsConversationExactlyAsTheWebhookWouldHaveStoredIt() throws {
        try withStore { store, _ in
            let arrived = EpochMilliseconds(1_764_000_000_000)
            let id = try keep(store, body("EV1"), at: arrived)
            let entries = try DeadLetterReplay(store: store, reader: reader).run()
            let message = try #require(try store.message(openPhoneID: "AC1"))
            #expect(entries == [.init(id: id, eventID: "EV1", result: .stored(message.conversationID))])
            #expect(message.text == "Is bay 3 free?" && message.receivedAt == arrived)
            let conversation = try #require(try store.conversation(message.conversationID))
            #expect(conversation.customer.rawValue == "+19025551234" && conversation.unreadCount == 1)
            #expect(try store.deadLetterSummary().pending == 0)
            // Done once: a second run finds nothing, and OpenPhone's retry of the event is a duplicate.
            #expect(try DeadLetterReplay(store: store, reader: reader).run().isEmpty)
            guard case .message(_, let again) = reader.read(body("EV1")) else { Issue.record("unreadable"); return }
            #expect(try store.record(again) == .duplicate(message.conversationID))
        }
    }

    @Test func aLetterWhoseEventGotThroughMeanwhileIsADuplicate() throws {
        try withStore { store, _ in
            let id = try keep(store, body("EV1"))
            guard case .message(_, let message) = reader.read(body("EV1")) else { Issue.record("unreadable"); return }
            let conversation = try store.record(message).conversationID
            #expect(try DeadLetterReplay(store: store, reader: reader).run()
                == [.init(id: id, eventID: "EV1", result: .duplicate(conversation))])
            #expect(try store.conversation(conversation)?.unreadCount == 1)
        }
    }

    @Test func aLetterThatStillDoesNotReadStaysPendingWithTodaysReason() throws {
        try withStore { store, _ in
            let id = try keep(store, Array(#"{"id":"EV2","type":"message.received","createdAt":"2026-11-25T13:00:00Z","data":{}}"#.utf8))
            let entries = try DeadLetterReplay(store: store, reader: reader).run()
            #expect(entries.count == 1)
            guard case .stillUnreadable(let reason) = entries.first?.result else { Issue.record("\(entries)"); return }
            #expect(reason.code == "missing_field" && reason.field == "data.resource")
            let letter = try #require(try store.deadLetters(pendingOnly: true).first)
            #expect(letter.id == id && letter.reason.message != "old" && letter.attemptedAt != nil)
        }
    }

    @Test func anEventWithoutAMessageIsMarkedIgnored() throws {
        try withStore { store, _ in
            let id = try keep(store, Array(#"{"id":"EV3","type":"call.completed","createdAt":"2026-11-25T13:00:00Z"}"#.utf8))
            #expect(try DeadLetterReplay(store: store, reader: reader).run() == [.init(id: id, eventID: "EV3", result: .ignored)])
            #expect(try store.deadLetters().first?.outcome == .ignored)
        }
    }

    @Test func onlyTheNamedLetterIsReplayed() throws {
        try withStore { store, _ in
            try keep(store, body("EV1", message: "AC1"))
            let second = try keep(store, body("EV2", message: "AC2", from: "+19025559876"))
            let entries = try DeadLetterReplay(store: store, reader: reader).run(only: second)
            #expect(entries.map(\.id) == [second])
            #expect(try store.message(openPhoneID: "AC1") == nil && store.message(openPhoneID: "AC2") != nil)
            #expect(try store.deadLetterSummary().pending == 1)
        }
    }

    @Test func theWebhooksOwnDeadLetterReplaysToTheSameReason() throws {
        // What the webhook kept (an unusable customer number) is read by the same reader: the
        // same version gives the same answer, so nothing is recorded by accident.
        try withStore { store, _ in
            guard case .unreadable(let reason) = reader.read(body("EV4", from: "unknown")) else {
                Issue.record("a number without digits was readable"); return
            }
            let letter = try #require(reader.deadLetter(body("EV4", from: "unknown"), reason: reason))
            try store.keepDeadLetter(letter)
            let entries = try DeadLetterReplay(store: store, reader: reader).run()
            #expect(entries.map(\.result) == [.stillUnreadable(reason)])
        }
    }
}
