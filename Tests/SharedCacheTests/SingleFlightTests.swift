@testable import SharedCache
import CSharedMemory
import Glibc
import Synchronization
import Testing

@Suite struct SingleFlightTests {
    let key = CacheKey("+19025551234")

    @Test func theWinnerProducesAndStores() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let outcome = cache.fill(key: key, waitTimeout: 1) { .found(bytes("ada"), ttl: 60, staleTTL: 600) }
            guard case .fresh(let entry, .produced) = outcome else { Issue.record("\(outcome)"); return }
            #expect(entry.value == bytes("ada"))
            #expect(cache.lookup(key).entry == entry)
            let again = cache.fill(key: key, waitTimeout: 1) { .failed(.other) }
            guard case .fresh(_, .cached) = again else { Issue.record("\(again)"); return }
        }
    }

    @Test func sixteenThreadsMissingTogetherProduceOnce() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let calls = Atomic<Int>(0), fresh = Atomic<Int>(0)
            onThreads(16) { _ in
                let outcome = cache.fill(key: key, waitTimeout: 5) {
                    calls.add(1, ordering: .relaxed)
                    usleep(100_000)
                    return .found(bytes("ada"), ttl: 60, staleTTL: 600)
                }
                if case .fresh(let entry, _) = outcome, entry.value == bytes("ada") { fresh.add(1, ordering: .relaxed) }
            }
            #expect(calls.load(ordering: .relaxed) == 1)
            #expect(fresh.load(ordering: .relaxed) == 16)
            #expect(cache.stats().counters[.coalescedWaits]! >= 1)
        }
    }

    @Test func aFailureIsNeverStoredAndItsWaitersAreToldInsteadOfRetrying() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let calls = Atomic<Int>(0), toldTimeout = Atomic<Int>(0)
            onThreads(8) { _ in
                let outcome = cache.fill(key: key, waitTimeout: 5) {
                    calls.add(1, ordering: .relaxed)
                    usleep(100_000)
                    return .failed(.timeout)
                }
                if outcome == .failed(.upstream(.timeout), stale: nil) { toldTimeout.add(1, ordering: .relaxed) }
            }
            #expect(toldTimeout.load(ordering: .relaxed) == 8)
            // Threads that arrived after the failure was released may have tried once more, but
            // never one call per waiter in sequence.
            #expect(calls.load(ordering: .relaxed) < 8)
            #expect(cache.peek(key) == .miss)
            #expect(cache.stats().entries == 0)
        }
    }

    @Test func aThrowingProduceReleasesTheLeaseAndRethrows() throws {
        struct Boom: Error {}
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            #expect(throws: Boom.self) { try cache.fill(key: key, waitTimeout: 1) { throw Boom() } }
            let outcome = cache.fill(key: key, waitTimeout: 0) { .notFound(bytes("null"), ttl: 60, staleTTL: 60) }
            guard case .fresh(let entry, .produced) = outcome else { Issue.record("lease still held: \(outcome)"); return }
            #expect(entry.kind == .notFound)
        }
    }

    @Test func staleIfError() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            cache.store(key, value: bytes("old ada"), kind: .found, ttl: 60, staleTTL: 86_400)
            clock.advance(seconds: 120)
            guard case .stale = cache.lookup(key) else { Issue.record("expected stale"); return }
            let outcome = cache.fill(key: key, waitTimeout: 1) { .failed(.unavailable) }
            guard case .failed(.upstream(.unavailable), let stale?) = outcome else { Issue.record("\(outcome)"); return }
            #expect(stale.value == bytes("old ada"))
            #expect(cache.lookup(key).entry?.value == bytes("old ada"))  // the failure did not replace it
        }
    }

    @Test func aWaiterGivesUpAfterItsTimeoutWithTheStaleEntry() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            // A live holder (this process) that will not finish within the waiter's budget.
            let stripe = FillStripe(cache.mapping(), key)
            let held = Lease(tag: stripe.tag, pid: getpid(), deadline: cache.now() + 60_000)
            csm_store_u64_release(stripe.lease, held.rawValue)
            let started = monotonicSeconds()
            let outcome = cache.fill(key: key, waitTimeout: 0.2) { .failed(.other) }
            let waited = monotonicSeconds() - started
            #expect(outcome == .failed(.waitTimedOut, stale: nil))
            #expect(waited >= 0.19 && waited < 1.5)
            #expect(cache.stats().counters[.fillTimeouts] == 1)
        }
    }

    @Test func aLeaseOfADeadHolderIsTakenOver() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let stripe = FillStripe(cache.mapping(), key)
            let dead = Lease(tag: stripe.tag, pid: ChildProcess.deadPID(), deadline: cache.now() + 60_000)
            csm_store_u64_release(stripe.lease, dead.rawValue)
            let outcome = cache.fill(key: key, waitTimeout: 0) { .found(bytes("ada"), ttl: 60, staleTTL: 60) }
            guard case .fresh(_, .produced) = outcome else { Issue.record("\(outcome)"); return }
            #expect(cache.stats().counters[.fillTakeovers] == 1)
            #expect(csm_load_u64_relaxed(stripe.lease) == 0)
        }
    }

    @Test func anotherKeyInTheSameStripeOnlyDelaysTheFill() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let stripe = FillStripe(cache.mapping(), key)
            let other = Lease(tag: stripe.tag &+ 1, pid: getpid(), deadline: cache.now() + 150)
            csm_store_u64_release(stripe.lease, other.rawValue)
            let outcome = cache.fill(key: key, waitTimeout: 2) { .found(bytes("ada"), ttl: 60, staleTTL: 60) }
            guard case .fresh(_, .produced) = outcome else { Issue.record("\(outcome)"); return }
        }
    }
}
