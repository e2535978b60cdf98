@testable import MessageStore
import Testing

@Suite("A conversation's thread, read state and consent")
struct ThreadTests {
    @Test func pagesGoBackInTimeOldestFirstWithoutSkippingOrRepeating() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            // Seven messages, two sharing a createdAt, stored out of order.
            let times: [Int64] = [3, 1, 5, 5, 2, 7, 6]
            for (index, second) in times.enumerated() {
                try store.record(event("EV\(index)", message: "AC\(index)", text: "m\(index)", at: at(second)))
            }
            let conversation = try #require(try store.conversations(limit: 1).conversations.first).id

            let newest = try #require(try store.thread(conversation, limit: 3))
            let middle = try #require(try store.thread(conversation, limit: 3, before: newest.before))
            let oldest = try #require(try store.thread(conversation, limit: 3, before: middle.before))

            #expect(newest.messages.map(\.text) == ["m3", "m6", "m5"])  // 5 s (the later of two), 6 s, 7 s
            #expect(middle.messages.map(\.createdAt) == [at(2), at(3), at(5)])
            #expect(oldest.messages.map(\.text) == ["m1"])
            #expect(oldest.before == nil)
            let all = (oldest.messages + middle.messages + newest.messages).map(\.openPhoneID)
            #expect(Set(all).count == 7)
            let cursor = try #require(newest.before)
            #expect(try MessageCursor(parsing: cursor.encoded) == cursor)
        }
    }

    @Test func anUnknownConversationHasNoThreadAndCursorsAreChecked() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            #expect(try store.thread(ConversationID(rawValue: 99), limit: 50) == nil)
            for text in ["", "12", "1_", "_1", "a_1", "1_-2", "1_2_3", "1234567890123456789_1"] {
                #expect(throws: MessageStoreError.self, "\(text)") { try MessageCursor(parsing: text) }
            }
            #expect(MessageID("m_42")?.rawValue == 42)
            for text in ["42", "m_", "m_-1", "m_+4", "m_0", "AC42"] { #expect(MessageID(text) == nil, "\(text)") }
        }
    }

    @Test func messagesKeepTheirMediaAndStoreIDs() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let picture = MediaAttachment(url: "https://files.example/1.jpg", contentType: "image/jpeg")
            let outcome = try store.record(event("EV1", text: "", media: [picture]))
            let page = try #require(try store.thread(outcome.conversationID, limit: 10))
            #expect(page.messages.first?.media == [picture])
            let id = try #require(page.messages.first?.id)
            #expect(try store.message(id)?.openPhoneID == "AC1")
        }
    }

    @Test func markingReadClearsTheUnreadCountUntilTheNextIncomingMessage() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.record(event("EV1", message: "AC1"))
            let outcome = try store.record(event("EV2", message: "AC2", at: at(1)))
            #expect(try store.conversation(outcome.conversationID)?.unreadCount == 2)
            #expect(try store.markRead(outcome.conversationID)?.unreadCount == 0)
            try store.record(event("EV3", message: "AC3", at: at(2)))
            #expect(try store.conversation(outcome.conversationID)?.unreadCount == 1)
            #expect(try store.markRead(ConversationID(rawValue: 99)) == nil)
        }
    }

    @Test func theNewestConsentKeywordDecidesWhateverTheOrderOfArrival() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let outcome = try store.record(event("EV1", message: "AC1", text: "Hi", at: at(0)))
            let id = outcome.conversationID
            #expect(try store.conversation(id)?.optedOut == false)
            try store.record(event("EV2", message: "AC2", text: " Stop! ", at: at(10)))
            #expect(try store.conversation(id)?.optedOut == true)
            // An older START delivered late changes nothing.
            try store.record(event("EV3", message: "AC3", text: "start", at: at(5)))
            #expect(try store.conversation(id)?.optedOut == true)
            // Our own outgoing "STOP" is not the customer's opt-out, nor is a sentence with the word.
            try store.record(event("EV4", message: "AC4", direction: .outgoing, text: "YES", status: .delivered, at: at(20)))
            try store.record(event("EV5", message: "AC5", text: "please don't stop", at: at(21)))
            #expect(try store.conversation(id)?.optedOut == true)
            try store.record(event("EV6", message: "AC6", text: "UNSTOP", at: at(30)))
            #expect(try store.conversation(id)?.optedOut == false)
            #expect(try store.conversations(limit: 5).conversations.first?.optedOut == false)
        }
    }

    @Test(arguments: [("STOP", ConsentKeyword.stop), ("stopall", .stop), ("Unsubscribe.", .stop), ("cancel", .stop),
                      ("END", .stop), ("quit\n", .stop), ("Start", .start), ("unstop", .start), ("yes!", .start)])
    func keywords(text: String, keyword: ConsentKeyword) {
        #expect(ConsentKeyword(text: text) == keyword)
    }

    @Test(arguments: ["", "stop it", "S T O P", "stopped", "no", "¡STOP", "yes please"])
    func notKeywords(text: String) {
        #expect(ConsentKeyword(text: text) == nil)
    }
}
