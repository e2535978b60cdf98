@testable import SharedCache
import Glibc
import Testing

@Suite struct LayoutTests {
    @Test func defaultLayoutIsThirtyTwoMebibytesOfTwoKibibyteSlots() {
        let layout = CacheLayout.default
        #expect(layout.problem == nil)
        #expect(layout.slotCount == 16_384)
        #expect(layout.valueCapacity == 2048 - 80 - 120)
        #expect(layout.fileSize == 4096 + 16_384 * 2048)
    }

    @Test(arguments: [
        CacheLayout(slotCount: 1000, slotSize: 512),
        CacheLayout(slotCount: 64, slotSize: 500),
        CacheLayout(slotCount: 64, slotSize: 256, keyCapacity: 120),
        CacheLayout(slotCount: 64, slotSize: 512, keyCapacity: 12),
        CacheLayout(slotCount: 4, slotSize: 512, probeLength: 8),
        CacheLayout(classes: []),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 1024), .init(slotCount: 64, slotSize: 512)]),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 512), .init(slotCount: 64, slotSize: 512)]),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 512), .init(slotCount: 48, slotSize: 1024)]),
        CacheLayout(classes: (1...9).map { .init(slotCount: 64, slotSize: 512 * $0) }),
    ])
    func invalidLayoutsAreRefused(layout: CacheLayout) {
        #expect(layout.problem != nil)
        TemporaryDirectory.with { directory in
            #expect(throws: CacheFileError.self) { _ = try SharedCache(path: directory.cacheFile, options: options(layout)) }
        }
    }

    @Test func headerRoundTripsTheLayoutAndCreationTime() throws {
        try TemporaryDirectory.with { directory in
            let layout = CacheLayout(slotCount: 128, slotSize: 1024, keyCapacity: 64, probeLength: 12)
            let log = EventLog()
            let first = try SharedCache(path: directory.cacheFile, options: options(layout, log: log))
            let created = first.stats().createdAt
            let second = try SharedCache(path: directory.cacheFile, options: options(layout, log: log))
            #expect(second.stats().layout == layout)
            #expect(second.stats().createdAt == created)
            #expect(second.stats().fileSize == layout.fileSize)
            #expect(RawFile.size(directory.cacheFile) == layout.fileSize)
            #expect(log.names == ["cache_file_created"])  // the second open validated, did not rebuild
            #expect(second.stats().counters[.rebuilds] == 0)
        }
    }

    @Test func aLayoutOfSizeClassesRoundTripsThroughTheHeader() throws {
        try TemporaryDirectory.with { directory in
            let layout = CacheLayout(classes: [.init(slotCount: 256, slotSize: 448, probeLength: 64),
                                               .init(slotCount: 16, slotSize: 4032, probeLength: 16),
                                               .init(slotCount: 8, slotSize: 16_384, probeLength: 8)])
            #expect(layout.problem == nil)
            #expect(layout.fileSize == 4096 + 256 * 448 + 16 * 4032 + 8 * 16_384)
            #expect(layout.slotCount == 280)
            #expect(layout.valueCapacity == 16_384 - 80 - 120)
            #expect(layout.classIndex(keyLength: 12, valueLength: 448 - 80 - 12) == 0)
            #expect(layout.classIndex(keyLength: 12, valueLength: 448 - 80 - 11) == 1)
            #expect(layout.classIndex(keyLength: 12, valueLength: 16_384 - 80 - 11) == nil)
            let log = EventLog()
            _ = try SharedCache(path: directory.cacheFile, options: options(layout, log: log))
            let second = try SharedCache(path: directory.cacheFile, options: options(layout, log: log))
            #expect(log.names == ["cache_file_created"])
            #expect(second.stats().layout == layout)
            #expect(second.stats().classes.map(\.slotSize) == [448, 4032, 16_384])
            #expect(RawFile.size(directory.cacheFile) == layout.fileSize)
        }
    }

    @Test(arguments: [0o077, 0o000] as [mode_t])
    func fileAndLockAreCreatedWithMode0640WhateverTheUmask(mask: mode_t) throws {
        try TemporaryDirectory.with { directory in
            let previous = umask(mask)
            defer { umask(previous) }
            _ = try SharedCache(path: directory.cacheFile, options: options())
            #expect(RawFile.mode(directory.cacheFile) == 0o640)
            #expect(RawFile.mode(directory.cacheFile + ".lock") == 0o640)
            #expect(!directory.names().contains { $0.contains(".tmp.") })
        }
    }

    @Test func entryRoundTripsKeyValueKindAndTimes() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            let value = bytes(#"{"id":"501","name":"Ada Lovelace","phone":"+19025551234"}"#)
            #expect(cache.store(CacheKey("+19025551234"), value: value, kind: .found, ttl: 300, staleTTL: 86_400) == .stored)
            let now = clock.milliseconds.load(ordering: .relaxed)
            let expected = CachedEntry(value: value, kind: .found, storedAt: now, expiresAt: now + 300_000,
                                       staleUntil: now + 86_400_000)
            #expect(cache.lookup(CacheKey("+19025551234")) == .fresh(expected))
            #expect(cache.lookup(CacheKey("+19025551235")) == .miss)
            #expect(cache.lookup(CacheKey("search:+19025551234")) == .miss)
        }
    }

    @Test func fullSizeKeyAndValueFitAndOneMoreByteDoesNot() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey(String(repeating: "k", count: smallLayout.keyCapacity))
            let value = [UInt8](repeating: 7, count: smallLayout.valueCapacity)
            #expect(cache.store(key, value: value, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(cache.lookup(key).entry?.value == value)
            #expect(cache.store(key, value: value + [1], kind: .found, ttl: 60, staleTTL: 60) == .tooLarge)
            let longKey = CacheKey(String(repeating: "k", count: smallLayout.keyCapacity + 1))
            #expect(cache.store(longKey, value: [1], kind: .found, ttl: 60, staleTTL: 60) == .tooLarge)
            #expect(cache.lookup(longKey) == .miss)
            #expect(cache.stats().counters[.storesSkipped] == 2)
        }
    }

    @Test func emptyValueAndEmptyKeyAreFine() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            #expect(cache.store(CacheKey(""), value: [], kind: .notFound, ttl: 60, staleTTL: 60) == .stored)
            #expect(cache.lookup(CacheKey("")).entry?.kind == .notFound)
        }
    }

    @Test func counterNamesAreSnakeCase() {
        #expect(CacheCounter.rateLimitedRejections.name == "rate_limited_rejections")
        #expect(CacheCounter.hits.name == "hits")
        #expect(CacheCounter.allCases.count <= FileHeader.counterCapacity)
    }

    @Test func hashIsStableAndSpreads() {
        #expect(CacheKey("+19025551234").hash == CacheKey("+19025551234").hash)
        var homes = Set<Int>()
        for number in 0..<1000 { homes.insert(Int(CacheKey("+1902555\(number)").hash & 1023)) }
        #expect(homes.count > 550)  // ~632 expected for 1000 random balls in 1024 bins
    }
}
