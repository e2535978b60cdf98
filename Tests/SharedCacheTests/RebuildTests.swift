@testable import SharedCache
import Glibc
import Testing

@Suite struct RebuildTests {
    enum Damage: String, CaseIterable {
        case randomBytes, truncatedHeader, truncatedSlots, empty, otherVersion, scribbledDescriptor, grown
    }

    func damage(_ path: String, _ kind: Damage) {
        switch kind {
        case .randomBytes: RawFile.write(path, bytes: RawFile.randomBytes(smallLayout.fileSize), at: 0, truncate: true)
        case .truncatedHeader: truncate(path, 100)
        case .truncatedSlots: truncate(path, off_t(smallLayout.fileSize - 512))
        case .empty: truncate(path, 0)
        case .otherVersion: RawFile.write(path, bytes: [9, 0, 0, 0], at: FileHeader.versionOffset)
        case .scribbledDescriptor: RawFile.write(path, bytes: [0xFF], at: FileHeader.keyCapacityOffset)
        case .grown: truncate(path, off_t(smallLayout.fileSize + 4096))
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedFileIsRebuiltAtOpenCountedAndLogged(kind: Damage) throws {
        try TemporaryDirectory.with { directory in
            do {
                let cache = try SharedCache(path: directory.cacheFile, options: options())
                cache.store(CacheKey("+1"), value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            }
            damage(directory.cacheFile, kind)
            let log = EventLog()
            let cache = try SharedCache(path: directory.cacheFile, options: options(log: log))
            #expect(log.names == ["cache_file_rebuilt"])
            #expect(cache.stats().counters[.rebuilds] == 1)
            #expect(RawFile.size(directory.cacheFile) == smallLayout.fileSize)
            #expect(cache.lookup(CacheKey("+1")) == .miss)
            #expect(cache.store(CacheKey("+1"), value: bytes("w"), kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(directory.names() == ["contacts.cache", "contacts.cache.lock"])  // no temporary left
        }
    }

    @Test func aFileOfAnotherLayoutIsRebuilt() throws {
        try TemporaryDirectory.with { directory in
            _ = try SharedCache(path: directory.cacheFile, options: options(CacheLayout(slotCount: 32, slotSize: 512)))
            let log = EventLog()
            let cache = try SharedCache(path: directory.cacheFile, options: options(log: log))
            #expect(log.all.first?.detail.hasPrefix("layout 32 slots") == true)
            #expect(cache.stats().layout == smallLayout)
        }
    }

    @Test func aHandleMappingTheOldFileSeesTheRebuildAtOnce() throws {
        try TemporaryDirectory.with { directory in
            let log = EventLog()
            // A long stat interval: the retired flag alone must make the old handle re-open.
            var slow = options(log: log)
            slow.reopenCheckInterval = 3600
            let old = try SharedCache(path: directory.cacheFile, options: slow)
            old.store(CacheKey("+1"), value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            let inode = RawFile.inode(directory.cacheFile)
            // Another process (another layout) rebuilds the file.
            _ = try SharedCache(path: directory.cacheFile, options: options(CacheLayout(slotCount: 32, slotSize: 512)))
            #expect(RawFile.inode(directory.cacheFile) != inode)
            // The old handle notices (retired flag), re-opens, and, its layout differing, rebuilds again.
            #expect(old.lookup(CacheKey("+1")) == .miss)
            #expect(log.names.contains("cache_file_reopened"))
            #expect(old.stats().layout == smallLayout)
            old.store(CacheKey("+2"), value: bytes("w"), kind: .found, ttl: 60, staleTTL: 60)
            let third = try SharedCache(path: directory.cacheFile, options: options())
            #expect(third.lookup(CacheKey("+2")).entry?.value == bytes("w"))
        }
    }

    @Test func aHeaderScribbledUnderARunningHandleIsRebuiltAndEveryHandleFollows() throws {
        try TemporaryDirectory.with { directory in
            let log = EventLog()
            var slow = options(log: log)
            slow.reopenCheckInterval = 3600
            let first = try SharedCache(path: directory.cacheFile, options: slow)
            let second = try SharedCache(path: directory.cacheFile, options: slow)
            first.store(CacheKey("+1"), value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            RawFile.write(directory.cacheFile, bytes: RawFile.randomBytes(64), at: 0)  // magic gone
            #expect(first.lookup(CacheKey("+1")) == .miss)  // noticed the bad magic, rebuilt
            #expect(log.names.filter { $0 == "cache_file_rebuilt" }.count == 1)
            first.store(CacheKey("+2"), value: bytes("w"), kind: .found, ttl: 60, staleTTL: 60)
            #expect(second.lookup(CacheKey("+2")).entry?.value == bytes("w"))  // followed to the new file
            #expect(log.names.filter { $0 == "cache_file_rebuilt" }.count == 1)
            #expect(second.stats().counters[.rebuilds] == 1)
        }
    }

    @Test func aFileReplacedOrRemovedBehindTheCacheIsNoticedByTheStatCheck() throws {
        try TemporaryDirectory.with { directory in
            let log = EventLog()
            var eager = options(log: log)
            eager.reopenCheckInterval = 0  // stat on every operation
            let cache = try SharedCache(path: directory.cacheFile, options: eager)
            cache.store(CacheKey("+1"), value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            unlink(directory.cacheFile)
            #expect(cache.lookup(CacheKey("+1")) == .miss)
            #expect(log.names == ["cache_file_created", "cache_file_created", "cache_file_reopened"])
            #expect(log.all.last?.detail == "file removed")
            #expect(RawFile.size(directory.cacheFile) == smallLayout.fileSize)
        }
    }
}
