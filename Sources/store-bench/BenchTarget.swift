import Base
import MessageStore

/// One seeded store under measurement: the store as the responders open it, the facts about
/// its data, and counters that keep every inserted event and message new.
final class BenchTarget {
    let label: String
    let store: MessageStore
    let facts: SeedFacts
    private var inserted = 0

    /// - Parameters:
    ///   - path: the seeded SQLite file, or the `postgres://` URL of a database holding a copy
    ///     of one (`nginx/bench/store_to_postgres.py`).
    ///   - factsFrom: the SQLite file the facts are read from (the copied one, for a database).
    init(label: String, path: String, factsFrom: String? = nil) throws {
        self.label = label
        facts = try SeedFacts(path: factsFrom ?? path, existingSample: 5_000)
        // The responders' defaults (MessageStore.Options()): the same pool, timeouts and outbox setting.
        if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
            store = try MessageStore(location: .postgres(Secret(path)))
        } else {
            store = try MessageStore(path: path)
        }
    }

    /// A webhook's new incoming message, now: into a known conversation (the next of a random
    /// sample, cycling) or from a customer never seen (a new conversation).
    func nextMessage(newConversation: Bool) -> InboundMessage {
        inserted += 1
        let now = EpochMilliseconds.now()
        let customer: E164Number
        let line: BusinessLine
        if newConversation {
            // +1 555 numbers: the seed never makes them, so each is a new conversation.
            customer = E164Number("+1555" + String(1_000_000 + inserted))!
            line = facts.lines[inserted % facts.lines.count]
        } else {
            (customer, line) = facts.existing[inserted % facts.existing.count]
        }
        return InboundMessage(eventID: "EVbench\(label)\(inserted)", eventType: "message.received",
                              messageID: "ACbench\(label)\(inserted)", direction: .incoming, customer: customer,
                              line: line, text: "Is 3 pm still good for the estimate? Thanks",
                              status: .received, createdAt: now, receivedAt: now)
    }
}
