// Benchmarks of the contact cache in the layout it ships with (CacheSettings, HubSpot), with
// real records (LookupAnswer / SearchAnswer as the contact cache encodes them, Records.swift):
//
//   swift build -c release --product cache-bench
//   .build/release/cache-bench [--directory /tmp] [--lookups N] [--only capacity|hit|1k|1m|zipf|costs]
//
// 1. capacity: 250,000 lookup answers and 10,000 pages of 50 contacts stored into the default
//    layout (CacheSettings.defaultLayout, 511.5 MiB) and every one read back: no eviction, no
//    skipped store. Prints the measured record sizes and each class's load.
// 2. hit path, 1,000 vs 1,000,000 entries: the default layout holds ~250,000 answers, so both
//    sizes use the same layout with its answers class scaled up to 2^21 slots
//    (CacheSettings.layout(lookupSlots:), what CONTACTS_CACHE_LOOKUP_SLOTS sets; 1M answers then
//    load it as 250,000 load the default) and the shipped pages classes. Only the footprint
//    differs: 1,000 entries stay in the CPU caches, 1,000,000 do not. Two figures per size:
//    probe + copy (E.164 bytes → key → probe → copy), and the lookup as a responder does it on
//    a hit (the number as typed, `(902) 700-0123`, normalized by libphonenumber → key → probe →
//    copy). Targets: lookup 1M/1K <= 1.2x; probe + copy at 1M <= 2x the random-read floor, the
//    ns of one dependent read of a word in 1,000,000 random slots of the same file in the same
//    run (what any table of that footprint pays the memory system).
// 3. zipf: 100,000 numbers asked with Zipf s = 1.0 through lookup + the single-flight fill,
//    counting fills as HubSpot calls: >= 99 % hits once warm (after 2,000,000 requests, over the
//    next 1,000,000), calls = distinct numbers, no miss of a number asked before.
//
// 4. costs: in the default layout loaded with 250,000 answers and 10,000 pages, ns per stats()
//    call (what the admin stats endpoint pays) and per miss of a number never stored, and per
//    miss + store (a cold lookup, HubSpot excluded). Costs.swift.
//
// Exit status 1 when a deterministic check fails (capacity, an eviction or a miss in the hit
// runs, zipf hits/calls); timings are printed against their targets but, the machine possibly
// being shared, only indicative. Files go in --directory (allocated, not
// sparse: ~0.5 GiB for the default layout, ~1.2 GiB for the scaled one; removed afterwards).
import Glibc
import HubSpot
import SharedCache

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let directory = option("--directory") ?? "/tmp"
let lookups = option("--lookups").flatMap { Int($0) } ?? 3_000_000
let only = option("--only")
let scaledLayout = CacheSettings.layout(lookupSlots: 1 << 21)
var passed = true

if only == nil || only == "capacity" {
    passed = capacityCheck(directory: directory) && passed
}
if only == nil || only == "hit" || only == "1k" || only == "1m" {
    print("hit path layout: \(scaledLayout), file \(mebibytes(scaledLayout.fileSize)); \(lookups) random lookups per run")
    if let only, only != "hit" {  // one size, for profiling
        let entries = only == "1m" ? 1_000_000 : 1000
        report(only, measure(entries: entries, layout: scaledLayout, lookups: lookups, directory: directory),
               lookups: lookups)
    } else {
        let small = measure(entries: 1000, layout: scaledLayout, lookups: lookups, directory: directory)
        report("1K ", small, lookups: lookups)
        let big = measure(entries: 1_000_000, layout: scaledLayout, lookups: lookups, directory: directory)
        report("1M ", big, lookups: lookups)
        let reference = measure(entries: 1000, layout: CacheSettings.defaultLayout, lookups: lookups,
                                directory: directory)
        report("1K in the default layout", reference, lookups: lookups)
        let lookupRatio = big.nanosecondsPerLookup / small.nanosecondsPerLookup
        let probeRatio = big.nanosecondsPerHit / small.nanosecondsPerHit
        let floorRatio = big.nanosecondsPerHit / big.floor
        print("lookup ratio 1M/1K (normalize + probe + copy): \(twoDecimals(lookupRatio))x (target <= 1.2x)")
        print("probe + copy at 1M / random-read floor at 1M: \(twoDecimals(floorRatio))x (target <= 2x); "
            + "probe ratio 1M/1K \(twoDecimals(probeRatio))x; hit cost above the floor: 1K "
            + "\(Int((small.nanosecondsPerHit - small.floor).rounded())) ns, 1M "
            + "\(Int((big.nanosecondsPerHit - big.floor).rounded())) ns")
        // Timings on a shared machine are indicative: only what is deterministic sets the exit status.
        print("timing targets: \(lookupRatio <= 1.2 && floorRatio <= 2 ? "met" : "missed") (indicative, not the exit status)")
        passed = passed && big.evictions == 0 && big.hits == lookups
    }
}
if only == nil || only == "zipf" {
    passed = zipfWorkload(directory: directory) && passed
}
if only == nil || only == "costs" {
    costFigures(layout: CacheSettings.defaultLayout, directory: directory)
}
print(passed ? "capacity, evictions and zipf checks passed" : "a capacity, eviction or zipf check FAILED (see above)")
exit(passed ? 0 : 1)
