import Base
import Glibc
import HubSpot
import SharedCache

/// Requests for 100,000 numbers drawn from a Zipf distribution (s = 1.0: the k-th most asked
/// number is asked 1/k as often as the first), each served as the lookup endpoint serves it:
/// `lookup`, and on a miss the real single-flight `fill`, whose `produce` stands for the
/// HubSpot call (counted). The TTL outlasts the run, so every number should cost exactly one
/// call: fills = distinct numbers asked, and once warm nearly every request is a hit. The
/// misses left once warm are first requests of numbers in the distribution's long tail (after
/// 2,000,000 requests about 5 % of the numbers were never asked): the figures separate those
/// from misses the cache caused (a number asked before and lost), which must be none.
func zipfWorkload(directory: String, numbers: Int = 100_000, exponent: Double = 1.0,
                  warmup: Int = 2_000_000, measured: Int = 1_000_000) -> Bool {
    let path = "\(directory)/cache-bench-zipf-\(getpid()).cache"
    defer { removeFile(path) }
    let cache = openFresh(path, layout: CacheSettings.defaultLayout)
    var cumulative = [Double](repeating: 0, count: numbers)
    var total = 0.0
    for rank in 0..<numbers {
        total += 1 / pow(Double(rank + 1), exponent)
        cumulative[rank] = total
    }
    func draw(_ generator: inout SeededRandom) -> Int {
        let target = generator.nextUnit() * total
        var low = 0, high = numbers - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        // Ranks map to scattered numbers, so hot numbers are not neighbours in the table.
        return Int((UInt64(low) &* 0x9E37_79B9) % UInt64(numbers))
    }
    var generator = SeededRandom(seed: 2024)
    var seen = [Bool](repeating: false, count: numbers)
    var distinct = 0, fills = 0, hits = 0, measuredHits = 0, failures = 0, firstAsks = 0, lostMisses = 0
    for request in 0..<(warmup + measured) {
        let number = draw(&generator)
        let firstAsk = !seen[number]
        if firstAsk {
            seen[number] = true
            distinct += 1
            if request >= warmup { firstAsks += 1 }
        }
        let key = Records.lookupKey(number)
        if case .fresh = cache.lookup(key) {
            hits += 1
            if request >= warmup { measuredHits += 1 }
            continue
        }
        if !firstAsk && request >= warmup { lostMisses += 1 }
        let outcome = cache.fill(key: key, waitTimeout: 1) { () -> FillResult in
            fills += 1  // one HubSpot call
            return .found(Records.lookupAnswer(number), ttl: 3600, staleTTL: 86_400)
        }
        if case .failed = outcome { failures += 1 }
    }
    let ratio = Double(measuredHits) / Double(measured)
    let evictions = cache.stats().counters[.evictions] ?? 0
    print("zipf (s = \(exponent)) over \(numbers) numbers, default layout: \(warmup) requests to warm up, then "
        + "\(measured): \(measuredHits) hits = \(twoDecimals(ratio * 100)) % (target >= 99 %), misses "
        + "\(measured - measuredHits) = \(firstAsks) first asks + \(lostMisses) of numbers asked before; "
        + "HubSpot calls (fills) \(fills), distinct numbers \(distinct), failed fills \(failures), evictions \(evictions)")
    return ratio >= 0.99 && fills == distinct && failures == 0 && lostMisses == 0
}
