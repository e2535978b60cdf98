import Base
import FastCGI
import Glibc
import JSON
import MessageStore
import Synchronization

/// What health shows from the message store:
///
/// - the webhook's dead letters: verified deliveries this version could not read, acknowledged to
///   OpenPhone and kept until `messages-dead-letters replay` reads them:
///   `{"pending":2,"reprocessed":0,"oldestPendingAt":"2026-12-04T21:00:00.000Z"}`;
/// - HubSpot in both directions: whether HubSpot's webhook can be verified
///   (`HUBSPOT_WEBHOOK_SECRET`), its events waiting, the communications outbox when
///   `HUBSPOT_LOG_MESSAGES=1`, and how the outbox process last fared (`missing_scopes` with the
///   scopes, say).
///
/// None of its figures makes the stack degraded — nothing is lost and every endpoint works — but
/// an operator watching health sees them. `{"state":"unavailable"}` while the store cannot be
/// opened or read (retried at most every ``retrySpacing`` seconds; the reason goes to the log):
/// that does make it degraded, since deliveries and lists answer 503 meanwhile.
final class MessageStoreHealth: Sendable {
    static let retrySpacing = 5.0
    private let location: StoreLocation
    private let webhookConfigured: Bool
    private let logsMessages: Bool
    private let store: Mutex<(store: MessageStore?, nextTry: MonotonicTime)>

    /// Nil when this stack has no message store configured (neither `MESSAGES_DB` nor
    /// `MESSAGES_DATABASE_URL`).
    init?(environment: Environment) {
        guard let location = try? StoreLocation(environment: environment) else { return nil }
        self.location = location
        webhookConfigured = environment["HUBSPOT_WEBHOOK_SECRET"] != nil
        logsMessages = environment["HUBSPOT_LOG_MESSAGES"] == "1"
        store = Mutex((nil, MonotonicTime.now()))
    }

    /// HubSpot's side: `{"webhook":"configured"|"not_configured","pendingEvents":0,
    /// "outbox":{…}|null,"services":{"hubspot_outbox":{"state":"ok"}}}`.
    var hubspotSync: JSONValue {
        var body: JSONObject = ["webhook": .string(webhookConfigured ? "configured" : "not_configured")]
        guard location.mayHoldData else { return .object(body) }
        guard let store = openStore() else { return ["state": "unavailable"] }
        do {
            body["pendingEvents"] = .int(Int64(try store.pendingHubSpotEventCount()))
            if logsMessages {
                let outbox = try store.outboxSummary()
                body["outbox"] = ["pending": .int(Int64(outbox.pending)),
                                  "waitingForContact": .int(Int64(outbox.waitingForContact)),
                                  "unconfirmed": .int(Int64(outbox.unconfirmed)), "logged": .int(Int64(outbox.logged)),
                                  "failed": .int(Int64(outbox.failed)),
                                  "oldestPendingSeconds": outbox.oldestPendingSeconds.map { .int($0) } ?? .null]
            }
            var services = JSONObject()
            for state in try store.serviceStates() {
                var entry: JSONObject = ["state": .string(state.state),
                                         "at": .string(Timestamp(milliseconds: state.updatedAt.rawValue).iso8601)]
                if let detail = state.detail { entry["detail"] = .string(detail) }
                services[state.service] = .object(entry)
            }
            body["services"] = .object(services)
            return .object(body)
        } catch {
            Log.warning("hubspot_sync_unreadable", ["error": error.description])
            return ["state": "unavailable"]
        }
    }

    var deadLetters: JSONValue {
        // No store yet (nothing delivered): no dead letters, and health is not the one to create it.
        guard location.mayHoldData else { return ["pending": 0, "reprocessed": 0, "oldestPendingAt": .null] }
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
                state.store = try MessageStore(location: location, options: .init(maxConnections: 1))
            } catch {
                Log.warning("message_store_unavailable", ["error": error.description])
            }
            return state.store
        }
    }
}
