import Base
import FastCGI
import Glibc
import JSON
import MessageStore
import Synchronization

/// The webhook's dead letters as health shows them: verified deliveries this version could not
/// read, acknowledged to OpenPhone and kept until `messages-dead-letters replay` reads them:
/// `{"pending":2,"reprocessed":0,"oldestPendingAt":"2026-12-04T21:00:00.000Z"}`.
///
/// Pending letters do not make the stack degraded — nothing is lost and every endpoint works —
/// but an operator watching health sees them. `{"state":"unavailable"}` while the store cannot be
/// opened or read (retried at most every ``retrySpacing`` seconds; the reason goes to the log).
final class DeadLetterHealth: Sendable {
    static let retrySpacing = 5.0
    private let path: String
    private let store: Mutex<(store: MessageStore?, nextTry: MonotonicTime)>

    /// Nil when this stack has no message store configured (`MESSAGES_DB` unset).
    init?(environment: Environment) {
        guard let path = environment["MESSAGES_DB"], !path.isEmpty else { return nil }
        self.path = path
        store = Mutex((nil, MonotonicTime.now()))
    }

    var json: JSONValue {
        // No store yet (nothing delivered): no dead letters, and health is not the one to create it.
        guard access(path, F_OK) == 0 else { return ["pending": 0, "reprocessed": 0, "oldestPendingAt": .null] }
        guard let store = openStore() else { return ["state": "unavailable"] }
        do {
            let summary = try store.deadLetterSummary()
            return [
                "pending": .int(Int64(summary.pending)),
                "reprocessed": .int(Int64(summary.reprocessed)),
                "oldestPendingAt": summary.oldestPendingAt.map { .string(Timestamp(milliseconds: $0.rawValue).iso8601) } ?? .null,
            ]
        } catch {
            Log.warning("dead_letters_unreadable", ["error": error.description])
            return ["state": "unavailable"]
        }
    }

    private func openStore() -> MessageStore? {
        store.withLock { (state: inout (store: MessageStore?, nextTry: MonotonicTime)) -> MessageStore? in
            if let open = state.store { return open }
            let now = MonotonicTime.now()
            guard now >= state.nextTry else { return nil }
            state.nextTry = now.adding(seconds: Self.retrySpacing)
            do throws(MessageStoreError) {
                state.store = try MessageStore(path: path, options: .init(maxConnections: 1))
            } catch {
                Log.warning("message_store_unavailable", ["error": error.description])
            }
            return state.store
        }
    }
}
