import CSharedMemory
import Glibc
import Synchronization

/// The contacts cache: one memory-mapped file shared by every worker process of every responder.
/// Lookups are a hash, a bounded probe of fixed-size slots and one copy of the stored JSON.
///
/// ```swift
/// let cache = try SharedCache(path: "/var/lib/hubspot-fcgi/contacts.cache")
/// switch cache.lookup(.phone("+19025551234")) {
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
        /// Where file events go (created, rebuilt, re-opened); nil drops them.
        public var log: (@Sendable (CacheEvent) -> Void)?
        @_spi(Testing) public var hooks: TestHooks

        public init(layout: CacheLayout = .default, reopenCheckInterval: Double = 0.25,
                    writeLeaseDuration: Double = 2, syncOnCreate: Bool = false,
                    log: (@Sendable (CacheEvent) -> Void)? = nil) {
            self.layout = layout
            self.reopenCheckInterval = reopenCheckInterval
            self.writeLeaseDuration = writeLeaseDuration
            self.syncOnCreate = syncOnCreate
            self.log = log
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
    let reopening = Mutex<Int64>(0)
    /// Coarse-monotonic ms of the next `stat` of the path.
    let nextStatCheck = Atomic<Int64>(0)
    /// Makes write leases unique per acquisition (their tag).
    let leaseCounter = Atomic<UInt16>(0)

    /// Opens (creating or rebuilding as needed) the cache file at `path` and maps it.
    /// - Throws: ``CacheFileError`` when the file cannot be created, sized or mapped.
    public convenience init(path: String, options: Options = Options()) throws(CacheFileError) {
        try self.init(path: path, options: options, system: .live)
    }

    init(path: String, options: Options, system: SystemCalls) throws(CacheFileError) {
        if let problem = options.layout.problem {
            throw CacheFileError(operation: "layout (\(problem))", path: path, code: EINVAL)
        }
        self.path = path
        self.options = options
        self.system = system
        let log = options.log
        let file = try CacheFile.open(path: path, layout: options.layout, system: system,
                                      syncOnCreate: options.syncOnCreate, log: { log?($0) })
        current = Atomic(UInt(bitPattern: Unmanaged.passUnretained(file).toOpaque()))
        opened = Mutex([(file: file, replacedAt: nil)])
        nextStatCheck.store(Clock.coarseMonotonicMilliseconds() + checkIntervalMilliseconds, ordering: .relaxed)
    }

    /// The layout this handle was opened with.
    public var layout: CacheLayout { options.layout }

    var checkIntervalMilliseconds: Int64 { Int64(max(0, options.reopenCheckInterval) * 1000) }

    /// How long a replaced mapping stays mapped: far longer than any operation holds one (the
    /// longest, a fill, is bounded by its wait and the HubSpot timeout).
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
        reopening.withLock { retryAt in
            let latest = currentFile()
            if latest !== seen && !latest.isRetired { return latest }  // another thread re-opened
            let now = Clock.coarseMonotonicMilliseconds()
            nextStatCheck.store(now + checkIntervalMilliseconds, ordering: .relaxed)
            guard let reason = reopenReason(latest), now >= retryAt else { return latest }
            do {
                let file = try CacheFile.open(path: path, layout: options.layout, system: system,
                                              syncOnCreate: options.syncOnCreate, log: { options.log?($0) })
                install(file, replacing: latest, now: now)
                options.log?(CacheEvent(level: .info, name: "cache_file_reopened", path: path, detail: reason))
                return file
            } catch {
                // Keep serving from the old mapping; try again in a second, not on every request.
                retryAt = now + 1000
                options.log?(CacheEvent(level: .warning, name: "cache_reopen_failed", path: path,
                                        detail: "\(reason): \(error)"))
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
        if file.isRetired { return "retired" }
        var buffer = stat()
        if system.stat(path, &buffer) != 0 { return "file removed" }
        if UInt64(buffer.st_dev) != file.device || UInt64(buffer.st_ino) != file.inode { return "file replaced" }
        return nil
    }

    /// Adds to a shared counter (for what only the caller knows: upstream calls and errors,
    /// stale answers served, not-found answers).
    public func increment(_ counter: CacheCounter, by amount: UInt64 = 1) {
        mapping().add(counter, amount)
    }

    func now() -> Int64 { system.wallMilliseconds() }
}

/// Points where tests stop a process mid-operation (to `kill -9` it there).
@_spi(Testing) public struct TestHooks: Sendable {
    /// Called inside a slot write: sequence odd, lease held, half the value written.
    public var midWrite: (@Sendable () -> Void)?
    /// Called inside a fill while its lease is held, before `produce`.
    public var fillLeaseHeld: (@Sendable () -> Void)?

    public init() {}
}
