@testable @_spi(Testing) import SharedCache
import CSharedMemory
import Glibc
import Synchronization
import Testing

/// A flag a `@Sendable` hook can flip once.
final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// True the first time only.
    func take() -> Bool { !value.exchange(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// Values stored by size: each in the smallest class that fits it, one copy per key whatever
/// class its last value needed, every operation reaching every class.
@Suite struct SizeClassTests {
    /// Slots of 320 B (value ≤ 228 B under a 12-byte key) and of 1 KiB.
    static let twoClasses = CacheLayout(classes: [.init(slotCount: 64, slotSize: 320),
                                                  .init(slotCount: 16, slotSize: 1024)])
    let key = CacheKey("+19025551234")
    let small = [UInt8](repeating: 1, count: 100)
    let large = [UInt8](repeating: 2, count: 600)

    func classOf(_ key: CacheKey, in cache: SharedCache) -> Int? { slotLocation(of: key, in: cache)?.table.classIndex }

    @Test func aValueTooBigForTheSmallClassLandsInABiggerOneAndIsFound() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let other = CacheKey("+19025551235")
            #expect(cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(cache.store(other, value: large, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(classOf(key, in: cache) == 0)
            #expect(classOf(other, in: cache) == 1)
            #expect(cache.lookup(key).entry?.value == small)
            #expect(cache.lookup(other).entry?.value == large)
            let classes = cache.stats().classes
            #expect(classes.map(\.entries) == [1, 1])
            #expect(classes.map(\.slotCount) == [64, 16])
            #expect(classes.map(\.valueCapacity) == [320 - 80 - 120, 1024 - 80 - 120])
        }
    }

    @Test func theValueFollowsTheKeySoAShortKeyLeavesItsRoomToTheValue() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let fits = [UInt8](repeating: 3, count: 320 - 80 - key.bytes.count)
            #expect(cache.store(key, value: fits, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(classOf(key, in: cache) == 0)
            #expect(cache.store(key, value: fits + [3], kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(classOf(key, in: cache) == 1)
            #expect(cache.lookup(key).entry?.value == fits + [3])
            let tooLarge = [UInt8](repeating: 4, count: 1024 - 80 - key.bytes.count + 1)
            #expect(cache.store(key, value: tooLarge, kind: .found, ttl: 60, staleTTL: 60) == .tooLarge)
        }
    }

    @Test func reStoringAKeyWhoseSizeClassChangesLeavesNoStaleCopy() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses),
                                        system: .manual(clock))
            for (round, value) in [small, large, small, large].enumerated() {
                clock.advance(seconds: 1)
                #expect(cache.store(key, value: value, kind: .found, ttl: 60, staleTTL: 600) == .stored)
                #expect(copies(of: key, in: cache) == 1, "round \(round)")
                #expect(cache.lookup(key).entry?.value == value)
                #expect(classOf(key, in: cache) == (value == small ? 0 : 1))
            }
            clock.advance(seconds: 61)  // stale: still the last value, never an older one
            guard case .stale(let entry) = cache.peek(key) else { Issue.record("no stale copy"); return }
            #expect(entry.value == large)
            #expect(cache.stats().entries == 1)
        }
    }

    /// Two processes storing one key at once, the older value published last in a smaller
    /// class: the store that settles last removes its own older copy.
    @Test func concurrentStoresInTwoClassesKeepOnlyTheNewerValue() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let newer = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses),
                                        system: .manual(clock))
            let interrupted = OnceFlag()
            var hooked = options(Self.twoClasses)
            // Mid-write of the older small value, the other process stores a newer large one.
            hooked.hooks.midWrite = { [large, key] in
                guard interrupted.take() else { return }
                clock.advance(seconds: 1)
                _ = newer.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            }
            let older = try SharedCache(path: directory.cacheFile, options: hooked, system: .manual(clock))
            #expect(older.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(interrupted.isSet)
            #expect(copies(of: key, in: newer) == 1)
            #expect(newer.lookup(key).entry?.value == large)
            #expect(older.lookup(key).entry?.value == large)
        }
    }

    /// The newer value published last: its settling removes the older copy in the other class.
    @Test func aNewerStorePublishedLastRemovesTheOlderCopyInAnotherClass() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let first = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses),
                                        system: .manual(clock))
            let interrupted = OnceFlag()
            var hooked = options(Self.twoClasses)
            // The other process's older store lands while this newer one is mid-write.
            hooked.hooks.midWrite = { [small, key] in
                guard interrupted.take() else { return }
                clock.advance(seconds: -1)
                _ = first.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60)
                clock.advance(seconds: 1)
            }
            let second = try SharedCache(path: directory.cacheFile, options: hooked, system: .manual(clock))
            #expect(second.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60) == .stored)
            #expect(interrupted.isSet)
            #expect(copies(of: key, in: first) == 1)
            #expect(first.lookup(key).entry?.value == large)
        }
    }

    @Test func theNewerCopyWinsByGenerationThenTimeThenClassThenSlot() {
        let base = StoredCopy(classIndex: 1, index: 5, generation: 2, storedAt: 1000)
        #expect(base.beats(StoredCopy(classIndex: 0, index: 0, generation: 1, storedAt: 9000)))
        #expect(base.beats(StoredCopy(classIndex: 0, index: 0, generation: 2, storedAt: 999)))
        #expect(!base.beats(StoredCopy(classIndex: 2, index: 9, generation: 2, storedAt: 1001)))
        #expect(StoredCopy(classIndex: 0, index: 9, generation: 2, storedAt: 1000).beats(base))
        #expect(StoredCopy(classIndex: 1, index: 4, generation: 2, storedAt: 1000).beats(base))
        #expect(!base.beats(base))
    }

    @Test func removeReachesEveryClassAndEveryLeftoverCopy() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let other = CacheKey("+19025551235")
            cache.store(key, value: small, kind: .found, ttl: 60, staleTTL: 600)
            cache.store(other, value: large, kind: .found, ttl: 60, staleTTL: 600)
            // A copy left in the other class (a writer killed before it settled).
            let file = cache.mapping()
            let big = file.tables[1]
            let meta = EntryMeta(generation: file.generation, storedAt: cache.now() - 5, expiresAt: cache.now() + 60_000,
                                 staleUntil: cache.now() + 600_000, keyLength: key.bytes.count, kindCode: 1,
                                 valueLength: large.count)
            cache.writeSlot(file, big, slot: big.homeSlot(key), key: key, meta: meta, value: large)
            #expect(copies(of: key, in: cache) == 2)
            #expect(cache.remove(key) == 2)
            #expect(cache.remove(other) == 1)
            #expect(cache.peek(key) == .miss)
            #expect(cache.peek(other) == .miss)
            #expect(copies(of: key, in: cache) + copies(of: other, in: cache) == 0)
        }
    }

    @Test func clearReachesEveryClass() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let keys = (0..<6).map { CacheKey("+1902555000\($0)") }
            for (index, key) in keys.enumerated() {
                cache.store(key, value: index % 2 == 0 ? small : large, kind: .found, ttl: 60, staleTTL: 600)
            }
            #expect(cache.stats().classes.map(\.entries) == [3, 3])
            #expect(cache.clear() == 6)
            for key in keys { #expect(cache.peek(key) == .miss) }
            #expect(cache.stats().classes.map(\.entries) == [0, 0])
            cache.store(keys[1], value: large, kind: .found, ttl: 60, staleTTL: 600)
            #expect(cache.lookup(keys[1]).entry?.value == large)
        }
    }

    @Test(arguments: [
        CacheLayout(slotCount: 64, slotSize: 320),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 320), .init(slotCount: 32, slotSize: 1024)]),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 320), .init(slotCount: 16, slotSize: 2048)]),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 320), .init(slotCount: 16, slotSize: 1024, probeLength: 4)]),
        CacheLayout(classes: [.init(slotCount: 64, slotSize: 320), .init(slotCount: 16, slotSize: 1024),
                              .init(slotCount: 8, slotSize: 4096)]),
    ])
    func aFileOfAnotherClassLayoutIsRebuilt(previous: CacheLayout) throws {
        try TemporaryDirectory.with { directory in
            do {
                let old = try SharedCache(path: directory.cacheFile, options: options(previous))
                old.store(key, value: small, kind: .found, ttl: 60, staleTTL: 60)
            }
            let log = EventLog()
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses, log: log))
            #expect(log.names == ["cache_file_rebuilt"])
            #expect(log.all.first?.detail.hasPrefix("layout ") == true)
            #expect(cache.stats().layout == Self.twoClasses)
            #expect(RawFile.size(directory.cacheFile) == Self.twoClasses.fileSize)
            #expect(cache.lookup(key) == .miss)
            // The same layout again opens what is there.
            cache.store(key, value: large, kind: .found, ttl: 60, staleTTL: 60)
            let again = EventLog()
            let reopened = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses, log: again))
            #expect(again.names.isEmpty)
            #expect(reopened.lookup(key).entry?.value == large)
        }
    }

    @Test func aScribbledClassTableIsRebuilt() throws {
        try TemporaryDirectory.with { directory in
            _ = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            // Slot size of the second class, as another layout would have it, checksum unchanged.
            RawFile.write(directory.cacheFile, bytes: [0, 8, 0, 0],
                          at: FileHeader.classTableOffset + FileHeader.classEntrySize + 4)
            let log = EventLog()
            _ = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses, log: log))
            #expect(log.all.map(\.detail) == ["descriptor checksum mismatch"])
        }
    }

    /// A torn or scribbled entry in any class is a miss, counted and repaired, never served.
    @Test(arguments: [0, 1])
    func aScribbledValueFailsItsChecksumInEveryClass(classIndex: Int) throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let value = classIndex == 0 ? small : large
            cache.store(key, value: value, kind: .found, ttl: 60, staleTTL: 600)
            let location = try #require(slotLocation(of: key, in: cache))
            #expect(location.table.classIndex == classIndex)
            let slot = location.table.slot(location.index)
            let byte = slot + SlotField.key + key.bytes.count + value.count - 1
            byte.storeBytes(of: byte.load(as: UInt8.self) ^ 0x20, as: UInt8.self)
            #expect(cache.lookup(key) == .miss)
            #expect(cache.stats().counters[.tornReads] == 1)
            #expect(slot.load(fromByteOffset: SlotField.kind, as: UInt8.self) == 0)  // repaired: emptied
            #expect(cache.store(key, value: value, kind: .found, ttl: 60, staleTTL: 600) == .stored)
            #expect(cache.lookup(key).entry?.value == value)
        }
    }

    @Test func aWriterKilledMidWriteInTheLargerClassNeverExposesATornEntry() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            cache.store(key, value: small, kind: .found, ttl: 600, staleTTL: 600)
            let writer = ChildProcess.exerciser(["mid-write", directory.cacheFile, "classes=64x320,16x1024",
                                                 "key=\(key)", "value-size=600"])
            #expect(writer.readLine() == "mid-write")
            // Its delete-before-insert removed the small copy; the large one is being written.
            for _ in 0..<5 { #expect(cache.lookup(key) == .miss) }
            writer.kill(SIGKILL)
            writer.wait()
            #expect(cache.lookup(key) == .miss)  // dead writer: lease broken, slot emptied
            #expect(copies(of: key, in: cache) == 0)
            #expect(cache.store(key, value: large, kind: .found, ttl: 600, staleTTL: 600) == .stored)
            #expect(cache.lookup(key).entry?.value == large)
        }
    }

    /// Two processes rewriting one key with values that alternate between the classes: a reader
    /// never sees a mix of two writes, and once they stop one copy is left.
    @Test func writersInTwoProcessesAcrossClassesLeaveOneCopy() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.twoClasses))
            let start = wallMilliseconds() + 300, until = start + 1500
            let writers = (0..<2).map { _ in
                ChildProcess.exerciser(["churn", directory.cacheFile, "classes=64x320,16x1024", "key=\(key)",
                                        "start=\(start)", "until=\(until)"])
            }
            var reads = 0, mixed = 0, classes = Set<Int>()
            while wallMilliseconds() < until {
                guard let value = cache.lookup(key).entry?.value else { continue }
                reads += 1
                if value.contains(where: { $0 != value[0] }) || value.count != 49 + Int(value[0]) { mixed += 1 }
                if let index = classOf(key, in: cache) { classes.insert(index) }
            }
            var stores = 0
            for writer in writers {
                stores += fields(writer.readLine())["stores"] ?? 0
                writer.wait()
            }
            #expect(mixed == 0)
            #expect(reads > 100)
            #expect(stores > 1000)
            #expect(classes == [0, 1])  // the values did move between the classes
            #expect(copies(of: key, in: cache) == 1)
        }
    }
}
