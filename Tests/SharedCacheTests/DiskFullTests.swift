@testable import SharedCache
import Glibc
import Synchronization
import Testing

/// A full disk under the cache file, forced through the system-call shim: a typed error at open
/// (never a SIGBUS later), no half-built file left, and a cache that runs without its file and
/// opens it once there is room again.
@Suite struct DiskFullTests {
    /// Live calls whose `posix_fallocate` reports ENOSPC while `full` is set; counts the attempts.
    final class Disk: Sendable {
        let full = Atomic<Bool>(true)
        let allocations = Atomic<Int>(0)

        var calls: SystemCalls {
            var calls = SystemCalls.live
            let live = calls.allocate
            calls.allocate = { fd, size in
                self.allocations.add(1, ordering: .relaxed)
                if self.full.load(ordering: .relaxed) { errno = ENOSPC; return -1 }
                return live(fd, size)
            }
            return calls
        }
    }

    /// Options that re-check and retry on every operation, so tests need no waiting.
    func eager(_ log: EventLog) -> SharedCache.Options {
        var eager = options(log: log)
        eager.reopenCheckInterval = 0
        eager.unavailableRetryInterval = 0
        return eager
    }

    @Test func noSpaceForTheBlocksIsATypedErrorAndLeavesNoTemporaryFile() throws {
        TemporaryDirectory.with { directory in
            #expect(throws: CacheFileError(operation: "posix_fallocate", path: directory.cacheFile + ".tmp.\(getpid())",
                                           code: ENOSPC)) {
                try SharedCache(path: directory.cacheFile, options: options(), system: Disk().calls)
            }
            #expect(directory.names() == ["contacts.cache.lock"])
        }
    }

    @Test func tooLittleFreeSpaceIsRefusedWithoutAllocatingAnything() throws {
        TemporaryDirectory.with { directory in
            let disk = Disk()
            disk.full.store(false, ordering: .relaxed)
            var calls = disk.calls
            calls.availableBytes = { _ in smallLayout.fileSize - 1 }
            #expect(throws: CacheFileError(operation: "posix_fallocate", path: directory.cacheFile + ".tmp.\(getpid())",
                                           code: ENOSPC)) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
            #expect(disk.allocations.load(ordering: .relaxed) == 0)
            #expect(directory.names() == ["contacts.cache.lock"])
        }
    }

    @Test func everyBlockOfABuiltFileIsAllocated() throws {
        try TemporaryDirectory.with { directory in
            let layout = CacheLayout(slotCount: 1024, slotSize: 1024)  // 1 MiB of slots
            _ = try SharedCache(path: directory.cacheFile, options: options(layout))
            var buffer = stat()
            #expect(stat(directory.cacheFile, &buffer) == 0)
            #expect(Int(buffer.st_blocks) * 512 >= layout.fileSize)
        }
    }

    @Test func withoutRoomTheCacheRunsWithoutItsFileThenOpensIt() {
        TemporaryDirectory.with { directory in
            let disk = Disk(), log = EventLog()
            let cache = SharedCache(openingWhenPossible: directory.cacheFile, options: eager(log), system: disk.calls)
            #expect(!cache.isAvailable)
            let key = CacheKey("+19025551234")
            #expect(cache.store(key, value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60) == .unavailable)
            #expect(cache.lookup(key) == .miss)
            let produced = Atomic<Int>(0)
            for _ in 0..<3 {  // nothing is kept: every fill asks
                let outcome = cache.fill(key: key, waitTimeout: 1) {
                    produced.add(1, ordering: .relaxed)
                    return .found(bytes("v"), ttl: 60, staleTTL: 60)
                }
                guard case .fresh(let entry, .produced) = outcome else {
                    Issue.record("fill without the file: \(outcome)")
                    return
                }
                #expect(entry.value == bytes("v"))
            }
            #expect(produced.load(ordering: .relaxed) == 3)
            #expect(cache.fill(key: key, waitTimeout: 1) { .failed(.timeout) } == .failed(.upstream(.timeout), stale: nil))
            #expect(cache.stats().isAvailable == false && cache.summary().isAvailable == false)
            #expect(disk.allocations.load(ordering: .relaxed) > 3)  // it kept trying…
            #expect(log.names == ["cache_unavailable"])              // …and said so once

            disk.full.store(false, ordering: .relaxed)
            #expect(cache.store(key, value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(cache.isAvailable)
            #expect(cache.lookup(key).entry?.value == bytes("v"))
            #expect(log.names == ["cache_unavailable", "cache_file_created", "cache_file_reopened"])
        }
    }

    @Test func retriesAreSpacedNotMadeOnEveryLookup() throws {
        TemporaryDirectory.with { directory in
            let disk = Disk(), log = EventLog()
            var spaced = eager(log)
            spaced.unavailableRetryInterval = 3600
            let cache = SharedCache(openingWhenPossible: directory.cacheFile, options: spaced, system: disk.calls)
            let attempts = disk.allocations.load(ordering: .relaxed)
            for _ in 0..<1000 { _ = cache.lookup(CacheKey("+1")) }
            // A thousand lookups, one retry schedule (0.25 s, then 0.5 s, 1 s…): not a try per lookup.
            #expect(disk.allocations.load(ordering: .relaxed) <= attempts + 3)
            #expect(log.names == ["cache_unavailable"])
        }
    }

    @Test func aRebuildThatFindsTheDiskFullRunsWithoutTheFileUntilThereIsRoom() throws {
        try TemporaryDirectory.with { directory in
            let disk = Disk(), log = EventLog()
            disk.full.store(false, ordering: .relaxed)
            let cache = try SharedCache(path: directory.cacheFile, options: eager(log), system: disk.calls)
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            disk.full.store(true, ordering: .relaxed)
            #expect(truncate(directory.cacheFile, 0) == 0)  // under the live mapping
            #expect(cache.lookup(key) == .miss)              // no SIGBUS, no stale bytes
            #expect(!cache.isAvailable)
            #expect(log.names.last == "cache_unavailable")
            #expect(log.all.last?.detail.contains("SIGBUS") == true)

            disk.full.store(false, ordering: .relaxed)
            #expect(cache.store(key, value: bytes("w"), kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(cache.lookup(key).entry?.value == bytes("w"))
            #expect(RawFile.size(directory.cacheFile) == smallLayout.fileSize)
            #expect(Array(log.names.suffix(2)) == ["cache_file_rebuilt", "cache_file_reopened"])
        }
    }
}

