import CSharedMemory
import Glibc
import Synchronization

/// A key/value cache in one memory-mapped file shared by every worker process of every responder.
/// Values are stored by size, each in the smallest of the layout's size classes (tables of
/// equal slots) that fits it. Lookups are a hash, a bounded probe of the smallest class's slots
/// (where the many small answers live; larger classes only when it has no copy) and one copy
/// of the stored value.
/// Misses are filled once for the whole stack (single-flight under leases), and a stack-wide
/// rate limiter paces whatever the fills ask. What the keys, values and failures mean is the
/// caller's: keys are bytes, failures a caller's ``FillFailureCode``, and callers count their
/// own events in ``CallerCounter``s.
///
/// ```swift
/// let cache = try SharedCache(path: "/var/lib/hubspot-fcgi/contacts.cache")
/// switch cache.lookup(CacheKey("+19025551234")) {
/// case .fresh(let entry): respond(entry.value)
/// case .stale, .miss: …  // see fill(key:waitTimeout:leaseDuration:produce:)
/// }
/// ```
///
/// Thread-safe and process-safe: all shared state lives in the mapping and changes only through
/// C11 atomics, per-slot seqlocks and leases that a dead process cannot hold forever. Process-
/// local state is only which mapping is current.
///
/// A file that is not ours or not valid (random bytes, truncated, other version or layout) is
/// rebuilt at open. Processes still mapping a replaced file notice on their next operation: the
/// rebuilder sets a `retired` flag in the old header (checked by every operation, one load),
/// and each process also `stat`s the path at most every ``Options/reopenCheckInterval`` to catch a
/// file removed or replaced by anything else. Either way the process re-opens; the old mapping
/// is unmapped when its last in-flight operation finishes.
///
/// The file never kills a worker: its blocks are allocated when it is built (a full disk is an
/// `ENOSPC` at open, not a SIGBUS at a store), and a file truncated under its mappings is caught
/// by a SIGBUS guard that turns the mapping into zeros (misses, never wrong answers) and has the
/// cache re-open it. Opened with ``init(openingWhenPossible:options:)``, a cache whose file cannot
/// be opened runs *unavailable*: every lookup misses, nothing is stored, fills call `produce`
/// directly, and the file is tried again, at least every ``Options/unavailableRetryInterval``. The rate
/// limiter does not depend on the file (``RateSegment``).
public final class SharedCache: Sendable {
    /// How the cache file is shaped and watched.
    public struct Options: Sendable {
        public var layout: CacheLayout
        /// Seconds between checks that the path still names the mapped file (one `stat`).
        public var reopenCheckInterval: Double
        /// Longest a slot write may take before another process may break its lease.
        public var writeLeaseDuration: Double
        /// `fsync` a newly built file before renaming it into place. Off by default: the cache
        /// is disposable, and a file lost in a crash is just rebuilt empty.
        public var syncOnCreate: Bool
        /// Longest wait, in seconds, between attempts to open the file while the cache runs
        /// without one (the first retry comes after a quarter second, then the wait doubles).
        public var unavailableRetryInterval: Double
        /// Where file events go (created, rebuilt, re-opened); nil drops them.
        public var log: (@Sendable (CacheEvent) -> Void)?
        /// The caller's counters, as ``CacheStats`` lists them (after the cache's own). Their
        /// slots must differ.
        public var callerCounters: [CallerCounter]
        @_spi(Testing) public var hooks: TestHooks

        public init(layout: CacheLayout = .default, reopenCheckInterval: Double = 0.25,
                    writeLeaseDuration: Double = 2, syncOnCreate: Bool = false,
                    unavailableRetryInterval: Double = 2, log: (@Sendable (CacheEvent) -> Void)? = nil,
                    callerCounters: [CallerCounter] = []) {
            self.layout = layout
            self.reopenCheckInterval = reopenCheckInterval
            self.writeLeaseDuration = writeLeaseDuration
            self.syncOnCreate = syncOnCreate
            self.unavailableRetryInterval = unavailableRetryInterval
            self.log = log
            self.callerCounters = callerCounters
            self.hooks = TestHooks()
        }
    }

    /// The file's path.
    public let path: String
    let options: Options
    let system: SystemCalls
    /// The current mapping as an unretained object pointer, read with one atomic load per
    /// operation (no lock on the hot path). Always one of `opened`'s files.
    let current: Atomic<UInt>
    /// Every mapping this handle opened, with when it was replaced: keeps the object behind
    /// `current` alive. A replaced mapping is released (and unmapped once its last operation
    /// lets go) only after ``retiredMappingGrace``, so a thread that loaded `current` just before
    /// a swap always retains a live object.
    let opened: Mutex<[(file: MappedFile, replacedAt: Int64?)]>
    /// Serializes re-opens inside this process; holds when the next re-open may be tried.
    let reopening = Mutex(ReopenState())
    /// The rate limiter's shared memory, opened on first use.
    let rateSegment = Mutex(RateSegmentState())
    /// Coarse-monotonic ms of the next `stat` of the path.
    let nextStatCheck = Atomic<Int64>(0)
    /// Makes write leases unique per acquisition (their tag).
    let leaseCounter = Atomic<UInt16>(0)

