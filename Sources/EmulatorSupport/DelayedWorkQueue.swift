import Base

/// Runs work items on background threads once each falls due: the delivery loop behind the
/// emulators' webhook senders (a signed POST now, a retry after a back-off, a batch window that
/// closes). An API answer schedules the work and returns; nothing it answers waits for it.
///
/// ```swift
/// let queue = DelayedWorkQueue(workers: 2)
/// queue.schedule(after: .milliseconds(200)) { deliver(event) }   // a retry schedules itself again
/// queue.stop(waitingUpTo: .seconds(10))
/// ```
///
/// Workers start when work is scheduled and end when none is left, so an idle emulator holds no
/// thread; at most `workers` run at once (the number of deliveries in flight). Items run earliest
/// due first, on the real monotonic clock. An item must not block longer than the caller of
/// ``stop(waitingUpTo:)`` is prepared to wait (a webhook attempt is bounded by its timeout).
public final class DelayedWorkQueue: @unchecked Sendable {
    // @unchecked: `items`, `running` and `stopping` are only touched while holding `condition`.
    private struct Item {
        var due: MonotonicTime
        var work: @Sendable () -> Void
    }

    private let workerLimit: Int
    private let stackBytes: Int
    private let condition = ConditionLock()
    private var items: [Item] = []
    /// Workers started; `busy` of them run an item, the others wait for one to fall due.
    private var running = 0
    private var busy = 0
    private var stopping = false

    /// - Parameters:
    ///   - workers: items run at once, at least 1.
    ///   - stackBytes: each worker's stack; an item that blocks in an HTTP call (curl and TLS on
    ///     its stack) wants glibc's usual 8 MiB.
    public init(workers: Int, stackBytes: Int = 8 << 20) {
        workerLimit = max(1, workers)
        self.stackBytes = stackBytes
    }

    /// Items waiting for their time (those running are not counted).
    public var pendingCount: Int { condition.locked { items.count } }

    /// Items running now.
    public var runningCount: Int { condition.locked { busy } }

    /// Runs `work` on a worker once `delay` has passed; ignored after ``stop(waitingUpTo:)``.
    public func schedule(after delay: Duration = .zero, _ work: @escaping @Sendable () -> Void) {
        let item = Item(due: MonotonicTime.now().adding(seconds: max(0, delay.inSeconds)), work: work)
        let start = condition.locked { () -> Bool in
            guard !stopping else { return false }
            items.append(item)
            condition.broadcastLocked()
            guard running < workerLimit, running - busy < items.count else { return false }
            running += 1
            return true
        }
        if start, !spawnDetachedThread(stackBytes: stackBytes, { self.work() }) {
            condition.locked {
                running -= 1
                condition.broadcastLocked()
            }
        }
    }

    /// Forgets every item not yet started (an emulator's reset). Items running finish; what they
    /// schedule afterwards is kept, so a sender that must not retry across a reset checks its
    /// own generation first.
    public func cancelAll() {
        condition.locked {
            items.removeAll()
            condition.broadcastLocked()
        }
    }

    /// Cancels what waits, refuses new items, and waits up to `limit` for the running ones.
    public func stop(waitingUpTo limit: Duration) {
        let deadline = MonotonicTime.now().adding(seconds: limit.inSeconds)
        condition.locked {
            stopping = true
            items.removeAll()
            condition.broadcastLocked()
            while running > 0, condition.waitLocked(until: deadline) {}
        }
    }

    private func work() {
        while let item = next() {
            item.work()
            condition.locked {
                busy -= 1
                condition.broadcastLocked()
            }
        }
    }

    /// The earliest item once it is due; nil (and this worker ends) when none is left.
    private func next() -> Item? {
        condition.locked {
            while true {
                guard !stopping, let index = items.indices.min(by: { items[$0].due < items[$1].due }) else {
                    running -= 1
                    condition.broadcastLocked()
                    return nil
                }
                let due = items[index].due
                if due <= MonotonicTime.now() {
                    busy += 1
                    return items.remove(at: index)
                }
                _ = condition.waitLocked(until: due)
            }
        }
    }
}
