import Glibc
import HubSpot
import MessageStore
import PhoneNumbers
import Synchronization
import TestSupport
@testable import Messages

/// A store in a fresh temporary directory (removed afterwards).
func withStore<T>(_ body: (MessageStore, String) throws -> T) throws -> T {
    try TemporaryDirectory.with(prefix: "messages-test") { directory in
        let path = directory.file("messages.db")
        return try body(try MessageStore(path: path), path)
    }
}

/// HubSpot as a table: numbers it knows (name may be nil), an error to answer with, how long
/// HubSpot takes, and a log of every call that asked HubSpot, so tests can count batches. Asked
/// with `maxRequests: 0` (the cache only), it answers only the numbers in `cached`.
final class FakeDirectory: NumberDirectory, Sendable {
    struct State {
        var known: [String: (name: String?, company: String?)] = [:]
        var failure: HubSpotError?
        var calls: [[String]] = []
        var cached: Set<String> = []
        var latency = 0.0
    }
    let state = Mutex(State())

    init(known: [String: (name: String?, company: String?)] = [:], failure: HubSpotError? = nil) {
        state.withLock { $0.known = known; $0.failure = failure }
    }

    var calls: [[String]] { state.withLock { $0.calls } }

    func answers(for numbers: [PhoneNumber], budget: Duration, maxRequests: Int) -> [String: NumberAnswer] {
        let cachedOnly = maxRequests == 0
        // A call is logged when it starts, so a second, concurrent one shows at once.
        let latency = state.withLock { state in
            if !cachedOnly { state.calls.append(numbers.map(\.e164)) }
            return state.latency
        }
        if !cachedOnly && latency > 0 { usleep(UInt32(latency * 1_000_000)) }
        return state.withLock { state in
            let asked = cachedOnly ? numbers.filter { state.cached.contains($0.e164) } : numbers
            var answers: [String: NumberAnswer] = [:]
            for number in asked {
                if let failure = state.failure {
                    answers[number.e164] = .unavailable(failure)
                } else if let contact = state.known[number.e164] {
                    answers[number.e164] = .found(name: contact.name, company: contact.company,
                                                  contactID: "id-" + number.e164.dropFirst(), fromCache: cachedOnly)
                } else {
                    answers[number.e164] = .notFound(fromCache: cachedOnly)
                }
            }
            return answers
        }
    }
}

let line = BusinessLine("PNtest")!

/// Records an incoming message from `customer` (E.164) so its conversation exists.
@discardableResult
func receive(_ store: MessageStore, from customer: String, event: String, text: String = "hi",
             at milliseconds: Int64 = 1_764_000_000_000) throws -> ConversationID {
    try store.record(InboundMessage(eventID: event, eventType: "message.received", messageID: "AC" + event,
                                    direction: .incoming, customer: E164Number(customer)!, line: line, text: text,
                                    status: .received, createdAt: EpochMilliseconds(milliseconds))).conversationID
}
