import CSharedMemory

extension SharedCache {
    /// Takes one token from `bucket`'s stack-wide token bucket (`rate` tokens per second, up to
    /// `burst` at once), waiting up to `maxWait` seconds for it. Every process shares the bucket,
    /// so the whole stack stays under HubSpot's limit; each ``RateBucket`` is a bucket of its own,
    /// so searches never wait for other calls' tokens or the other way round. Counts waits and
    /// rejections (of every bucket together).
    ///
    /// ```swift
    /// guard cache.acquireRateToken(.search, rate: 4, burst: 2, maxWait: 1.0) else { return .failed(.rateLimited) }
    /// ```
    ///
    /// Algorithm: GCRA, the token bucket kept as one number — the "theoretical arrival time"
    /// (TAT, µs since the epoch) in one 64-bit shared word, updated by compare-and-swap. A
    /// request conforms when `max(TAT, now) - (burst - 1) / rate <= now`; then TAT advances by
    /// `1 / rate`. A request that would conform within `maxWait` reserves its future slot with
    /// the same CAS and sleeps until it, so waiters are served in order and the rate holds
    /// exactly. No lock, so nothing for a `kill -9` to leave held; a process killed while
    /// sleeping just wastes its one reserved token.
    ///
    /// The words live in a ``RateSegment`` (shared memory named after the path), so the budget
    /// holds while the cache file is unavailable. Without shared memory each bucket falls back
    /// to its word in the file's header; with no shared word at all, tokens are refused: no process
    /// can know what the rest of the stack is sending, and a refusal is a retryable 503, a burst
    /// of 429s is not.
    @discardableResult
    public func acquireRateToken(_ bucket: RateBucket = .search, rate: Double, burst: Double,
                                 maxWait: Double) -> Bool {
        let deadline = system.wallMicroseconds() + Int64(max(0, maxWait) * 1_000_000)
        // A bucket damaged while we took from it is taken from again, a few times at most and never
        // past the caller's wait: a segment that cannot be replaced yet must not make this spin.
        for _ in 0..<3 {
            let maxWait = Double(max(0, deadline - system.wallMicroseconds())) / 1_000_000
            let file = mapping()
            guard rate > 0 else {
                file.add(.rateLimitedRejections)
                return false
            }
            let segment = sharedRateSegment()
            let word: UnsafeMutableRawPointer
            if let segment {
                word = segment.schedule(bucket)
            } else if file.isFile {
                word = file.base + bucket.fileHeaderOffset
            } else {
                file.add(.rateLimitedRejections)
                return false
            }
            let granted = withExtendedLifetime(segment) {
                take(word, file: file, rate: rate, burst: burst, maxWait: maxWait)
            }
            // Truncated while we took it: the token came from a private copy of zeros, not from
            // the shared bucket. Take it again from the bucket that replaces it.
            if segment?.isDamaged ?? file.isDamaged { continue }
            return granted
        }
        mapping().add(.rateLimitedRejections)
        return false
    }

    /// HubSpot answered 429 for `bucket`: no process of the stack should send it another request
    /// for `seconds` (each asks ``rateHoldOffRemaining(_:)`` first). Only ever lengthens a
    /// hold-off. Without shared memory nothing is shared; the caller keeps its own.
    public func holdOffRate(_ bucket: RateBucket, for seconds: Double) {
        guard let segment = sharedRateSegment() else { return }
        let word = segment.holdOff(bucket)
        withExtendedLifetime(segment) {
            let now = system.wallMicroseconds()
            let until = now + Int64(min(max(0, seconds), Self.longestHoldOff) * 1_000_000)
            while true {
                let observed = csm_load_u64_acquire(word)
                let current = Self.holdOffEnd(observed, now: now)
                guard until > current else { return }
                if csm_cas_u64(word, observed, UInt64(bitPattern: until)) == observed { return }
            }
        }
    }

    /// Seconds left of `bucket`'s stack-wide hold-off (see ``holdOffRate(_:for:)``); 0 when none.
    public func rateHoldOffRemaining(_ bucket: RateBucket) -> Double {
        guard let segment = sharedRateSegment() else { return 0 }
        let observed = withExtendedLifetime(segment) { csm_load_u64_acquire(segment.holdOff(bucket)) }
        let now = system.wallMicroseconds()
        return Double(max(0, Self.holdOffEnd(observed, now: now) - now)) / 1_000_000
    }

    /// A day: HubSpot's daily limit resets within one. Longer hold-offs are not taken.
    static let longestHoldOff = 86_400.0

    /// The end of the hold-off a word holds; one further off than any we set means the clock
    /// went back or the word is garbage, and is ignored rather than stop the stack for days.
    private static func holdOffEnd(_ word: UInt64, now: Int64) -> Int64 {
        let until = Int64(bitPattern: word)
        return until > now + Int64(longestHoldOff * 1_000_000) + 60_000_000 ? 0 : until
    }

    private func take(_ word: UnsafeMutableRawPointer, file: MappedFile, rate: Double, burst: Double,
                      maxWait: Double) -> Bool {
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

    /// The bucket's segment, opened on first use (processes that never ask HubSpot never make
    /// one) and again when found damaged; after a failure, tried again at most once a second.
    /// Logs once when it cannot be had and once when it can again.
    func sharedRateSegment() -> RateSegment? {
        rateSegment.withLock { state in
            if let segment = state.segment, !segment.isDamaged { return segment }
            let now = Clock.coarseMonotonicMilliseconds()
            guard now >= state.retryAt else { return nil }
            do throws(CacheFileError) {
                state.segment = try RateSegment.open(cachePath: path, system: system)
                if state.failing {
                    options.log?(CacheEvent(level: .info, name: "rate_limiter_shared", path: path,
                                            detail: state.segment!.name))
                }
                state.failing = false
            } catch {
                state.segment = nil
                state.retryAt = now + 1000
                if !state.failing {
                    options.log?(CacheEvent(level: .warning, name: "rate_limiter_unshared", path: path,
                                            detail: "\(error); using the cache file's bucket, or refusing without it"))
                }
                state.failing = true
            }
            return state.segment
        }
    }
}

/// The process's handle on its ``RateSegment``.
struct RateSegmentState: Sendable {
    var segment: RateSegment?
    /// Coarse-monotonic ms before which a failed open is not tried again.
    var retryAt: Int64 = 0
    var failing = false
}
