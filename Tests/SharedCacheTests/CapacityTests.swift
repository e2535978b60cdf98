@testable import SharedCache
import Testing

/// The contact cache's default layout (`CacheSettings.layout(lookupSlots:)` in HubSpot) at a
/// sixteenth of its size, same slot sizes, probe lengths and load factors: it must hold a
/// sixteenth of its targets (250,000 lookup answers and 10,000 pages of 50 contacts) with every
/// one read back and nothing evicted. Values have the sizes cache-bench measures for real
/// records (a contact's lookup answer ~230 B, up to ~330 B with long names; a page of 50
/// ~11.5 KB, up to ~16 KB); cache-bench runs the full-size check with real records.
@Suite struct CapacityTests {
    static let scaledDefault = CacheLayout(classes: [
        .init(slotCount: 1 << 15, slotSize: 448, probeLength: 64),
        .init(slotCount: 1 << 9, slotSize: 4032, probeLength: 64),
        .init(slotCount: 1 << 10, slotSize: 16_384, probeLength: 64),
    ])

    @Test func aSixteenthOfTheTargetsFitsASixteenthOfTheDefaultLayoutWithoutEvictions() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(Self.scaledDefault))
            let answers = 250_000 / 16, pages = 10_000 / 16
            func answerKey(_ number: Int) -> CacheKey { CacheKey("+1902\(2_000_000 + number)") }
            func pageKey(_ number: Int) -> CacheKey { CacheKey("search:customer \(number)") }
            func answer(_ number: Int) -> [UInt8] { [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 200 + number % 131) }
            func page(_ number: Int) -> [UInt8] { [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 11_000 + number * 8 % 5000) }
            for number in 0..<answers {
                #expect(cache.store(answerKey(number), value: answer(number), kind: .found, ttl: 600, staleTTL: 600) == .stored)
            }
            for number in 0..<pages {
                #expect(cache.store(pageKey(number), value: page(number), kind: .found, ttl: 600, staleTTL: 600) == .stored)
            }
            var wrong = 0
            for number in 0..<answers where cache.peek(answerKey(number)).entry?.value != answer(number) { wrong += 1 }
            for number in 0..<pages where cache.peek(pageKey(number)).entry?.value != page(number) { wrong += 1 }
            #expect(wrong == 0)
            let stats = cache.stats()
            #expect(stats.counters[.evictions] == 0)
            #expect(stats.counters[.storesSkipped] == 0)
            #expect(stats.classes.map(\.entries) == [answers, 0, pages])
        }
    }
}
