import Base
import Glibc
import HubSpot
import PhoneNumbers
import SharedCache

/// One size's hit-path figures.
struct Measurement {
    let entries: Int
    /// ns per hit: E.164 bytes → key → probe → copy.
    let nanosecondsPerHit: Double
    /// ns per hit including libphonenumber normalization of the typed number.
    let nanosecondsPerLookup: Double
    let hits: Int
    let apparentSize: Int
    let allocatedSize: Int
    let evictions: UInt64
    let fillSeconds: Double
    /// ns per dependent random read of one word in `entries` distinct slots of the answers
    /// class of the same file: what the memory system alone charges for the footprint.
    let floor: Double
}

/// The bytes of `Records.e164(number)`, without string formatting: "+1902" and seven digits.
/// Built from an array literal: `Array(unsafeUninitializedCapacity:)` looks up generic metadata
/// on every call here, which cost more than the probe being measured.
func e164Bytes(_ number: Int) -> [UInt8] {
    var bytes: [UInt8] = [43, 49, 57, 48, 50, 0, 0, 0, 0, 0, 0, 0]  // "+1902"
    var rest = 7_000_000 + number
    for index in stride(from: 11, through: 5, by: -1) {
        bytes[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
        rest /= 10
    }
    return bytes
}

/// The number as a user types it, national format: `(902) 7xx-xxxx`.
func nationalText(_ number: Int) -> String {
    let e164 = e164Bytes(number)
    let bytes: [UInt8] = [40, e164[2], e164[3], e164[4], 41, 32, e164[5], e164[6], e164[7], 45,
                          e164[8], e164[9], e164[10], e164[11]]
    return String(decoding: bytes, as: UTF8.self)
}

/// Times dependent reads, in random order, of one word in each of `footprint` random slots of
/// the answers class: the DRAM and TLB cost any hash table with that many live entries pays.
func memoryFloor(_ path: String, layout: CacheLayout, footprint: Int) -> Double {
    let size = layout.fileSize
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else { return 0 }
    defer { munmap(base, size) }
    var generator = SeededRandom(seed: 7)
    let answers = layout.classes[0]
    let region = layout.regionOffset(0)
    let picks = (0..<footprint).map { _ in Int(generator.next() % UInt64(answers.slotCount)) }
    let reads = 2_000_000
    var sink: UInt64 = 0
    let start = MonotonicTime.now().nanoseconds
    for index in 0..<reads {
        // The previous value feeds the next address, so reads cannot overlap (like a lookup).
        let slot = picks[index % footprint] ^ Int(sink & 1)
        sink &+= base.load(fromByteOffset: region + slot * answers.slotSize + 16, as: UInt64.self) | 1
    }
    let elapsed = MonotonicTime.now().nanoseconds - start
    precondition(sink != 0)
    return Double(elapsed) / Double(reads)
}

/// Fills a fresh cache file of `layout` with `entries` real lookup answers, then times
/// `lookups` hits on random entries.
func measure(entries: Int, layout: CacheLayout, lookups: Int, directory: String) -> Measurement {
    let path = "\(directory)/cache-bench-\(getpid())-\(entries).cache"
    defer { removeFile(path) }
    let cache = openFresh(path, layout: layout)
    let fillStart = MonotonicTime.now().nanoseconds
    precondition(Records.lookupKey(123).bytes == e164Bytes(123))
    for number in 0..<entries {
        cache.store(Records.lookupKey(number), value: Records.lookupAnswer(number), kind: .found, ttl: 3600,
                    staleTTL: 86_400)
    }
    let fillSeconds = Double(MonotonicTime.now().nanoseconds - fillStart) / 1e9
    // Random order, fixed seed. Each key is built per lookup from its number with integer
    // arithmetic, as a request builds it from the normalized E.164 (normalize → key → lookup):
    // prebuilt key objects or a table of numbers would add the benchmark's own cache misses at
    // 1M entries and measure those, not the cache.
    var generator = SeededRandom(seed: 42)
    let order = (0..<min(lookups, 1 << 22)).map { _ in UInt32(generator.next() % UInt64(entries)) }
    var hits = 0
    for round in 0..<2 {  // round 0 warms up (page faults, caches); round 1 is timed
        let count = round == 0 ? min(order.count, entries * 2) : lookups
        let start = MonotonicTime.now().nanoseconds
        hits = 0
        var bytes = 0
        for index in 0..<count {
            let key = CacheKey(bytes: e164Bytes(Int(order[index % order.count])))
            if case .fresh(let entry) = cache.lookup(key) {
                hits += 1
                bytes &+= entry.value.count
            }
        }
        let elapsed = MonotonicTime.now().nanoseconds - start
        if round == 1 {
            precondition(bytes > 0)
            let perLookup = timeNormalizedLookups(cache, order: order, count: min(lookups, 1_000_000))
            let sizes = fileSizes(path)
            return Measurement(entries: entries, nanosecondsPerHit: Double(elapsed) / Double(count),
                               nanosecondsPerLookup: perLookup, hits: hits,
                               apparentSize: sizes.apparent, allocatedSize: sizes.allocated,
                               evictions: cache.stats().counters[.evictions] ?? 0, fillSeconds: fillSeconds,
                               floor: memoryFloor(path, layout: layout, footprint: entries))
        }
    }
    fatalError("unreachable")
}

/// ns per lookup the way a responder does a hit: parse the typed number, key by E.164, probe, copy.
func timeNormalizedLookups(_ cache: SharedCache, order: [UInt32], count: Int) -> Double {
    precondition((try? PhoneNumber(parsing: nationalText(123), defaultRegion: .us))?.e164
        == String(decoding: e164Bytes(123), as: UTF8.self), "bench numbers must be valid")
    var bytes = 0
    let start = MonotonicTime.now().nanoseconds
    for index in 0..<count {
        guard let number = try? PhoneNumber(parsing: nationalText(Int(order[index % order.count])),
                                            defaultRegion: .us) else { continue }
        if case .fresh(let entry) = cache.lookup(.phone(number.e164)) { bytes &+= entry.value.count }
    }
    let elapsed = MonotonicTime.now().nanoseconds - start
    precondition(bytes > 0)
    return Double(elapsed) / Double(count)
}

func report(_ label: String, _ m: Measurement, lookups: Int) {
    print("\(label): \(m.entries) entries, \(Int(m.nanosecondsPerHit.rounded())) ns/hit (probe + copy), "
        + "\(Int(m.nanosecondsPerLookup.rounded())) ns/lookup (normalize + probe + copy), "
        + "\(Int(1e9 / m.nanosecondsPerHit)) hits/s (1 thread), \(m.hits) of \(lookups) hits, "
        + "file \(mebibytes(m.apparentSize)) (\(mebibytes(m.allocatedSize)) allocated), "
        + "evictions \(m.evictions), fill \(twoDecimals(m.fillSeconds)) s, "
        + "memory floor \(Int(m.floor.rounded())) ns/read")
}
