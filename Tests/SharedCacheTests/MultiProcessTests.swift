@testable import SharedCache
import CSharedMemory
import Glibc
import Testing

/// Real processes (the `cache-exerciser` helper) on one cache file. Serialized: each test
/// already loads both cores.
@Suite(.serialized) struct MultiProcessTests {
    let layoutArguments = ["slots=64", "slot-size=512"]

    func exerciser(_ role: String, _ directory: TemporaryDirectory, _ settings: String...) -> ChildProcess {
        ChildProcess.exerciser([role, directory.cacheFile] + layoutArguments + settings)
    }

    /// A start instant far enough ahead for every spawned process to be ready.
    func startAhead(_ milliseconds: Int64 = 400) -> Int64 { wallMilliseconds() + milliseconds }

    @Test func countersAreExactUnderContention() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("ada"), kind: .found, ttl: 600, staleTTL: 600)
            let start = startAhead()
            let children = (0..<4).map { _ in exerciser("hits", directory, "key=\(key)", "count=20000", "start=\(start)") }
            for child in children { #expect(fields(child.readLine())["hits"] == 20_000) }
            let counters = cache.stats().counters
            #expect(counters[.hits] == 80_000)
            #expect(counters[.misses] == 0)
        }
    }

    @Test func fiftyConcurrentMissesAcrossProcessesProduceOnce() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let start = startAhead(600)
            let children = (0..<5).map { _ in
                exerciser("fill", directory, "key=+19025551234", "threads=10", "start=\(start)", "wait=10", "produce-ms=300")
            }
            var totals: [String: Int] = [:]
            for child in children {
                let result = fields(child.readLine())
                for (name, value) in result where name != "max-ms" { totals[name, default: 0] += value }
            }
            #expect(totals["produced"] == 1)
            #expect(totals["failed"] == 0)
            #expect((totals["coalesced"] ?? 0) + (totals["cached"] ?? 0) == 49)
            #expect(cache.stats().counters[.stores] == 1)
        }
    }

    @Test func aFillHolderKilledWithSIGKILLIsTakenOverWithinTheBound() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let holder = exerciser("hold-fill", directory, "key=+19025551234")
            #expect(holder.readLine() == "holding")
            let start = startAhead(300)
            let waiters = (0..<2).map { _ in
                exerciser("fill", directory, "key=+19025551234", "threads=3", "start=\(start)", "wait=5", "produce-ms=50")
            }
            usleep(800_000)  // the waiters are now waiting on the dead-to-be holder's 30 s lease
            holder.kill(SIGKILL)
            holder.wait()
            let killedAt = wallMilliseconds()
            var produced = 0, fresh = 0
            for waiter in waiters {
                let result = fields(waiter.readLine())
                produced += result["produced"] ?? 0
                fresh += (result["produced"] ?? 0) + (result["coalesced"] ?? 0) + (result["cached"] ?? 0)
                // Waited from their start until shortly after the kill, not the lease's 30 s.
                #expect((result["max-ms"] ?? .max) < Int(killedAt - start) + 2000)
            }
            #expect(produced == 1)
            #expect(fresh == 6)
            #expect(cache.stats().counters[.fillTakeovers] == 1)
        }
    }

    @Test func aWriterKilledMidWriteNeverExposesATornEntryAndTheSlotRecovers() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("original"), kind: .found, ttl: 600, staleTTL: 600)
            let slot = try #require(slotAddress(of: key, in: cache))
            let writer = exerciser("mid-write", directory, "key=\(key)", "value-size=300")
            #expect(writer.readLine() == "mid-write")
            #expect(csm_load_u64_relaxed(slot) & 1 == 1)  // inside its write
            for _ in 0..<20 { #expect(cache.lookup(key) == .miss) }  // a live writer: a miss, never half of it
            #expect(csm_load_u64_relaxed(slot) & 1 == 1)  // and nobody broke a live writer's lease
            writer.kill(SIGKILL)
            writer.wait()
            #expect(cache.lookup(key) == .miss)  // dead writer: lease broken, slot emptied
            #expect(csm_load_u64_relaxed(slot) & 1 == 0)
            #expect(csm_load_u64_relaxed(slot + SlotField.lease) == 0)
            let counters = cache.stats().counters
            #expect(counters[.tornReads]! >= 21)
            #expect(counters[.leasesBroken] == 1)
            #expect(cache.store(key, value: bytes("rewritten"), kind: .found, ttl: 600, staleTTL: 600) == .stored)
            #expect(cache.lookup(key).entry?.value == bytes("rewritten"))
        }
    }

    @Test func readersNeverSeeAMixOfTwoWritesUnderChurn() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey("+19025551234")
            let start = startAhead(), until = start + 1500
            let writers = (0..<2).map { _ in exerciser("churn", directory, "key=\(key)", "start=\(start)", "until=\(until)") }
            var reads = 0, mixed = 0
            while wallMilliseconds() < until {
                guard let value = cache.lookup(key).entry?.value else { continue }
                reads += 1
                if value.contains(where: { $0 != value[0] }) || value.count != 49 + Int(value[0]) {
                    mixed += 1
                }
            }
            var stores = 0
            for writer in writers { stores += fields(writer.readLine())["stores"] ?? 0 }
            #expect(mixed == 0)
            #expect(reads > 1000)
            #expect(stores > 1000)
        }
    }

    @Test func theRateLimiterHoldsTheRateAcrossProcesses() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let start = startAhead(500)
            let children = (0..<4).map { _ in
                exerciser("rate", directory, "rate=10", "burst=1", "start=\(start)", "until=\(start + 2000)")
            }
            var tokens = 0
            for child in children { tokens += fields(child.readLine())["tokens"] ?? 0 }
            #expect(tokens <= 21)  // rate x time + burst, never more
            #expect(tokens >= 19)
            #expect(cache.stats().counters[.rateLimitWaits]! >= 15)
        }
    }
}
