import Base
import Glibc
import HubSpot
import SharedCache

/// Stores 250,000 lookup answers and 10,000 pages of 50 contacts (real records, ``Records``)
/// into the shipped layout (``CacheSettings/defaultLayout``), then reads every one back: the
/// layout's promise, with nothing evicted and nothing skipped.
func capacityCheck(directory: String, answers: Int = 250_000, pages: Int = 10_000) -> Bool {
    let layout = CacheSettings.defaultLayout
    let path = "\(directory)/cache-bench-capacity-\(getpid()).cache"
    defer { removeFile(path) }
    let cache = openFresh(path, layout: layout)
    var answerSizes = SizeSummary(), pageSizes = SizeSummary()
    let started = MonotonicTime.now().nanoseconds
    for number in 0..<answers {
        let value = Records.lookupAnswer(number)
        answerSizes.add(value.count)
        cache.store(Records.lookupKey(number), value: value, kind: .found, ttl: 3600, staleTTL: 86_400)
    }
    for page in 0..<pages {
        let value = Records.searchPage(page)
        pageSizes.add(value.count)
        cache.store(Records.searchKey(page), value: value, kind: .found, ttl: 3600, staleTTL: 86_400)
    }
    let filled = MonotonicTime.now().nanoseconds
    var wrong = 0
    for number in 0..<answers where cache.peek(Records.lookupKey(number)).entry?.value != Records.lookupAnswer(number) {
        wrong += 1
    }
    for page in 0..<pages where cache.peek(Records.searchKey(page)).entry?.value != Records.searchPage(page) {
        wrong += 1
    }
    let stats = cache.stats()
    let evictions = stats.counters[.evictions] ?? 0, skipped = stats.counters[.storesSkipped] ?? 0
    print("capacity: layout \(layout)")
    print("  file \(mebibytes(layout.fileSize)) (\(layout.fileSize) bytes, limit 512 MiB = 536870912)")
    print("  lookup answers (LookupAnswer.cacheBytes): \(answers), \(answerSizes); keys like \(Records.lookupKey(0))")
    print("  search pages of 50 (SearchAnswer.cacheBytes): \(pages), \(pageSizes); keys like \(Records.searchKey(0))")
    for (index, sizeClass) in stats.classes.enumerated() {
        print("  class \(index): \(sizeClass.slotCount) slots x \(sizeClass.slotSize) B, \(sizeClass.entries) entries, "
            + "load \(twoDecimals(sizeClass.fillRatio))")
    }
    print("  stored in \(twoDecimals(Double(filled - started) / 1e9)) s; read back \(answers + pages - wrong) of "
        + "\(answers + pages); evictions \(evictions), stores skipped \(skipped)")
    let passed = wrong == 0 && evictions == 0 && skipped == 0 && layout.fileSize <= 512 << 20
    print("  capacity check: \(passed ? "PASS" : "FAIL")")
    return passed
}
