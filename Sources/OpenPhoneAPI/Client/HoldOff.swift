import Base
import Synchronization

/// This process's own memory of OpenPhone's last 429: calls fail fast until its wait is over.
/// The shared gate does the same for the whole stack; this one still holds when there is no
/// gate, or no shared memory behind it.
final class HoldOff: Sendable {
    private let until = Mutex<MonotonicTime?>(nil)

    /// What is left of the hold-off; zero when there is none.
    var remaining: Duration {
        let now = MonotonicTime.now()
        guard let end = until.withLock({ $0 }), now < end else { return .zero }
        return end.elapsed(since: now)
    }

    /// Holds off for `duration` from now; never shortens a longer hold-off.
    func hold(for duration: Duration) {
        let end = MonotonicTime.now().adding(seconds: duration.inSeconds)
        until.withLock { current in
            if current.map({ $0 < end }) ?? true { current = end }
        }
    }
}
