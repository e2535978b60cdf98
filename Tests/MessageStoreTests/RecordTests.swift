import CSQLite
@testable import MessageStore
import Testing

@Suite struct RecordTests {
    @Test func aRedeliveredEventIsStoredOnce() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let first = try store.record(event("EV1"))
            guard case .stored(let id) = first else { Issue.record("first delivery: \(first)"); return }
            #expect(try store.record(event("EV1")) == .duplicate(id))
            #expect(try store.record(event("EV1")) == .duplicate(id))
            let conversation = try #require(try store.conversation(id))
            #expect(conversation.unreadCount == 1)
            #expect(conversation.customer == ada)
            #expect(conversation.line == mainLine)
            #expect(conversation.lastMessage == .init(text: "Hello", at: t0, direction: .incoming))
            RawDatabase.with(directory.database) { raw in
                #expect(raw.count("messages") == 1)
                #expect(raw.count("conversations") == 1)
                #expect(raw.count("processed_events") == 1)
            }
        }
    }

    @Test func deliveredBeforeTheCreatingEventMakesOneMessageCountedOnce() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            // An outgoing message: delivered arrives first, then the older "sent" event.
            try store.record(event("EV2", type: "message.delivered", direction: .outgoing, status: .delivered))
            try store.record(event("EV1", type: "message.sent", direction: .outgoing, status: .sent))
            #expect(try store.message(openPhoneID: "AC1")?.status == .delivered)
            // An incoming message: a status event first, then message.received.
            try store.record(event("EV4", message: "AC2", type: "message.delivered", status: .delivered, at: at(5)))
            let outcome = try store.record(event("EV3", message: "AC2", status: .received, at: at(5)))
            #expect(try store.message(openPhoneID: "AC2")?.status == .delivered)  // both final: the first stays
            let conversation = try #require(try store.conversation(outcome.conversationID))
            #expect(conversation.unreadCount == 1)
            #expect(RawDatabase(directory.database).count("messages") == 2)
            #expect(RawDatabase(directory.database).count("processed_events") == 4)
        }
    }

    @Test func statusOnlyMovesForwardAndAFinalStatusStays() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let steps: [(MessageStatus, MessageStatus)] = [
                (.queued, .queued), (.sent, .sent), (.queued, .sent),  // no regression
                (.failed, .failed), (.delivered, .failed), (.sent, .failed),  // final stays
            ]
            for (index, (incoming, expected)) in steps.enumerated() {
                try store.record(event("EV\(index)", direction: .outgoing, status: incoming))
                #expect(try store.message(openPhoneID: "AC1")?.status == expected, "after \(incoming)")
            }
            // An unknown status is kept only until something known arrives.
            try store.record(event("EVx", message: "AC2", status: MessageStatus(rawValue: "scheduled")))
            #expect(try store.message(openPhoneID: "AC2")?.status.rawValue == "scheduled")
            try store.record(event("EVy", message: "AC2", status: .queued))
            #expect(try store.message(openPhoneID: "AC2")?.status == .queued)
        }
    }

    @Test func theLastMessageOnlyMovesForward() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV2", message: "AC2", text: "newer", at: at(60))).conversationID
            try store.record(event("EV1", message: "AC1", text: "older", at: at(0)))
            #expect(try store.conversation(id)?.lastMessage.text == "newer")
            try store.record(event("EV3", message: "AC3", direction: .outgoing, text: "reply", at: at(120)))
            let last = try #require(try store.conversation(id)).lastMessage
            #expect(last == .init(text: "reply", at: at(120), direction: .outgoing))
            // Equal times: the larger message id wins whatever the arrival order.
            try store.record(event("EV5", message: "AC5", text: "tie-5", at: at(200)))
            try store.record(event("EV4", message: "AC4", text: "tie-4", at: at(200)))
            #expect(try store.conversation(id)?.lastMessage.text == "tie-5")
            #expect(try store.conversation(id)?.unreadCount == 4)  // the outgoing reply is not unread
        }
    }

    @Test func linesAndCustomersKeepSeparateConversations() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let a = try store.record(event("EV1", message: "AC1")).conversationID
            let b = try store.record(event("EV2", message: "AC2", line: otherLine)).conversationID
            let c = try store.record(event("EV3", message: "AC3", customer: bob)).conversationID
            let a2 = try store.record(event("EV4", message: "AC4", at: at(1))).conversationID
            #expect(Set([a, b, c]).count == 3)
            #expect(a2 == a)
            #expect(try store.conversation(customer: ada, line: otherLine)?.id == b)
            #expect(try store.conversation(a)?.unreadCount == 2)
        }
    }

    @Test func textAndMediaRoundTrip() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let media = [MediaAttachment(url: "https://m.example/1.jpg", contentType: "image/jpeg"),
                         MediaAttachment(url: "https://m.example/2")]
            let text = "Ünïcödé 👋 'quotes' \"double\"; DROP TABLE messages; --\u{0}after NUL"
            try store.record(event("EV1", text: text, media: media))
            try store.record(event("EV2", message: "AC2", text: ""))
            let stored = try #require(try store.message(openPhoneID: "AC1"))
            // PostgreSQL text cannot hold NUL: there it becomes U+FFFD, the rest kept.
            #expect(stored.text == (storeTestsOnPostgres ? text.split(separator: "\u{0}", omittingEmptySubsequences: false)
                .joined(separator: "\u{FFFD}") : text))
            #expect(stored.media == media)
            #expect(stored.receivedAt == t0 + .seconds(1))
            #expect(try store.message(openPhoneID: "AC2")?.text == "")
            #expect(try store.message(openPhoneID: "AC-missing") == nil)
            // Media sent only with a later event is added to the message.
            try store.record(event("EV3", message: "AC2", media: [media[0]], status: .delivered))
            #expect(try store.message(openPhoneID: "AC2")?.media == [media[0]])
        }
    }

    @Test func aFailureMidRecordLeavesNothingBehind() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            // The conversation insert runs before the message insert; the trigger fails the latter.
            RawDatabase(directory.database).failInserts("fail_poison", into: "messages", when: "NEW.text = 'poison'",
                                                        message: "injected failure")
            #expect {
                try store.record(event("EV1", text: "poison"))
            } throws: { error in
                guard let error = error as? MessageStoreError else { return false }
                return error.kind == .statementFailed && error.message.contains("injected failure")
                    && (storeTestsOnPostgres || error.resultCode.map { $0 & 0xff } == SQLITE_CONSTRAINT)
            }
            RawDatabase.with(directory.database) { raw in
                #expect(raw.count("conversations") == 0)
                #expect(raw.count("messages") == 0)
                #expect(raw.count("processed_events") == 0)
            }
            // The same event, redelivered once the fault is gone, is stored normally.
            RawDatabase(directory.database).removeFailure("fail_poison", on: "messages")
            // (Not id 1 on PostgreSQL: a sequence does not roll back.)
            guard case .stored = try store.record(event("EV1", text: "poison")) else {
                Issue.record("the redelivered event must be stored")
                return
            }
            #expect(try store.conversations(limit: 10).conversations.map(\.unreadCount) == [1])
        }
    }

    @Test func aFailureOnAnExistingConversationRollsBackItsCounters() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1", message: "AC1", text: "first")).conversationID
            // Fails the media insert, which comes after unread and last message were updated.
            RawDatabase(directory.database).failInserts("fail_media", into: "message_media", message: "media store down")
            #expect(throws: MessageStoreError.self) {
                try store.record(event("EV2", message: "AC2", text: "second", media: [.init(url: "u")], at: at(9)))
            }
            let conversation = try #require(try store.conversation(id))
            #expect(conversation.unreadCount == 1)
            #expect(conversation.lastMessage.text == "first")
            #expect(try store.message(openPhoneID: "AC2") == nil)
            #expect(RawDatabase(directory.database).count("processed_events") == 1)
        }
    }

    @Test(.enabled(if: !storeTestsOnPostgres, "a SQLite file's")) func aReadOnlyFileFailsLoudly() throws {
        // Root ignores file permissions, so a read-only *connection* plays the read-only disk.
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory, maxConnections: 1)  // the one connection made read-only
            try store.withConnection { (db) throws(MessageStoreError) in try db.execute("PRAGMA query_only = ON") }
            #expect {
                try store.record(event("EV1"))
            } throws: { error in
                (error as? MessageStoreError)?.resultCode.map { $0 & 0xff } == SQLITE_READONLY
            }
            #expect(RawDatabase(directory.database).count("conversations") == 0)
        }
    }

    @Test func markReadClearsTheUnreadCount() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1")).conversationID
            try store.record(event("EV2", message: "AC2", at: at(1)))
            #expect(try store.conversation(id)?.unreadCount == 2)
            #expect(try store.markRead(id)?.unreadCount == 0)
            #expect(try store.conversation(id)?.unreadCount == 0)
            #expect(try store.markRead(ConversationID(rawValue: 999)) == nil)
        }
    }
}
