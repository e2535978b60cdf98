import Base
import EmulatorSupport
import HTTPClient
import HubSpotWebhooks
import JSON
import Synchronization

/// Sends the account's changes to the app's target URL the way HubSpot does: events collected
/// for a short window, then POSTed as JSON arrays of at most 100, each request signed afresh per
/// attempt (v3 and/or v1) with `attemptNumber` counting, retried after a non-2xx answer, a
/// timeout or a refused connection until the target's retry delays run out. With the realistic
/// behaviour, events in a request come shuffled and some requests are sent twice.
///
/// ```swift
/// sender.publish(change.events, occurredAt: now, behaviour: behaviour)
/// sender.json   // GET /__emulator/webhooks
/// ```
///
/// All of it runs on a ``DelayedWorkQueue``'s threads; the API answer that made the change has
/// gone out before. Without a target, deliveries are recorded as `skipped`.
final class WebhookSender: Sendable {
    private struct State {
        var generation = 0
        var nextEventID: Int64
        var nextDeliveryID = 1
        var buffer: [HubSpotEvent] = []
        var windowOpen = false
        var deliveries: [WebhookDelivery] = []
        var counters = WebhookCounters()
        var random: SeededRandom
        var reorder = false
        var duplicatePercent = 0
    }

    /// Finished deliveries kept for `GET /__emulator/webhooks`.
    static let historyLimit = 1000
    static let userAgent = "HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor"

    let target: HubSpotWebhookTarget?
    private let client: HTTPClient?
    private let queue: DelayedWorkQueue
    private let onAttempt: (@Sendable (HubSpotWebhookAttempt) -> Void)?
    private let state: Mutex<State>

    /// - Parameter firstEventID: where event ids start (a time-based number, so a restarted
    ///   emulator does not repeat the ids a stack has already seen).
    init(target: HubSpotWebhookTarget?, randomSeed: UInt64, firstEventID: Int64,
         onAttempt: (@Sendable (HubSpotWebhookAttempt) -> Void)?) {
        self.target = target
        self.onAttempt = onAttempt
        queue = DelayedWorkQueue(workers: target?.concurrency ?? 1)
        state = Mutex(State(nextEventID: firstEventID, random: SeededRandom(seed: randomSeed)))
        if let target {
            var configuration = HTTPClientConfiguration()
            configuration.caFile = target.caFile
            configuration.totalTimeout = target.attemptTimeout
            configuration.userAgent = Self.userAgent
            client = HTTPClient(configuration: configuration)
        } else {
            client = nil
        }
    }

    /// Stamps `drafts` with event ids, subscription and portal, and `occurredAt`, and queues them
    /// for the current batch window (opening one if none is open). Once 100 events wait, they go
    /// out at once as one request; the window keeps collecting the rest.
    func publish(_ drafts: [EventDraft], occurredAt: Int64, behaviour: AccountBehaviour) {
        guard !drafts.isEmpty else { return }
        let (openWindow, full, generation) = state.withLock { state in
            for draft in drafts {
                state.buffer.append(HubSpotEvent(
                    eventID: state.nextEventID, subscriptionID: HubSpotEvent.subscriptionID(for: draft),
                    portalID: target?.portalID ?? 62515, occurredAt: occurredAt, objectType: draft.objectType,
                    objectID: draft.objectID, kind: draft.kind, changeSource: "CRM_UI",
                    appID: target?.appID ?? 54321, sourceID: "userId:9876"))
                state.nextEventID += 1
            }
            state.counters.events += drafts.count
            state.reorder = behaviour.webhookReorder
            state.duplicatePercent = behaviour.webhookDuplicatePercent
            var full: [Int] = []
            while state.buffer.count >= HubSpotWebhookTarget.maxEventsPerRequest {
                let chunk = Array(state.buffer.prefix(HubSpotWebhookTarget.maxEventsPerRequest))
                state.buffer.removeFirst(chunk.count)
                full.append(Self.add(chunk, to: &state, skipped: target == nil))
            }
            let open = !state.windowOpen && !state.buffer.isEmpty
            if open { state.windowOpen = true }
            return (open, full, state.generation)
        }
        if target != nil {
            for id in full { queue.schedule { self.attempt(id, number: 0, generation: generation) } }
        }
        if openWindow {
            queue.schedule(after: target?.batchWindow ?? .milliseconds(100)) { self.flush(generation) }
        }
    }

    /// Forgets buffered events and deliveries; attempts in flight finish but are not recorded
    /// or retried. Event ids keep counting.
    func reset(randomSeed: UInt64) {
        queue.cancelAll()
        state.withLock { state in
            state = State(generation: state.generation + 1, nextEventID: state.nextEventID,
                          random: SeededRandom(seed: randomSeed))
        }
    }

    /// Cancels what waits and lets attempts in flight end (each bounded by the attempt timeout).
    func stop() {
        queue.stop(waitingUpTo: .seconds((target?.attemptTimeout.inSeconds ?? 0) + 1))
    }

    /// Counters for the stats.
    var countersJSON: JSONValue {
        state.withLock { $0.counters.json(pending: Self.pending($0.deliveries), buffered: $0.buffer.count) }
    }

