import Base
import EmulatorSupport
import Synchronization

/// What the emulator remembers, behind one lock: the messages in order, conversations, counters,
/// the fault and behaviour in force, the rate limiter. Shared by the request handler and the
/// webhook workers.
final class Ledger: Sendable {
    struct State: Sendable {
        var messages: [EmulatedMessage] = []
        /// `"<line id> <participant>"` → `CN…`, so one customer's messages share a conversation.
        var conversations: [String: String] = [:]
        var stats = Stats()
        var fault: Fault?
        var behaviour: DeliveryBehaviour
        /// OpenPhone's limit: ``OpenPhoneEmulatorConfiguration/requestsPerSecond`` per key.
        var limiter = SlidingWindowLimiter()
        /// Bumped by reset, so that attempts already in flight do not report into the new state.
        var generation = 0
    }

    /// Oldest messages are forgotten beyond this, so a long demo does not grow without bound.
    static let messageLimit = 10_000

    let state: Mutex<State>

    init(behaviour: DeliveryBehaviour) {
        state = Mutex(State(behaviour: behaviour))
    }
}

/// A webhook ready to go: rendered once, resent as is on every retry.
struct PreparedEvent: Sendable {
    var id: String
    var type: String
    var messageID: String
    var body: [UInt8]
    var generation: Int
}

extension Ledger.State {
    /// The conversation between `line` and `participant`, created on first use.
    mutating func conversation(line: String, participant: String) -> String {
        let key = line + " " + participant
        if let id = conversations[key] { return id }
        let id = ResourceID.make(.conversation)
        conversations[key] = id
        return id
    }

    mutating func append(_ message: EmulatedMessage) {
        messages.append(message)
        if messages.count > Ledger.messageLimit { messages.removeFirst(messages.count - Ledger.messageLimit) }
    }

    /// Position of message `id`; recent messages are the ones asked for, so the search runs
    /// from the end.
    func index(of id: String) -> Int? {
        messages.lastIndex { $0.id == id }
    }
}

extension Ledger {
    /// The moment a message's webhook is due: an outgoing message takes its planned status, and
    /// the event is rendered, or the message is marked `skipped` (nil) when webhooks are off or
    /// have nowhere to go.
    func prepareEvent(messageID: String, now: Timestamp, canDeliver: Bool) -> PreparedEvent? {
        state.withLock { state in
            guard let index = state.index(of: messageID) else { return nil }
            var message = state.messages[index]
            let type: String
            switch message.direction {
            case .incoming:
                type = "message.received"
            case .outgoing:
                message.status = message.failure == nil ? "delivered" : "failed"
                message.updatedAt = now
                type = message.failure == nil ? "message.delivered" : "message.failed"
            }
            message.webhookType = type
            guard canDeliver, state.behaviour.webhooks else {
                message.webhookState = .skipped
                state.messages[index] = message
                state.stats.webhooksSkipped += 1
                return nil
            }
            let eventID = ResourceID.make(.event)
            message.webhookEventID = eventID
            state.messages[index] = message
            let body = WebhookEnvelope(id: eventID, type: type, createdAt: now, object: message.webhookJSON).encoded()
            return PreparedEvent(id: eventID, type: type, messageID: messageID, body: body, generation: state.generation)
        }
    }

    /// Records one attempt's result on the message and in the counters.
    func recordAttempt(_ event: PreparedEvent, status: Int?, outcome: EmulatedMessage.WebhookState, retrying: Bool) {
        state.withLock { state in
            guard state.generation == event.generation else { return }
            state.stats.webhookAttempts += 1
            if retrying { state.stats.webhookRetries += 1 }
            switch outcome {
            case .delivered: state.stats.webhooksDelivered += 1
            case .failed: state.stats.webhooksFailed += 1
            case .pending, .skipped: break
            }
            guard let index = state.index(of: event.messageID) else { return }
            state.messages[index].webhookAttempts += 1
            state.messages[index].webhookLastStatus = status
            state.messages[index].webhookState = outcome
        }
    }
}
