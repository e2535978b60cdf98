import Base
import MessageStore
import OpenPhoneAPI

/// Sends texts from the inbox through OpenPhone, storing each before it goes out.
///
/// Order of events for one send: the store takes it as `sending` (or answers a repeated
/// idempotency key, an opted-out customer, an unknown conversation without calling anyone);
/// then OpenPhone is asked once; its answer moves the stored message to `queued`, or to
/// `failed` with the reason. Nothing is retried here: a send whose answer was lost may have gone
/// out, so it stays `sending` until a webhook says what happened or
/// ``MessageStore/failUnconfirmedSends(olderThan:now:)`` shows it unconfirmed.
///
/// ```swift
/// let sender = TextSender(store: store, client: client)
/// let outcome = try sender.send(to: .conversation(id), text: "See you at 6", sentBy: "alice",
///                               idempotencyKey: key)
/// ```
public final class TextSender: Sendable {
    let store: MessageStore
    let client: OpenPhoneClient
    let sweep: UnconfirmedSendSweep

    public init(store: MessageStore, client: OpenPhoneClient, sweep: UnconfirmedSendSweep) {
        self.store = store
        self.client = client
        self.sweep = sweep
    }

    /// - Throws: ``MessageStoreError`` when the store cannot take the message: then nothing was
    ///   sent either.
    /// - Parameters:
    ///   - text: 1–``OutgoingDraft/maxTextLength`` characters; ignored for a retry (the stored
    ///     text is sent).
    ///   - sentBy: the staff user (`REMOTE_USER`).
    ///   - idempotencyKey: the client's key: the same key from the same user stores and sends once.
    public func send(to target: SendTarget, text: String, sentBy: String, idempotencyKey: String?)
        throws(MessageStoreError) -> SendOutcome
    {
        sweep.runIfDue()
        func draft(_ recipient: OutgoingDraft.Recipient) -> OutgoingDraft {
            OutgoingDraft(recipient: recipient, text: text, sentBy: sentBy, idempotencyKey: idempotencyKey)
        }
        let preparation: SendPreparation
        switch target {
        case .conversation(let id):
            preparation = try store.prepareSend(draft(.conversation(id)))
        case .retry(let id):
            preparation = try store.prepareRetry(id, sentBy: sentBy, idempotencyKey: idempotencyKey)
        case .number(let customer):
            let line: BusinessLine
            switch self.line() {
            case .found(let found): line = found
            case .none(let reason): return .noLine(reason: reason)
            }
            preparation = try store.prepareSend(draft(.number(customer, line: line)))
        }
        switch preparation {
        case .repeated(let message, let conversation): return .stored(message, conversation, repeated: true)
        case .keyReused: return .keyReused
        case .optedOut(let conversation): return .optedOut(conversation)
        case .notFound: return .notFound
        case .send(let message, let conversation):
            let sent = deliver(message, in: conversation)
            return .stored(sent, conversation, repeated: false)
        }
    }

    /// Asks OpenPhone once and records its answer; a store error after OpenPhone answered is
    /// logged and leaves the message `sending` (the webhook still reaches it, or the sweep).
    private func deliver(_ message: StoredMessage, in conversation: Conversation) -> StoredMessage {
        let from = MessageSender(conversation.line.rawValue)
        do {
            let sent = try client.sendMessage(content: message.text, from: from, to: conversation.customer.rawValue)
            Log.info("message_sent", ["message": message.id.description, "openphone_id": sent.id])
            // Recorded twice at most (a busy store); if it still fails, the webhook adopts the send.
            let status = MessageStatus(rawValue: sent.status)
            return (try? store.sendAccepted(message.id, openPhoneID: sent.id, status: status))
                ?? (try? store.sendAccepted(message.id, openPhoneID: sent.id, status: status)) ?? message
        } catch where error.mayHaveBeenSent {
            Log.warning("message_send_unconfirmed", ["message": message.id.description, "error": error.code])
            return message
        } catch {
            Log.warning("message_send_failed", ["message": message.id.description, "error": error.code])
            let failure = SendFailure(code: error.code, message: error.message)
            return (try? store.sendFailed(message.id, failure)) ?? message
        }
    }

    private enum LineChoice {
        case found(BusinessLine)
        case none(String)
    }

    /// The line new conversations go out on, as webhooks name lines (OpenPhone's `PN…` id), so
    /// the customer's answer lands in the same conversation.
    private func line() -> LineChoice {
        do {
            switch try client.sender() {
            case .line(let id):
                return BusinessLine(id).map { .found($0) } ?? .none("OpenPhone's line id \(id) is not usable")
            case .number(let number):
                // OPENPHONE_FROM as a number: the id webhooks will use is OpenPhone's for it.
                let lines = try client.phoneNumbers()
                guard let id = lines.first(where: { $0.number == number })?.id, let line = BusinessLine(id) else {
                    return .none("OPENPHONE_FROM \(number) is not one of the workspace's lines")
                }
                return .found(line)
            }
        } catch {
            return .none(error.message)
        }
    }
}