    /// `GET /__emulator/webhooks`: the target, the counters and every delivery kept.
    var json: JSONValue {
        let targetJSON: JSONValue = target.map { (target) -> JSONValue in
            ["url": .string(target.redactedURL), "signatures": .string(target.signatures.rawValue),
             "retries": .int(Int64(target.retryDelays.count)), "concurrency": .int(Int64(target.concurrency)),
             "batchWindowMs": .int(target.batchWindow.wholeMillisecondsRoundedUp)]
        } ?? .null
        return state.withLock { state in
            ["target": targetJSON,
             "counters": state.counters.json(pending: Self.pending(state.deliveries), buffered: state.buffer.count),
             "deliveries": .array(state.deliveries.map(\.json))]
        }
    }

    private static func pending(_ deliveries: [WebhookDelivery]) -> Int {
        deliveries.count { !$0.state.isFinished }
    }

    // MARK: - Batches and attempts

    /// Closes the window: the buffered events (fewer than 100) become one request.
    private func flush(_ generation: Int) {
        let id = state.withLock { state -> Int? in
            guard state.generation == generation else { return nil }
            state.windowOpen = false
            guard !state.buffer.isEmpty else { return nil }
            let events = state.buffer
            state.buffer.removeAll()
            return Self.add(events, to: &state, skipped: target == nil)
        }
        if let id, target != nil { queue.schedule { self.attempt(id, number: 0, generation: generation) } }
    }

    /// Records a new request of `events` (shuffled when the behaviour says so) and returns its id.
    private static func add(_ events: [HubSpotEvent], duplicateOf: Int? = nil, to state: inout State,
                            skipped: Bool) -> Int {
        var events = events
        if state.reorder, duplicateOf == nil { shuffle(&events, &state.random) }
        let id = state.nextDeliveryID
        state.nextDeliveryID += 1
        state.deliveries.append(WebhookDelivery(id: id, events: events, state: skipped ? .skipped : .pending,
                                                duplicateOf: duplicateOf))
        state.counters.deliveries += 1
        if skipped { state.counters.skipped += 1 }
        let finished = state.deliveries.count { $0.state.isFinished }
        if finished > historyLimit, let oldest = state.deliveries.firstIndex(where: { $0.state.isFinished }) {
            state.deliveries.remove(at: oldest)
        }
        return id
    }

    private func attempt(_ id: Int, number: Int, generation: Int) {
        guard let target, let client,
              let events = state.withLock({ state in
                  state.generation == generation ? state.deliveries.first { $0.id == id }?.events : nil
              })
        else { return }
        let body = HubSpotEvents.encode(events.map { $0.attempt(number) })
        let timestamp = Timestamp.now().milliseconds
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if target.signatures.v3 {
            let text = String(timestamp)
            headers.append((HubSpotWebhookHeader.signatureV3,
                            HubSpotSignature.v3(secret: target.secret, method: "POST", url: target.url, body: body,
                                                timestamp: text)))
            headers.append((HubSpotWebhookHeader.timestamp, text))
        }
        if target.signatures.v1 {
            headers.append((HubSpotWebhookHeader.signature, HubSpotSignature.v1(secret: target.secret, body: body)))
            headers.append((HubSpotWebhookHeader.signatureVersion, "v1"))
        }
        var status: Int?
        var failure: String?
        do {
            status = try client.send(HTTPClientRequest(method: "POST", url: target.url, headers: headers, body: body)).status
        } catch {
            failure = "\(error)"
        }
        record(id, number: number, generation: generation, status: status, failure: failure, at: timestamp,
               events: events.count, target: target)
    }

    /// Records an attempt's outcome and schedules what follows: a retry, or a duplicate.
    private func record(_ id: Int, number: Int, generation: Int, status: Int?, failure: String?, at: Int64,
                        events: Int, target: HubSpotWebhookTarget) {
        let delivered = status.map { (200...299).contains($0) } ?? false
        let retrying = !delivered && number < target.retryDelays.count
        let next = state.withLock { state -> (retryAfter: Duration?, duplicate: Int?) in
            guard state.generation == generation, let index = state.deliveries.firstIndex(where: { $0.id == id }) else {
                return (nil, nil)
            }
            state.deliveries[index].attempts.append(.init(number: number, status: status, error: failure, at: at))
            state.deliveries[index].state = delivered ? .delivered : (retrying ? .retrying : .failed)
            state.counters.attempts += 1
            if number > 0 { state.counters.retries += 1 }
            if delivered { state.counters.delivered += 1 }
            if !delivered, !retrying { state.counters.failed += 1 }
            if retrying {
                let base = target.retryDelays[number]
                return (base + base * (0.2 * state.random.nextUnit()), nil)
            }
            guard delivered, state.deliveries[index].duplicateOf == nil, state.duplicatePercent > 0,
                  state.random.nextUnit() * 100 < Double(state.duplicatePercent)
            else { return (nil, nil) }
            state.counters.duplicates += 1
            let events = state.deliveries[index].events
            return (nil, Self.add(events, duplicateOf: id, to: &state, skipped: false))
        }
        onAttempt?(HubSpotWebhookAttempt(deliveryID: id, attemptNumber: number, events: events, status: status,
                                         error: failure,
                                         outcome: delivered ? "delivered" : (retrying ? "retrying" : "failed")))
        if let wait = next.retryAfter {
            queue.schedule(after: wait) { self.attempt(id, number: number + 1, generation: generation) }
        }
        if let duplicate = next.duplicate {
            queue.schedule { self.attempt(duplicate, number: 0, generation: generation) }
        }
    }

    /// Fisher–Yates with the account's seeded generator.
    private static func shuffle(_ events: inout [HubSpotEvent], _ random: inout SeededRandom) {
        guard events.count > 1 else { return }
        for i in stride(from: events.count - 1, to: 0, by: -1) {
            events.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
    }
}