    /// Opens (creating or rebuilding as needed) the cache file at `path` and maps it.
    /// - Throws: ``CacheFileError`` when the file cannot be created, sized or mapped.
    public convenience init(path: String, options: Options = Options()) throws(CacheFileError) {
        try self.init(path: path, options: options, system: .live)
    }

    convenience init(path: String, options: Options, system: SystemCalls) throws(CacheFileError) {
        self.init(path: path, options: options, system: system,
                  first: try Self.openFile(path: path, options: options, system: system))
    }

    /// Opens the cache file at `path` like ``init(path:options:)``, but never fails: when the
    /// file cannot be created, sized or mapped (full disk, missing directory, permissions), the
    /// cache starts unavailable — lookups miss, stores are skipped, fills ask upstream directly —
    /// logs `cache_unavailable` once, and opens the file as soon as it can (tried after 0.25 s,
    /// then at doubling intervals up to ``Options/unavailableRetryInterval``; logged as
    /// `cache_file_reopened`).
    public convenience init(openingWhenPossible path: String, options: Options = Options()) {
        self.init(openingWhenPossible: path, options: options, system: .live)
    }

    convenience init(openingWhenPossible path: String, options: Options, system: SystemCalls) {
        let first: MappedFile
        var failure: CacheFileError? = nil
        do {
            first = try Self.openFile(path: path, options: options, system: system)
        } catch {
            failure = error
            first = Self.standIn(options, system)
        }
        self.init(path: path, options: options, system: system, first: first)
        if let failure {
            let now = Clock.coarseMonotonicMilliseconds()
            reopening.withLock { state in
                state.failing = true
                state.retryAt = now + unavailableRetryDelay(after: &state)
            }
            options.log?(CacheEvent(level: .warning, name: "cache_unavailable", path: path, detail: "\(failure)"))
        }
    }

    private static func openFile(path: String, options: Options, system: SystemCalls) throws(CacheFileError) -> MappedFile {
        if let problem = options.layout.problem {
            throw CacheFileError(operation: "layout (\(problem))", path: path, code: EINVAL)
        }
        let log = options.log
        return try CacheFile.open(path: path, layout: options.layout, system: system,
                                  syncOnCreate: options.syncOnCreate, log: { log?($0) })
    }

    private init(path: String, options: Options, system: SystemCalls, first file: MappedFile) {
        precondition(Set(options.callerCounters.map(\.slot)).count == options.callerCounters.count,
                     "two caller counters share a slot: \(options.callerCounters.map { "\($0.name)=\($0.slot)" })")
        self.path = path
        self.options = options
        self.system = system
        current = Atomic(UInt(bitPattern: Unmanaged.passUnretained(file).toOpaque()))
        opened = Mutex([(file: file, replacedAt: nil)])
        nextStatCheck.store(Clock.coarseMonotonicMilliseconds() + checkIntervalMilliseconds, ordering: .relaxed)
    }

    /// What serves while no file can be opened (see ``MappedFile/standIn(layout:system:)``).
    static func standIn(_ options: Options, _ system: SystemCalls) -> MappedFile {
        let layout = options.layout.problem == nil ? options.layout : .default
        guard let file = MappedFile.standIn(layout: layout, system: system) else {
            fatalError("out of memory for the cache's stand-in (\(layout.classes.count) slots)")
        }
        return file
    }

    /// SIGBUS faults from cache mappings that this process survived since it started (each one
    /// a file truncated under it), for logs and tests.
    public static var absorbedFaults: UInt64 { csm_guard_absorbed_faults() }

    /// False while the cache runs without its file (see ``init(openingWhenPossible:options:)``).
    public var isAvailable: Bool { mapping().isFile }

    /// The layout this handle was opened with.
    public var layout: CacheLayout { options.layout }

    var checkIntervalMilliseconds: Int64 { Int64(max(0, options.reopenCheckInterval) * 1000) }
    /// How long to wait before the next try while unavailable: a quarter second, doubling with
    /// each failure up to ``Options/unavailableRetryInterval``. The first retries are quick
    /// because the usual cause passes quickly (a truncation still freeing the old file's
    /// blocks); the later ones are spaced because a full disk does not.
    func unavailableRetryDelay(after state: inout ReopenState) -> Int64 {
        state.unavailableFailures += 1
        let limit = Int64(max(0, options.unavailableRetryInterval) * 1000)
        return min(limit, 250 << Int64(min(state.unavailableFailures - 1, 16)))
    }

    /// How long a replaced mapping stays mapped: far longer than any operation holds one (the
    /// longest, a fill, is bounded by its wait and the upstream timeout).
    static let retiredMappingGrace: Int64 = 600_000

