import Base
import HubSpot
import MessageStore

/// The background sync: works through **every** conversation without a real name, in batches
/// (under the stack-wide rate limiter), writing names back.
///
/// Each number looked up gets its next lookup time pushed forward (not found: 12 h, error: 5 min),
/// and the store hands out the most overdue numbers first, so a pass ends when nothing is due and
/// the same unknown numbers never starve the rest. A bad token or a missing scope stops the pass
/// with that reason.
///
/// ```swift
/// let summary = NameSync(store: store, namer: namer).run(batchSize: 20) { print($0) }
/// ```
public struct NameSync: Sendable {
    /// Where a pass stands; handed to the progress callback after every batch.
    public struct Progress: Sendable {
        /// Numbers due when the pass started, and how many of them were looked at.
        public var total = 0
        public var done = 0
        public var named = 0
        public var notFound = 0
        /// HubSpot errors and numbers left for later (budget or rate).
        public var pending = 0
        /// Batches asked of HubSpot (one search each with `IN`, more with `EQ` groups).
        public var batches = 0
        public var seconds = 0.0
        /// Why the pass stopped before everything due was looked up, or nil.
        public var stopped: SyncStop?

        public var lookupsPerSecond: Double { seconds > 0 ? Double(done) / seconds : 0 }
    }

    /// Batches in a row that learned nothing (HubSpot down, budget spent) before the pass gives up
    /// until the next one.
    static let stalledBatchLimit = 3

    let store: MessageStore
    let namer: CustomerNamer
    /// Per batch: waiting for a rate token plus the search itself.
    public let batchBudget: Duration

    /// How long a batch's claim keeps the responders' naming threads off its numbers: the
    /// batch's budget and a margin.
    public var claimHold: EpochMilliseconds.Interval { .seconds(Int64(batchBudget.inSeconds) + 60) }

    public init(store: MessageStore, namer: CustomerNamer, batchBudget: Duration = .seconds(6)) {
        self.store = store
        self.namer = namer
        self.batchBudget = batchBudget
    }

    /// One pass over everything due now.
    public func run(batchSize: Int, progress report: (Progress) -> Void = { _ in }) -> Progress {
        let started = MonotonicTime.now()
        var progress = Progress()
        do {
            progress.total = try store.nameSyncProgress(now: .now()).due
        } catch {
            progress.stopped = .store(error)
            return progress
        }
        var stalled = 0
        while progress.stopped == nil {
            let batch: [E164Number]
            do {
                batch = try store.customersNeedingNames(now: .now(), limit: max(1, batchSize))
            } catch {
                progress.stopped = .store(error)
                break
            }
            if batch.isEmpty { break }
            // Only numbers no responder is looking up right now (see ``BackgroundNaming``).
            let claimed: [E164Number]
            do {
                claimed = try store.claimLookups(batch, now: .now(), hold: claimHold)
            } catch {
                progress.stopped = .store(error)
                break
            }
            if claimed.isEmpty { continue }
            let result = namer.name(claimed, budget: batchBudget, maxRequests: claimed.count)
            progress.batches += 1
            let named = result.count(.hubspot) + result.count(.cache)
            let notFound = result.count(.notFound) + result.count(.notAPhoneNumber) + result.count(.nameless)
            let pending = result.count(.pending)
            progress.done += claimed.count
            progress.named += named
            progress.notFound += notFound
            progress.pending += pending
            progress.total = max(progress.total, progress.done)
            progress.seconds = MonotonicTime.now().seconds(since: started)
            if let fatal = result.fatal { progress.stopped = .refused(fatal) }
            stalled = named + notFound == 0 ? stalled + 1 : 0
            if stalled >= Self.stalledBatchLimit && progress.stopped == nil {
                progress.stopped = .stalled(batches: stalled, error: result.firstError)
            }
            report(progress)
        }
        progress.seconds = MonotonicTime.now().seconds(since: started)
        return progress
    }
}