/// `base` on a disk with no room for the cache file; shared memory (the rate segment) still has room.
func cacheDiskFull(_ base: SystemCalls = .live) -> SystemCalls {
    var calls = base
    let live = base.allocate
    calls.allocate = { fd, size in
        if size == off_t(RateSegment.size) { return live(fd, size) }
        errno = ENOSPC
        return -1
    }
    return calls
}

/// The stack-wide rate budget without the cache file: the bucket is in shared memory named
/// after the path, so a process that lost the file still shares it with those that have it.
@Suite struct RateBudgetWithoutTheFileTests {
    @Test func aCacheWithoutItsFileSharesTheBucketOfOneWithIt() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let healthy = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            let degraded = SharedCache(openingWhenPossible: directory.cacheFile, options: options(),
                                       system: cacheDiskFull(.manual(clock)))
            #expect(!degraded.isAvailable)
            #expect(healthy.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
            #expect(degraded.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
            #expect(!degraded.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
            #expect(!healthy.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
            clock.advance(seconds: 0.25)
            #expect(degraded.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
            #expect(!healthy.acquireRateToken(rate: 4, burst: 2, maxWait: 0))
        }
    }

    @Test func processesWithAndWithoutTheFileTogetherStayWithinTheRate() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let healthy = try SharedCache(path: directory.cacheFile, options: options())
            let degraded = SharedCache(openingWhenPossible: directory.cacheFile, options: options(),
                                       system: cacheDiskFull())
            let granted = Atomic<Int>(0)
            let until = monotonicSeconds() + 1
            onThreads(8) { index in
                let cache = index % 2 == 0 ? healthy : degraded
                while true {
                    let remaining = until - monotonicSeconds()
                    guard remaining > 0, cache.acquireRateToken(rate: 20, burst: 2, maxWait: remaining) else { return }
                    granted.add(1, ordering: .relaxed)
                }
            }
            #expect((19...22).contains(granted.load(ordering: .relaxed)))  // 20/s x 1 s + burst 2, not twice that
        }
    }

    @Test func withoutSharedMemoryTheFileKeepsTheBucketAndWithoutEitherTokensAreRefused() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock(), log = EventLog()
            var noShm = SystemCalls.manual(clock)
            noShm.openSharedMemory = { _, _, _ in errno = EACCES; return -1 }
            let withFile = try SharedCache(path: directory.cacheFile, options: options(log: log), system: noShm)
            #expect(withFile.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            #expect(!withFile.acquireRateToken(rate: 1, burst: 1, maxWait: 0))  // the file's bucket holds
            #expect(log.names.filter { $0 == "rate_limiter_unshared" }.count == 1)

            var nothing = noShm
            nothing.allocate = { _, _ in errno = ENOSPC; return -1 }
            let other = TemporaryDirectory()
            defer { other.remove() }
            let without = SharedCache(openingWhenPossible: other.cacheFile, options: options(), system: nothing)
            clock.advance(seconds: 10)
            #expect(!without.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            #expect(without.stats().counters[.rateLimitedRejections] == 1)
        }
    }

    @Test func theSegmentIsMode0640WhateverTheUmask() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let previous = umask(0o000)
            defer { umask(previous) }
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            #expect(cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            #expect(RawFile.mode("/dev/shm" + RateSegment.name(forCachePath: directory.cacheFile)) == 0o640)
        }
    }
}
