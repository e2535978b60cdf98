import CSharedMemory
import Glibc

extension SharedCache {
    /// Single-flight across processes: of all concurrent misses for `key`, anywhere in the stack,
    /// one runs `produce` (the upstream call) and stores its answer; the others wait (at most
    /// `waitTimeout` seconds) and read it. Failures are never stored; waiters learn their code.
    ///
    /// ```swift
    /// let outcome = cache.fill(key: key, waitTimeout: 3) {
    ///     guard cache.acquireRateToken(rate: 4, burst: 2, maxWait: 1) else { return .failed(.rateLimited) }
    ///     cache.increment(.upstreamCalls)          // a caller counter
    ///     switch upstream.lookup(name) {
    ///     case .success(let record?): return .found(render(record), ttl: 300, staleTTL: 86_400)
    ///     case .success(nil): return .notFound(renderNotFound(), ttl: 60, staleTTL: 86_400)
    ///     case .failure(let error): return .failed(error.fillFailureCode)   // the caller's codes
    ///     }
    /// }
    /// switch outcome {
    /// case .fresh(let entry, _): respond(entry.value)
    /// case .failed(_, let stale?): cache.increment(.staleServed); respondStale(stale.value)
    /// case .failed(let why, nil): respond503(why)
    /// }
    /// ```
    ///
    /// The fill lease lives in a stripe of the header picked by the key's hash (192 stripes) and
    /// carries the key's 16-bit tag, the holder's pid and a deadline (`leaseDuration`, which
    /// should cover the upstream timeout plus the rate limiter's wait). Keys sharing a stripe
    /// queue behind each other. Waiters sleep on a futex on the lease word (woken at release) and
    /// re-judge the holder every 20 ms: a holder that died (`kill -9`) or overran its deadline is
    /// taken over (counted), so nobody waits on a dead process.
    ///
    /// - Parameter produce: runs only in the winning caller, with the lease held. When it throws,
    ///   the lease is released, nothing is stored, waiters are told `.upstream(.produceThrew)`,
    ///   and the error is rethrown.
    public func fill<E: Error>(key: CacheKey, waitTimeout: Double, leaseDuration: Double = 30,
                               produce: () throws(E) -> FillResult) throws(E) -> FillOutcome {
        let file = mapping()
        // Without the file there is nobody to share a fill with: concurrent misses each ask.
        guard file.isFile else { return try produceWithoutFile(produce) }
        let stripe = FillStripe(file, key)
        let waitDeadline = now() + Int64(max(0, waitTimeout) * 1000)
        let leaseMilliseconds = min(Int64(max(0.001, leaseDuration) * 1000), Lease.maximumMilliseconds)
        var waitedOn: Lease? = nil
        while true {
            let cached = find(file, key, now: now(), markReferenced: false)
            if case .fresh(let entry) = cached {
                if waitedOn != nil { file.add(.coalescedWaits) }
                return .fresh(entry, source: waitedOn == nil ? .cached : .coalesced)
            }
            if let waitedOn, waitedOn.tag == stripe.tag, let code = stripe.failure(of: waitedOn) {
                return .failed(.upstream(code), stale: cached.entry)
            }
            let now = now()
            let held = Lease(rawValue: csm_load_u64_acquire(stripe.lease))
            if held.isFree || system.leaseIsBreakable(held, now: now) {
                let mine = Lease(tag: stripe.tag, pid: system.getpid(), deadline: now + leaseMilliseconds)
                guard csm_cas_u64(stripe.lease, held.rawValue, mine.rawValue) == held.rawValue else { continue }
                if !held.isFree { file.add(.fillTakeovers) }
                // Someone may have stored and released between our look and our claim.
                if case .fresh(let entry) = find(file, key, now: now, markReferenced: false) {
                    stripe.release(mine, code: FillStripe.storedCode)
                    if waitedOn != nil { file.add(.coalescedWaits) }
                    return .fresh(entry, source: waitedOn == nil ? .cached : .coalesced)
                }
                return try produceHolding(file, stripe, mine, key, stale: cached.entry, produce)
            }
            if now >= waitDeadline {
                file.add(.fillTimeouts)
                return .failed(held.tag == stripe.tag ? .waitTimedOut : .busy, stale: cached.entry)
            }
            waitedOn = held
            let sleep = UInt64(min(waitDeadline - now, 20)) * 1_000_000
            _ = csm_futex_wait(stripe.lease, UInt32(truncatingIfNeeded: held.rawValue), sleep)
        }
    }

