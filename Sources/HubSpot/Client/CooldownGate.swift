import FastCGI
import Synchronization

/// After HubSpot says "slow down" (429), calls from this process fail fast until the wait is
/// over instead of earning more 429s. (The shared rate limiter keeps the whole stack under the
/// limit in the first place; this is the safety net for limits other apps use up.)
final class CooldownGate: Sendable {
    private let blockedUntil = Mutex<MonotonicTime?>(nil)

    func check() throws(HubSpotError) {
        let now = MonotonicTime.now()
        let until = blockedUntil.withLock { $0 }
        if let until, now < until {
            throw .rateLimited(retryAfter: -now.seconds(since: until))
        }
    }

    func block(for seconds: Double) {
        let until = MonotonicTime.now().adding(seconds: seconds)
        blockedUntil.withLock { current in
            if current.map({ $0 < until }) ?? true { current = until }
        }
    }
}
