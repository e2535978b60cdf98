@testable import SharedCache
import Testing

@Suite("Forgetting one key for the whole stack")
struct RemoveTests {
    @Test func aRemovedKeyIsAMissEvenForItsStaleCopyAndOtherKeysStay() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            let renamed = CacheKey("+19025551234"), other = CacheKey("+19025551235")
            cache.store(renamed, value: bytes("ada"), kind: .found, ttl: 300, staleTTL: 86_400)
            cache.store(other, value: bytes("bob"), kind: .found, ttl: 300, staleTTL: 86_400)

            #expect(cache.remove(renamed) == 1)

            #expect(cache.lookup(renamed) == .miss)
            clock.advance(seconds: 301)  // nothing stale is left to serve either
            #expect(cache.peek(renamed) == .miss)
            guard case .stale(let kept) = cache.peek(other) else { Issue.record("the other key went too"); return }
            #expect(kept.value == bytes("bob"))
            #expect(cache.remove(renamed) == 0)
        }
    }

    @Test func aRemovalReachesAnotherHandleOnTheSameFile() throws {
        try TemporaryDirectory.with { directory in
            let writer = try SharedCache(path: directory.cacheFile, options: options())
            let reader = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey("+442079460018")
            writer.store(key, value: bytes("ada"), kind: .found, ttl: 300, staleTTL: 600)
            guard case .fresh = reader.lookup(key) else { Issue.record("not shared"); return }
            #expect(reader.remove(key) == 1)
            #expect(writer.lookup(key) == .miss)
        }
    }
}
