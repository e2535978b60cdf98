import CSharedMemory

extension SharedCache {
    /// Takes one token from the stack-wide token bucket (`rate` tokens per second, up to `burst`
    /// at once), waiting up to `maxWait` seconds for it. Every process shares the bucket, so the
    /// whole stack stays under HubSpot's limit. Counts waits and rejections.
    ///
    /// ```swift
    /// guard cache.acquireRateToken(rate: 4, burst: 2, maxWait: 1.0) else { return .failed(.rateLimited) }
    /// ```
    ///
    /// Algorithm: GCRA, the token bucket kept as one number — the "theoretical arrival time"
    /// (TAT, µs since the epoch) in one 64-bit header word, updated by compare-and-swap. A
    /// request conforms when `max(TAT, now) - (burst - 1) / rate <= now`; then TAT advances by
    /// `1 / rate`. A request that would conform within `maxWait` reserves its future slot with
    /// the same CAS and sleeps until it, so waiters are served in order and the rate holds
    /// exactly. No lock, so nothing for a `kill -9` to leave held; a process killed while
    /// sleeping just wastes its one reserved token.
    @discardableResult
    public func acquireRateToken(rate: Double, burst: Double, maxWait: Double) -> Bool {
        let file = mapping()
        guard rate > 0 else {
            file.add(.rateLimitedRejections)
            return false
        }
        let word = file.base + FileHeader.rateScheduleOffset
        let interval = max(1, Int64((1_000_000 / rate).rounded()))
        let tolerance = Int64(max(0, burst - 1) * Double(interval))
        let maxWaitMicroseconds = Int64(max(0, maxWait) * 1_000_000)
        while true {
            let now = system.wallMicroseconds()
            let observed = csm_load_u64_acquire(word)
            var scheduled = Int64(bitPattern: observed)
            // A schedule more than a minute beyond anything we grant: the clock went back, or
            // the word is garbage. Start over from now rather than block the stack.
            if scheduled > now + tolerance + interval + 60_000_000 { scheduled = now }
            let start = max(scheduled, now)
            let wait = start - tolerance - now
            if wait > maxWaitMicroseconds {
                file.add(.rateLimitedRejections)
                return false
            }
            let next = UInt64(bitPattern: start + interval)
            guard csm_cas_u64(word, observed, next) == observed else { continue }
            if wait > 0 {
                file.add(.rateLimitWaits)
                system.sleepNanoseconds(UInt64(wait) * 1000)
            }
            return true
        }
    }
}
