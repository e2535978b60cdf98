import Base
import HubSpotWebhooks
import MessageStore
import Synchronization

/// The thread that applies stored HubSpot events, in the webhook responder's worker: woken when a
/// delivery is stored, and every few seconds for events left by a process that died or a
/// HubSpot that failed. Events are claimed in the store, so the workers of every process share
/// the work and none is applied twice at once.
public final class HubSpotChangeQueue: @unchecked Sendable {
    let store: MessageStore
    let processor: HubSpotChangeProcessor
    /// How often the thread looks for due events when nobody woke it.
    let interval: Duration
    private let wake = ConditionLock()
    private var woken = false
    private let started = Mutex(false)

    public init(store: MessageStore, processor: HubSpotChangeProcessor, interval: Duration = .seconds(5)) {
        self.store = store
        self.processor = processor
        self.interval = interval
    }

    /// Starts the thread on first use (a worker forked from a supervisor gets its own), and
    /// tells it that events wait.
    public func notify() {
        let first = started.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        if first, !spawnDetachedThread({ [self] in run() }) {
            started.withLock { $0 = false }
            Log.error("hubspot_changes_thread_failed", [:])
        }
        wake.locked {
            woken = true
            wake.broadcastLocked()
        }
    }

    private func run() -> Never {
        while true {
            while drainOnce() > 0 {}
            wake.locked {
                if !woken { _ = wake.waitLocked(until: MonotonicTime.now().adding(seconds: interval.inSeconds)) }
                woken = false
            }
        }
    }

    /// Applies one claimed batch; returns how many events it took. A contact created with its
    /// name and number arrives as four events, each a reason to read it again: only the last
    /// read of a contact in the batch goes to HubSpot, the earlier events are finished with it.
    @discardableResult
    public func drainOnce(now: EpochMilliseconds = .now()) -> Int {
        let records: [HubSpotEventRecord]
        do {
            records = try store.claimHubSpotEvents(limit: 50, hold: .seconds(60), now: now)
        } catch {
            Log.warning("hubspot_events_unreadable", ["error": error.description])
            return 0
        }
        let events = records.map(Self.parse)
        var lastRead: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            if case .success(let event) = event, let contact = HubSpotChangeProcessor.contactRefreshed(by: event) {
                lastRead[contact] = index
            }
        }
        for (index, (record, event)) in zip(records, events).enumerated() {
            switch event {
            case .failure(let problem):
                // Stored only after it parsed once: a newer program's event this one cannot read.
                if problem.note == "unreadable" {
                    Log.warning("hubspot_event_unreadable", ["key": record.dedupeKey, "error": problem.detail])
                }
                finish(record, problem.note)
            case .success(let event):
                if let contact = HubSpotChangeProcessor.contactRefreshed(by: event), lastRead[contact] != index {
                    finish(record, "superseded")
                } else {
                    apply(event, of: record)
                }
            }
        }
        return records.count
    }

    private struct Unusable: Error {
        let note: String
        let detail: String
    }

    private static func parse(_ record: HubSpotEventRecord) -> Result<HubSpotEvent, Unusable> {
        do {
            guard let parsed = try HubSpotEvents.parse([UInt8]("[".utf8) + record.event + [UInt8]("]".utf8)).first else {
                return .failure(Unusable(note: "empty", detail: ""))
            }
            return .success(parsed)
        } catch {
            return .failure(Unusable(note: "unreadable", detail: "\(error)"))
        }
    }

    private func apply(_ event: HubSpotEvent, of record: HubSpotEventRecord) {
        do {
            let outcome = try processor.apply(event)
            switch outcome {
            case .applied(let conversations):
                Log.info("hubspot_change_applied", ["type": record.subscriptionType, "object": String(record.objectID),
                                                    "conversations": String(conversations)])
            case .ignored:
                break
            }
            finish(record, nil)
        } catch {
            // HubSpot's wait after a 429, else 10 s doubling per attempt up to 10 minutes.
            let growing = min(10 << min(record.attempts, 6), 600)
            let wait = max(Int64(error.retryAfter.inSeconds.rounded(.up)), Int64(growing))
            let retryAt = EpochMilliseconds.now() + .seconds(wait)
            Log.warning("hubspot_change_deferred", ["type": record.subscriptionType, "object": String(record.objectID),
                                                    "error": error.description])
            try? store.retryHubSpotEvent(record.dedupeKey, error: error.description, at: retryAt)
        }
    }

    private func finish(_ record: HubSpotEventRecord, _ note: String?) {
        do {
            try store.finishHubSpotEvent(record.dedupeKey)
        } catch {
            Log.warning("hubspot_event_not_marked", ["key": record.dedupeKey, "error": error.description])
        }
    }
}
