import Base
import Synchronization

/// After HubSpot says "slow down" (429), calls of that class from this process fail fast until
/// the wait is over instead of earning more 429s. (The shared rate limiter keeps the whole stack
/// under the limit in the first place; this is the safety net for limits other apps use up, and
/// the hold-off of a process that has no shared gate.)
final class CooldownGate: Sendable {
    private let blockedUntil = Mutex<MonotonicTime?>(nil)

    /// Seconds left of the cool-down; 0 when there is none.
    var remaining: Double {
        let now = MonotonicTime.now()
        guard let until = blockedUntil.withLock({ $0 }), now < until else { return 0 }
        return -now.seconds(since: until)
    }

    func block(for seconds: Double) {
        let until = MonotonicTime.now().adding(seconds: seconds)
        blockedUntil.withLock { current in
            if current.map({ $0 < until }) ?? true { current = until }
        }
    }
}
