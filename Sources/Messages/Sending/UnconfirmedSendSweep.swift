import Base
import MessageStore
import Synchronization

/// Shows sends nobody confirmed as failed, at most once per interval per process: a send still
/// `sending` long after OpenPhone should have answered (the sending process died, or the answer
/// and every webhook were lost) becomes `failed` with ``SendFailure/unconfirmed``, so staff see
/// it and decide whether to retry. Run from the paths that send or show threads.
public final class UnconfirmedSendSweep: Sendable {
    let store: MessageStore
    /// How long a send may stay unconfirmed: well past OpenPhone's timeout and its first webhook.
    let grace: EpochMilliseconds.Interval
    let interval: Duration
    private let lastRun = Mutex<MonotonicTime?>(nil)

    public init(store: MessageStore, grace: EpochMilliseconds.Interval = .seconds(120),
                interval: Duration = .seconds(15)) {
        self.store = store
        self.grace = grace
        self.interval = interval
    }

    public func runIfDue(now: EpochMilliseconds = .now()) {
        let clock = MonotonicTime.now()
        let due = lastRun.withLock { last -> Bool in
            if let last, clock.elapsed(since: last) < interval { return false }
            last = clock
            return true
        }
        guard due else { return }
        do {
            let failed = try store.failUnconfirmedSends(olderThan: now - grace, now: now)
            if !failed.isEmpty {
                Log.warning("sends_unconfirmed", ["count": String(failed.count),
                                                  "messages": failed.map(\.description).joined(separator: ",")])
            }
        } catch {
            Log.warning("sends_unconfirmed_check_failed", ["error": error.description])
        }
    }
}
