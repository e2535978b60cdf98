@testable @_spi(Testing) import SharedCache
import CSharedMemory
import Testing

/// The figures that spare lookups and stats a scan: each home slot's count of entries spilled
/// to larger classes, and each class's count of entries.
@Suite struct SpillCountTests {
    /// Slots of 320 B (value ≤ 228 B under a 12-byte key), of 1 KiB, of 4 KiB.
    static let threeClasses = CacheLayout(classes: [.init(slotCount: 64, slotSize: 320),
                                                    .init(slotCount: 16, slotSize: 1024),
                                                    .init(slotCount: 8, slotSize: 4096)])
    let key = CacheKey("+19025551234")
    let small = [UInt8](repeating: 1, count: 100)
    let medium = [UInt8](repeating: 2, count: 600)
    let large = [UInt8](repeating: 3, count: 3000)

    func spills(_ cache: SharedCache, _ key: CacheKey) -> [UInt32] {
        cache.mapping().tables.map { csm_load_u32_relaxed($0.slot($0.homeSlot(key)) + SlotField.spill) }
    }

    @Test func homeSlotsCountTheEntriesOfLargerClassesWhateverMovesThem() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.threeClasses))
            cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60)
            #expect(spills(cache, key) == [0, 0, 0])
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            #expect(spills(cache, key) == [1, 1, 0])
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)  // in place
            #expect(spills(cache, key) == [1, 1, 0])
            cache.store(key, value: medium, kind: .found, ttl: 60, staleTTL: 60)
            #expect(spills(cache, key) == [1, 0, 0])
            #expect(cache.lookup(key).entry?.value == medium)
            cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60)
            #expect(spills(cache, key) == [0, 0, 0])
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            #expect(cache.remove(key) == 1)
            #expect(spills(cache, key) == [0, 0, 0])
        }
    }

    @Test func aLookupFindsAnEntryOfALargerClassAndALostSpillCountIsSetByTheKeysNextStore() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.threeClasses))
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            #expect(cache.lookup(key).entry?.value == large)
            // A writer killed between its count and its write left the home's count low.
            let answers = cache.mapping().tables[0]
            csm_store_u32_relaxed(answers.slot(answers.homeSlot(key)) + SlotField.spill, 0)
            #expect(cache.lookup(key) == .miss)  // the larger classes are not probed: a miss, never a wrong answer
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            #expect(spills(cache, key) == [1, 1, 0])
            #expect(cache.lookup(key).entry?.value == large)
            #expect(copies(of: key, in: cache) == 1)
        }
    }

    @Test func aClassLargerThanTheSampleCountsItsEntriesThroughStoresRemovesAndClears() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let layout = CacheLayout(classes: [.init(slotCount: 4096, slotSize: 320, probeLength: 32),
                                               .init(slotCount: 16, slotSize: 1024)])
            let cache = try SharedCache(path: directory.cacheFile, options: options(layout), system: .manual(clock))
            let keys = (0..<1500).map { CacheKey("+1902\(5_550_000 + $0)") }
            for key in keys { #expect(cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 600) == .stored) }
            for key in keys.prefix(100) { cache.store(key, value: small, kind: .notFound, ttl: 60, staleTTL: 600) }
            #expect(cache.stats().classes.map(\.entries) == [1500, 0])
            for key in keys.prefix(500) { #expect(cache.remove(key) == 1) }
            let stats = cache.stats()
            #expect(stats.entries == 1000)
            #expect(stats.freshEntries == 1000)
            clock.advance(seconds: 61)
            #expect(cache.stats().entries == 1000)
            #expect(cache.stats().freshEntries == 0)  // every sampled entry is stale: all are
            clock.advance(seconds: 600)
            #expect(cache.stats().entries == 0)  // past the stale window, though still in their slots
            #expect(cache.clear() == 0)
            cache.store(keys[0], value: small, kind: .found, ttl: 60, staleTTL: 600)
            #expect(cache.stats().entries == 1)
        }
    }

    @Test(arguments: [2, 3] as [UInt32])
    func aFileOfAnEarlierFormatIsRebuilt(version: UInt32) throws {
        try TemporaryDirectory.with { directory in
            do {
                let cache = try SharedCache(path: directory.cacheFile, options: options())
                cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60)
            }
            RawFile.write(directory.cacheFile, bytes: withUnsafeBytes(of: version.littleEndian) { Array($0) },
                          at: FileHeader.versionOffset)
            let log = EventLog()
            let cache = try SharedCache(path: directory.cacheFile, options: options(log: log))
            #expect(log.names == ["cache_file_rebuilt"])
            #expect(log.all.first?.detail == "format version \(version), expected \(FileHeader.formatVersion)")
            #expect(cache.lookup(key) == .miss)
        }
    }
}
