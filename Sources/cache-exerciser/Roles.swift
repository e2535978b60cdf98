import Glibc
import SharedCache
import Synchronization

enum Roles {
    /// `threads` threads each look the key up and, on a miss, fill it with a slow `produce`
    /// that counts its calls; all start at the same wall-clock instant.
    static func fill(_ cache: SharedCache, _ settings: Settings) {
        let key = CacheKey(settings.string("key"))
        let start = settings.int64("start", 0)
        let wait = settings.double("wait", 5)
        let produceMilliseconds = settings.int("produce-ms", 200)
        let produced = Atomic<Int>(0), coalesced = Atomic<Int>(0), cached = Atomic<Int>(0)
        let failed = Atomic<Int>(0), slowest = Atomic<Int>(0)
        Threads.run(settings.int("threads", 1)) { _ in
            Clock.sleep(untilWallMilliseconds: start)
            let began = Clock.wallMilliseconds()
            var source: FillSource? = nil
            if case .fresh = cache.lookup(key) {
                source = .cached
            } else {
                let outcome = cache.fill(key: key, waitTimeout: wait) {
                    Clock.sleep(milliseconds: produceMilliseconds)
                    return .found(Array("value of \(key)".utf8), ttl: 60, staleTTL: 600)
                }
                if case .fresh(let entry, let how) = outcome, entry.value == Array("value of \(key)".utf8) {
                    source = how
                }
            }
            switch source {
            case .produced: produced.add(1, ordering: .relaxed)
            case .coalesced: coalesced.add(1, ordering: .relaxed)
            case .cached: cached.add(1, ordering: .relaxed)
            case nil: failed.add(1, ordering: .relaxed)
            }
            slowest.max(Int(Clock.wallMilliseconds() - began), ordering: .relaxed)
        }
        Output.line("produced=\(produced.load(ordering: .relaxed)) coalesced=\(coalesced.load(ordering: .relaxed)) "
            + "cached=\(cached.load(ordering: .relaxed)) failed=\(failed.load(ordering: .relaxed)) "
            + "max-ms=\(slowest.load(ordering: .relaxed))")
    }

    /// Looks keys up in a loop, storing each miss with the key's own value, until `stop` exists.
    /// A fresh answer whose value is not its key's is a wrong answer: the one thing a damaged
    /// file must never produce.
    static func verify(_ cache: SharedCache, keys: Int, stop: String) {
        var lookups = 0, hits = 0, misses = 0, wrong = 0, stores = 0
        var said = false
        func value(_ index: Int) -> [UInt8] { Array("value of key \(index)".utf8) }
        while true {
            if lookups % 256 == 0 && access(stop, F_OK) == 0 { break }
            let index = lookups % keys
            lookups += 1
            switch cache.lookup(CacheKey("key-\(index)")) {
            case .fresh(let entry):
                hits += 1
                if entry.value != value(index) { wrong += 1 }
                if !said {
                    Output.line("running")
                    said = true
                }
            case .stale, .miss:
                misses += 1
                if cache.store(CacheKey("key-\(index)"), value: value(index), kind: .found, ttl: 600,
                               staleTTL: 600) == .stored { stores += 1 }
            }
        }
        Output.line("lookups=\(lookups) hits=\(hits) misses=\(misses) wrong=\(wrong) stores=\(stores) "
            + "faults=\(SharedCache.absorbedFaults)")
    }

    /// Maps a one-page file of its own (not a cache mapping), truncates it and reads it.
    static func touchTruncatedMapping(_ path: String) {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0, ftruncate(fd, 4096) == 0,
              let address = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), address != MAP_FAILED
        else { Output.fail("cannot map \(path)") }
        _ = ftruncate(fd, 0)
        let byte = address.load(as: UInt8.self)  // SIGBUS: past the end of the file
        Output.line("read \(byte)")
    }

    static func hang() -> Never {
        while true { pause() }
    }
}

/// `key=value` arguments.
struct Settings {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
    }

    func string(_ name: String) -> String { values[name] ?? "" }
    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap { Int($0) } ?? fallback }
    func int64(_ name: String, _ fallback: Int64) -> Int64 { values[name].flatMap { Int64($0) } ?? fallback }
    func double(_ name: String, _ fallback: Double) -> Double { values[name].flatMap { Double($0) } ?? fallback }

    /// `classes=64x320,16x1024` (size classes, probe 8), else `slots=N slot-size=B` (one class).
    var layout: CacheLayout {
        guard let text = values["classes"] else {
            return CacheLayout(slotCount: int("slots", 1024), slotSize: int("slot-size", 512))
        }
        let classes = text.split(separator: ",").map { part in
            let numbers = part.split(separator: "x").compactMap { Int($0) }
            guard numbers.count == 2 else { Output.fail("bad size class \(part)") }
            return CacheLayout.SizeClass(slotCount: numbers[0], slotSize: numbers[1], probeLength: min(8, numbers[0]))
        }
        return CacheLayout(classes: classes)
    }
}

enum Output {
    /// One line to stdout with a single write(2): the test reads it through a pipe.
    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    static func fail(_ message: String) -> Never {
        let bytes = Array(("cache-exerciser: " + message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    static func open(_ path: String, _ options: SharedCache.Options) -> SharedCache {
        do { return try SharedCache(path: path, options: options) } catch { fail("\(error)") }
    }
}

enum Clock {
    static func wallMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    static func sleep(milliseconds: Int) {
        guard milliseconds > 0 else { return }
        usleep(UInt32(milliseconds) * 1000)
    }

    static func sleep(untilWallMilliseconds deadline: Int64) {
        sleep(milliseconds: Int(max(0, deadline - wallMilliseconds())))
    }
}

/// Plain pthreads: the test needs real blocking threads, not the cooperative pool's two.
enum Threads {
    final class Box: @unchecked Sendable {
        let body: @Sendable (Int) -> Void
        let index: Int
        init(_ body: @escaping @Sendable (Int) -> Void, _ index: Int) { self.body = body; self.index = index }
    }

    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 0..<count {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(Box(body, index)).toOpaque()
            let result = pthread_create(&thread, nil, { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body(box.index)
                return nil
            }, box)
            if result != 0 { Output.fail("pthread_create: \(result)") }
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}