    /// The mapping `current` points at.
    @inline(__always) func currentFile() -> MappedFile {
        Unmanaged<MappedFile>.fromOpaque(UnsafeRawPointer(bitPattern: current.load(ordering: .acquiring))!)
            .takeUnretainedValue()
    }

    /// The current mapping, re-opening first when it was retired or the path changed.
    @inline(__always) func mapping() -> MappedFile {
        let file = currentFile()
        if _slowPath(file.isRetired
            || Clock.coarseMonotonicMilliseconds() >= nextStatCheck.load(ordering: .relaxed)) {
            return refresh(file)
        }
        return file
    }

    private func refresh(_ seen: MappedFile) -> MappedFile {
        reopening.withLock { state in
            let latest = currentFile()
            if latest !== seen && !latest.isRetired { return latest }  // another thread re-opened
            let now = Clock.coarseMonotonicMilliseconds()
            nextStatCheck.store(now + checkIntervalMilliseconds, ordering: .relaxed)
            guard let reason = reopenReason(latest), now >= state.retryAt else { return latest }
            do {
                let file = try CacheFile.open(path: path, layout: options.layout, system: system,
                                              syncOnCreate: options.syncOnCreate, log: { options.log?($0) })
                install(file, replacing: latest, now: now)
                state.failing = false
                state.unavailableFailures = 0
                options.log?(CacheEvent(level: .info, name: "cache_file_reopened", path: path, detail: reason))
                return file
            } catch {
                // Logged once per failing spell, not on every retry.
                defer { state.failing = true }
                guard latest.isFile, !latest.isRetired, !latest.isDamaged else {
                    // Nothing shared to serve from: run without the file until it opens again.
                    state.retryAt = now + unavailableRetryDelay(after: &state)
                    if latest.isFile {
                        let standIn = Self.standIn(options, system)
                        install(standIn, replacing: latest, now: now)
                        options.log?(CacheEvent(level: .warning, name: "cache_unavailable", path: path,
                                                detail: "\(reason): \(error)"))
                        return standIn
                    }
                    return latest
                }
                // The old mapping is intact and still shared by whoever maps it: keep serving it;
                // try again in a second, not on every request.
                state.retryAt = now + 1000
                if !state.failing {
                    options.log?(CacheEvent(level: .warning, name: "cache_reopen_failed", path: path,
                                            detail: "\(reason): \(error)"))
                }
                return latest
            }
        }
    }

    /// Makes `file` current; releases mappings replaced longer ago than the grace period.
    private func install(_ file: MappedFile, replacing old: MappedFile, now: Int64) {
        opened.withLock { files in
            files.removeAll { $0.replacedAt.map { now - $0 > Self.retiredMappingGrace } ?? false }
            for index in files.indices where files[index].file === old { files[index].replacedAt = now }
            files.append((file: file, replacedAt: nil))
            current.store(UInt(bitPattern: Unmanaged.passUnretained(file).toOpaque()), ordering: .releasing)
        }
    }

    private func reopenReason(_ file: MappedFile) -> String? {
        if !file.isFile { return "was unavailable" }
        if file.isDamaged { return "file shrank under its mapping (SIGBUS absorbed)" }
        if file.isRetired { return "retired" }
        var buffer = stat()
        if system.stat(path, &buffer) != 0 { return "file removed" }
        if UInt64(buffer.st_dev) != file.device || UInt64(buffer.st_ino) != file.inode { return "file replaced" }
        // Truncated (or extended) in place: pages past the new end would fault.
        if Int(buffer.st_size) != file.size { return "file size \(buffer.st_size), expected \(file.size)" }
        return nil
    }

    /// Adds to one of the cache's counters that only the caller can see happen (``CacheCounter/staleServed``).
    public func increment(_ counter: CacheCounter, by amount: UInt64 = 1) {
        mapping().add(counter, amount)
    }

    /// Adds to one of the caller's own counters.
    public func increment(_ counter: CallerCounter, by amount: UInt64 = 1) {
        mapping().add(counter, amount)
    }

    func now() -> Int64 { system.wallMilliseconds() }
}

/// When this process may next try to re-open the file, and whether the last try failed.
struct ReopenState: Sendable {
    /// Coarse-monotonic ms.
    var retryAt: Int64 = 0
    var failing = false
    /// Failed tries in a row while unavailable (spaces the next one).
    var unavailableFailures = 0
}

/// Points where tests stop a process mid-operation (to `kill -9` it there).
@_spi(Testing) public struct TestHooks: Sendable {
    /// Called inside a slot write: sequence odd, lease held, half the value written.
    public var midWrite: (@Sendable () -> Void)?
    /// Called inside a fill while its lease is held, before `produce`.
    public var fillLeaseHeld: (@Sendable () -> Void)?

    public init() {}
}