    private func produceHolding<E: Error>(_ file: MappedFile, _ stripe: FillStripe, _ mine: Lease,
                                          _ key: CacheKey, stale: CachedEntry?,
                                          _ produce: () throws(E) -> FillResult) throws(E) -> FillOutcome {
        options.hooks.fillLeaseHeld?()
        let result: FillResult
        switch Result(catching: produce) {
        case .success(let value): result = value
        case .failure(let error):
            stripe.release(mine, code: FillFailureCode.produceThrew.rawValue)
            throw error
        }
        let answer: ProducedAnswer
        switch Produced(result) {
        case .failed(let failure):
            stripe.release(mine, code: failure.rawValue)
            return .failed(.upstream(failure), stale: stale)
        case .answer(let produced): answer = produced
        }
        let storedAt = now()
        let stored = store(key, value: answer.value, kind: answer.kind, ttl: answer.ttl, staleTTL: answer.staleTTL)
        stripe.release(mine, code: stored == .stored ? FillStripe.storedCode : FillStripe.notStoredCode)
        return .fresh(answer.entry(storedAt: storedAt), source: .produced)
    }

    /// A fill while the cache runs without its file: `produce`, and its answer as is.
    private func produceWithoutFile<E: Error>(_ produce: () throws(E) -> FillResult) throws(E) -> FillOutcome {
        switch Produced(try produce()) {
        case .answer(let answer): return .fresh(answer.entry(storedAt: now()), source: .produced)
        case .failed(let failure): return .failed(.upstream(failure), stale: nil)
        }
    }
}

/// A ``FillResult`` split into what is stored and served, or the failure.
private enum Produced {
    case answer(ProducedAnswer)
    case failed(FillFailureCode)

    init(_ result: FillResult) {
        switch result {
        case .failed(let failure): self = .failed(failure)
        case .found(let bytes, let ttl, let staleTTL):
            self = .answer(ProducedAnswer(value: bytes, kind: .found, ttl: ttl, staleTTL: staleTTL))
        case .notFound(let bytes, let ttl, let staleTTL):
            self = .answer(ProducedAnswer(value: bytes, kind: .notFound, ttl: ttl, staleTTL: staleTTL))
        }
    }
}

private struct ProducedAnswer {
    let value: [UInt8]
    let kind: EntryKind
    let ttl: Double
    let staleTTL: Double

    func entry(storedAt: Int64) -> CachedEntry {
        let expiresAt = storedAt + Int64(max(0, ttl) * 1000)
        return CachedEntry(value: value, kind: kind, storedAt: storedAt, expiresAt: expiresAt,
                           staleUntil: max(expiresAt, storedAt + Int64(max(0, staleTTL) * 1000)))
    }
}

/// One fill stripe in the header: the lease word, then the outcome of the last fill released
/// from it (`code << 56 | low 56 bits of that fill's lease`), which tells waiters whether the
/// fill they waited for failed, without ever storing the failure as an entry.
struct FillStripe {
    static let storedCode: UInt8 = 0x80
    static let notStoredCode: UInt8 = 0x81
    static let leaseBitsMask: UInt64 = (1 << 56) - 1

    let lease: UnsafeMutableRawPointer
    let tag: UInt16

    init(_ file: MappedFile, _ key: CacheKey) {
        let index = Int((key.hash >> 32) % UInt64(FileHeader.fillStripeCount))
        lease = file.base + FileHeader.fillLeasesOffset + index * FileHeader.fillStripeSize
        tag = UInt16(truncatingIfNeeded: key.hash >> 48)
    }

    var outcome: UnsafeMutableRawPointer { lease + 8 }

    /// Records how the fill ended, frees the lease (unless it was taken over) and wakes waiters.
    func release(_ mine: Lease, code: UInt8) {
        csm_store_u64_release(outcome, UInt64(code) << 56 | mine.rawValue & Self.leaseBitsMask)
        if csm_cas_u64(lease, mine.rawValue, 0) == mine.rawValue {
            _ = csm_futex_wake(lease, Int32.max)
        }
    }

    /// The failure that ended the fill held under `lease`, if that is what happened.
    func failure(of lease: Lease) -> FillFailureCode? {
        let word = csm_load_u64_acquire(outcome)
        guard word & Self.leaseBitsMask == lease.rawValue & Self.leaseBitsMask else { return nil }
        return FillFailureCode(stored: UInt8(truncatingIfNeeded: word >> 56))
    }
}
