import HubSpotWebhooks
import JSON

/// One webhook request (a batch of up to 100 events) and what became of its attempts, as
/// `GET /__emulator/webhooks` lists it.
struct WebhookDelivery: Sendable {
    enum State: String, Sendable {
        /// Waiting for its first attempt.
        case pending
        /// An attempt failed; another is scheduled.
        case retrying
        case delivered
        /// Every attempt failed.
        case failed
        /// No target is configured: recorded, never sent.
        case skipped

        var isFinished: Bool { self == .delivered || self == .failed || self == .skipped }
    }

    struct Attempt: Sendable {
        var number: Int
        var status: Int?
        var error: String?
        /// Wall-clock milliseconds the attempt was signed at.
        var at: Int64
    }

    var id: Int
    var events: [HubSpotEvent]
    var state: State
    var attempts: [Attempt] = []
    /// Set on the extra copy of a delivered request (HubSpot delivers at least once).
    var duplicateOf: Int?

    var json: JSONValue {
        ["id": .int(Int64(id)), "state": .string(state.rawValue),
         "duplicateOf": duplicateOf.map { .int(Int64($0)) } ?? .null,
         "events": .array(events.map(\.json)),
         "attempts": .array(attempts.map { attempt in
             ["attemptNumber": .int(Int64(attempt.number)), "status": attempt.status.map { .int(Int64($0)) } ?? .null,
              "error": attempt.error.map(JSONValue.string) ?? .null, "at": .string(ISO8601.format(milliseconds: attempt.at))]
         })]
    }
}

/// Webhook counters for `GET /__emulator/stats` and `GET /__emulator/webhooks`.
struct WebhookCounters: Sendable {
    /// Events produced by changes.
    var events = 0
    /// Requests made of them (duplicates included).
    var deliveries = 0
    var delivered = 0
    var failed = 0
    var attempts = 0
    var retries = 0
    /// Extra copies of delivered requests.
    var duplicates = 0
    /// Requests recorded without a target.
    var skipped = 0

    func json(pending: Int, buffered: Int) -> JSONValue {
        ["events": .int(Int64(events)), "deliveries": .int(Int64(deliveries)), "delivered": .int(Int64(delivered)),
         "failed": .int(Int64(failed)), "attempts": .int(Int64(attempts)), "retries": .int(Int64(retries)),
         "duplicates": .int(Int64(duplicates)), "skipped": .int(Int64(skipped)), "pending": .int(Int64(pending)),
         "buffered": .int(Int64(buffered))]
    }
}
