import Base
import Glibc
import SharedCache

/// What an admin stats call and a lookup's miss cost in a loaded cache file of `layout` (the
/// shipped one): 250,000 answer-sized values under phone keys and 10,000 page-sized values
/// under search keys are stored first (what a layout cannot hold is evicted or skipped; both
/// are counted), then, every page of the file touched by the load being resident:
/// - `stats()`: ns per call (the soak asks it next to the lookups);
/// - a miss: ns per lookup of a number never stored (random numbers, so the probe windows are
///   random too);
/// - a miss then a store of the answer, as a cold lookup does before HubSpot's answer is in:
///   ns per pair, HubSpot excluded; also in a fresh file, whose pages each first touch faults in
///   (a stack's first lookups).
/// Values are synthetic bytes of the measured record sizes, so the figures depend on the
/// cache alone.
func costFigures(layout: CacheLayout, directory: String, answers: Int = 250_000, pages: Int = 10_000,
                 misses: Int = 200_000) {
    func answerKey(_ number: Int) -> CacheKey { CacheKey("+1902\(2_000_000 + number)") }
    func answer(_ number: Int) -> [UInt8] { [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 200 + number % 131) }
    func page(_ number: Int) -> [UInt8] { [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 11_000 + number * 8 % 5000) }
    func missAndStore(_ cache: SharedCache, _ keys: [CacheKey]) -> Double {
        let started = MonotonicTime.now().nanoseconds
        for (index, key) in keys.enumerated() where cache.lookup(key) == .miss {
            cache.store(key, value: answer(index), kind: .found, ttl: 3600, staleTTL: 86_400)
        }
        return Double(MonotonicTime.now().nanoseconds - started) / Double(keys.count)
    }
    let coldPath = "\(directory)/cache-bench-cold-\(getpid()).cache"
    let coldNanoseconds = missAndStore(openFresh(coldPath, layout: layout),
                                       (0..<2000).map { CacheKey("+1905\(1_000_000 + $0 * 3989)") })
    removeFile(coldPath)

    let path = "\(directory)/cache-bench-costs-\(getpid()).cache"
    defer { removeFile(path) }
    let cache = openFresh(path, layout: layout)
    for number in 0..<answers {
        cache.store(answerKey(number), value: answer(number), kind: .found, ttl: 3600, staleTTL: 86_400)
    }
    for number in 0..<pages {
        cache.store(CacheKey("search:customer \(number)"), value: page(number), kind: .found, ttl: 3600,
                    staleTTL: 86_400)
    }
    let loaded = cache.stats()
    var started = MonotonicTime.now().nanoseconds
    let statsCalls = 50
    var entries = 0
    for _ in 0..<statsCalls { entries &+= cache.stats().entries }
    let statsNanoseconds = Double(MonotonicTime.now().nanoseconds - started) / Double(statsCalls)
    precondition(entries > 0)

    // Keys built ahead (random numbers never stored), so the timed loop is the cache's work.
    var generator = SeededRandom(seed: 99)
    let absent = (0..<misses).map { _ in CacheKey("+1903\(1_000_000 + Int(generator.next() % 8_000_000))") }
    for key in absent.prefix(misses / 4) { _ = cache.lookup(key) }  // warm the code, not the keys
    started = MonotonicTime.now().nanoseconds
    var found = 0
    for key in absent where cache.lookup(key) != .miss { found += 1 }
    let missNanoseconds = Double(MonotonicTime.now().nanoseconds - started) / Double(misses)
    precondition(found == 0)

    let fillNanoseconds = missAndStore(cache, (0..<20_000).map { CacheKey("+1904\(1_000_000 + $0 * 397)") })
    print("costs: layout \(layout), file \(mebibytes(layout.fileSize)); loaded \(answers) answers + \(pages) pages: "
        + "\(loaded.entries) entries, evictions \(loaded.counters[.evictions] ?? 0), "
        + "skipped \(loaded.counters[.storesSkipped] ?? 0)")
    print("  stats(): \(Int(statsNanoseconds.rounded())) ns/call; miss: \(Int(missNanoseconds.rounded())) ns; "
        + "miss + store: \(Int(fillNanoseconds.rounded())) ns; in a fresh file: \(Int(coldNanoseconds.rounded())) ns")
}
