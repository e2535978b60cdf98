@testable import SharedCache
import CSharedMemory
import Glibc
import Testing

/// A cache file truncated under live mappings (an operator's `truncate`, another process, a
/// disk that cannot back a page): the SIGBUS is absorbed, readers get misses (never wrong or
/// stale bytes), and the file is rebuilt so hits come back. Serialized: the multi-process test
/// loads both cores.
@Suite(.serialized) struct TruncationTests {
    @Test func truncatedToNothingTheNextLookupMissesOnARebuiltFile() throws {
        try TemporaryDirectory.with { directory in
            let log = EventLog()
            let cache = try SharedCache(path: directory.cacheFile, options: options(log: log))
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("ada"), kind: .found, ttl: 600, staleTTL: 600)
            let absorbed = csm_guard_absorbed_faults()
            #expect(truncate(directory.cacheFile, 0) == 0)
            #expect(cache.lookup(key) == .miss)
            #expect(csm_guard_absorbed_faults() > absorbed)
            #expect(RawFile.size(directory.cacheFile) == smallLayout.fileSize)
            #expect(log.names.suffix(2) == ["cache_file_rebuilt", "cache_file_reopened"])
            #expect(cache.store(key, value: bytes("ada"), kind: .found, ttl: 600, staleTTL: 600) == .stored)
            #expect(cache.lookup(key).entry?.value == bytes("ada"))
            #expect(cache.stats().counters[.rebuilds] == 1)
        }
    }

    @Test func slotsCutOffBehindAnIntactHeaderAreMissesNotCrashes() throws {
        try TemporaryDirectory.with { directory in
            var slow = options()
            slow.reopenCheckInterval = 3600  // no stat in time: the fault itself must be noticed
            let cache = try SharedCache(path: directory.cacheFile, options: slow)
            let keys = (0..<32).map { CacheKey("+1902555\(1000 + $0)") }
            for key in keys { cache.store(key, value: bytes("v \(key)"), kind: .found, ttl: 600, staleTTL: 600) }
            #expect(truncate(directory.cacheFile, off_t(FileHeader.size)) == 0)
            for key in keys { #expect(cache.lookup(key) == .miss) }
            #expect(cache.isAvailable)
            #expect(RawFile.size(directory.cacheFile) == smallLayout.fileSize)
            for key in keys { cache.store(key, value: bytes("v \(key)"), kind: .found, ttl: 600, staleTTL: 600) }
            for key in keys { #expect(cache.lookup(key).entry?.value == bytes("v \(key)")) }
        }
    }

    @Test func aTruncatedRateSegmentIsOpenedAgain() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            #expect(cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            let segment = "/dev/shm" + RateSegment.name(forCachePath: directory.cacheFile)
            #expect(truncate(segment, 0) == 0)
            #expect(cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))  // a fresh, shared bucket
            #expect(!cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            #expect(RawFile.size(segment) == RateSegment.size)
        }
    }

    @Test func processesReadingAndWritingThroughATruncationLiveAndNeverAnswerWrong() throws {
        try TemporaryDirectory.with { directory in
            let layout = ["slots=1024", "slot-size=512"]
            let stop = directory.file("stop")
            let children = (0..<3).map { _ in
                ChildProcess.exerciser(["verify", directory.cacheFile] + layout + ["keys=200", "stop=\(stop)"])
            }
            for child in children { #expect(child.readLine() == "running") }  // hits before the cut
            #expect(truncate(directory.cacheFile, 0) == 0)
            let observer = try SharedCache(path: directory.cacheFile,
                                           options: options(CacheLayout(slotCount: 1024, slotSize: 512)))
            // Rebuilt by one of them (or us), then filled and hit again by the children.
            let deadline = monotonicSeconds() + 20
            while monotonicSeconds() < deadline {
                let stats = observer.stats()
                if stats.counters[.rebuilds] == 1 && stats.counters[.hits]! > 1000 { break }
                sched_yield()
            }
            let stats = observer.stats()
            #expect(stats.counters[.rebuilds] == 1)
            #expect(stats.counters[.hits]! > 1000)
            RawFile.write(stop, bytes: [], at: 0)
            var faults = 0
            for child in children {
                let result = fields(child.readLine())
                faults += result["faults"] ?? 0
                #expect(result["wrong"] == 0)
                #expect(result["hits"] ?? 0 > 0)
                let status = child.wait()
                #expect(status & 0x7f == 0, "killed by signal \(status & 0x7f)")
                #expect((status >> 8) & 0xff == 0)
            }
            #expect(faults > 0)  // they did touch the cut-off pages, and lived
        }
    }

    @Test func aSIGBUSOutsideTheCacheStillKillsTheProcess() throws {
        TemporaryDirectory.with { directory in
            let child = ChildProcess.exerciser(["stray-sigbus", directory.cacheFile, "slots=64", "slot-size=512"])
            let status = child.wait()
            #expect(status & 0x7f == SIGBUS)
        }
    }
}
