@testable import MessageStore
import Testing

@Suite("Messages sent from the inbox: stored first, sent once")
struct OutgoingTests {
    func draft(_ recipient: OutgoingDraft.Recipient = .number(ada, line: mainLine), text: String = "Bay 3 is free",
               key: String? = "key-1", by user: String = "alice") -> OutgoingDraft {
        OutgoingDraft(recipient: recipient, text: text, sentBy: user, idempotencyKey: key)
    }

    @Test func aSendIsStoredAsSendingInItsConversationBeforeOpenPhoneIsAsked() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let message, let conversation) = try store.prepareSend(draft(), now: at(1)) else {
                Issue.record("expected a send"); return
            }
            #expect(message.status == .sending && message.openPhoneID == nil && message.sentBy == "alice")
            #expect(conversation.customer == ada && conversation.line == mainLine && conversation.unreadCount == 0)
            #expect(conversation.lastMessage == .init(text: "Bay 3 is free", at: at(1), direction: .outgoing))
            #expect(try store.thread(conversation.id, limit: 10)?.messages == [message])
        }
    }

    @Test func theSameKeyAndRequestAnswersWhatWasStoredAndADifferentRequestIsRefused() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let first, _) = try store.prepareSend(draft()) else { Issue.record("no send"); return }
            guard case .repeated(let again, _) = try store.prepareSend(draft()) else { Issue.record("sent twice"); return }
            #expect(again.id == first.id)
            #expect(try store.prepareSend(draft(text: "something else")) == .keyReused)
            // Keys are per user; no key means every request is a new message.
            guard case .send(let bobs, _) = try store.prepareSend(draft(by: "bob")) else { Issue.record("bob"); return }
            #expect(bobs.id != first.id)
            guard case .send = try store.prepareSend(draft(key: nil)), case .send = try store.prepareSend(draft(key: nil))
            else { Issue.record("keyless sends"); return }
            #expect(RawDatabase(directory.database).count("messages") == 4)
        }
    }

    @Test func acceptedThenWebhooksMoveTheStatusOfTheSameMessage() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let message, _) = try store.prepareSend(draft()) else { Issue.record("no send"); return }
            let accepted = try #require(try store.sendAccepted(message.id, openPhoneID: "AC9", status: .queued))
            #expect(accepted.openPhoneID == "AC9" && accepted.status == .queued && accepted.id == message.id)
            try store.record(event("EV1", message: "AC9", type: "message.delivered", direction: .outgoing,
                                   text: "Bay 3 is free", status: .delivered, at: at(2)))
            #expect(try store.message(message.id)?.status == .delivered)
            #expect(RawDatabase(directory.database).count("messages") == 1)
        }
    }

    @Test func aWebhookThatBeatsOpenPhonesAnswerIsMergedIntoTheStoredSend() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            // Sent 20 minutes before OpenPhone's webhook arrives: too long ago to be taken for it by
            // the webhook alone; OpenPhone's answer then merges the two.
            guard case .send(let message, let conversation) = try store.prepareSend(draft(), now: t0 - .minutes(20)) else {
                Issue.record("no send"); return
            }
            try store.record(event("EV1", message: "AC9", type: "message.delivered", direction: .outgoing,
                                   text: "Bay 3 is free", status: .delivered, at: at(2)))
            #expect(RawDatabase(directory.database).count("messages") == 2)

            let merged = try #require(try store.sendAccepted(message.id, openPhoneID: "AC9", status: .queued))

            #expect(merged.id == message.id && merged.status == .delivered && merged.sentBy == "alice")
            #expect(try store.thread(conversation.id, limit: 10)?.messages.count == 1)
            #expect(try store.message(openPhoneID: "AC9")?.id == message.id)
        }
    }

    @Test func aFailureOpenPhoneReportsLaterKeepsItsReasonOrSaysItWasNotDelivered() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let first, _) = try store.prepareSend(draft()),
                  case .send(let second, _) = try store.prepareSend(draft(key: "key-2")) else { Issue.record("no send"); return }
            try store.sendAccepted(first.id, openPhoneID: "AC1", status: .queued)
            try store.sendAccepted(second.id, openPhoneID: "AC2", status: .queued)
            let reason = SendFailure(code: "not_delivered", message: "Carrier filtered the message (30007)")
            var failed = event("EV1", message: "AC1", type: "message.failed", direction: .outgoing, status: .failed)
            failed.failure = reason
            try store.record(failed)
            try store.record(event("EV2", message: "AC2", type: "message.undelivered", direction: .outgoing,
                                   status: .undelivered))
            #expect(try store.message(first.id)?.failure == reason)
            #expect(try store.message(second.id)?.failure == .notDelivered)
            // Reported failures are retried like refused ones.
            guard case .send = try store.prepareRetry(first.id, sentBy: "alice", idempotencyKey: nil) else {
                Issue.record("no retry"); return
            }
        }
    }

    @Test func aWebhookForASendWhoseAnswerWasLostSettlesItInsteadOfAddingACopy() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let message, _) = try store.prepareSend(draft(), now: at(1)) else { Issue.record("no send"); return }
            // OpenPhone's 202 never reached us; its webhook names the message by its own id.
            try store.record(event("EV1", message: "AC9", type: "message.delivered", direction: .outgoing,
                                   text: "Bay 3 is free", status: .delivered, at: at(2)))
            let settled = try #require(try store.message(message.id))
            #expect(settled.openPhoneID == "AC9" && settled.status == .delivered && settled.sentBy == "alice")
            #expect(RawDatabase(directory.database).count("messages") == 1)
            #expect(try store.failUnconfirmedSends(olderThan: at(1000), now: at(1001)).isEmpty)
            // Another text to the customer is not taken for it.
            try store.record(event("EV2", message: "AC10", type: "message.delivered", direction: .outgoing,
                                   text: "Something else", status: .delivered, at: at(3)))
            #expect(RawDatabase(directory.database).count("messages") == 2)
        }
    }

    @Test func aFailedSendKeepsItsReasonAndCanBeRetriedOnce() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let message, _) = try store.prepareSend(draft()) else { Issue.record("no send"); return }
            let reason = SendFailure(code: "openphone_unavailable", message: "OpenPhone answered 503")
            let failed = try #require(try store.sendFailed(message.id, reason))
            #expect(failed.status == .failed && failed.failure == reason && failed.text == "Bay 3 is free")

            guard case .send(let retried, _) = try store.prepareRetry(message.id, sentBy: "bob", idempotencyKey: "r1")
            else { Issue.record("no retry"); return }
            #expect(retried.id == message.id && retried.status == .sending && retried.failure == nil)
            guard case .repeated = try store.prepareRetry(message.id, sentBy: "bob", idempotencyKey: "r1") else {
                Issue.record("a repeated retry must not send again"); return
            }
            // Only a failed message can be retried: one being sent cannot.
            #expect(try store.prepareRetry(message.id, sentBy: "bob", idempotencyKey: "r2") == .notFound)
            #expect(try store.prepareRetry(MessageID(rawValue: 999), sentBy: "bob", idempotencyKey: nil) == .notFound)
        }
    }

    @Test func aSendNobodyConfirmedBecomesFailedNotLostAndNotResent() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            guard case .send(let stuck, _) = try store.prepareSend(draft(), now: at(0)) else { Issue.record("no send"); return }
            guard case .send(let recent, _) = try store.prepareSend(draft(key: "key-2"), now: at(100)) else {
                Issue.record("no send"); return
            }
            #expect(try store.failUnconfirmedSends(olderThan: at(60), now: at(120)) == [stuck.id])
            #expect(try store.message(stuck.id)?.failure == .unconfirmed)
            #expect(try store.message(recent.id)?.status == .sending)
            // A confirmation after all (a late webhook) still wins over the sweep's verdict.
            try store.sendAccepted(recent.id, openPhoneID: "AC5", status: .sent)
            #expect(try store.failUnconfirmedSends(olderThan: at(1000), now: at(1001)).isEmpty)
        }
    }

    @Test func nothingIsStoredForACustomerWhoOptedOutOrAConversationThatDoesNotExist() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let outcome = try store.record(event("EV1", text: "STOP"))
            guard case .optedOut(let conversation) = try store.prepareSend(draft()) else { Issue.record("sent"); return }
            #expect(conversation.id == outcome.conversationID && conversation.optedOut)
            guard case .optedOut = try store.prepareSend(draft(.conversation(outcome.conversationID), key: "k2")) else {
                Issue.record("sent by id"); return
            }
            #expect(try store.prepareSend(draft(.conversation(ConversationID(rawValue: 99)), key: "k3")) == .notFound)
            #expect(RawDatabase(directory.database).count("messages") == 1)
        }
    }
}
