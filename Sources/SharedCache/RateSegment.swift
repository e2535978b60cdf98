import CSharedMemory
import Glibc

/// Where the stack-wide token bucket lives: one page of POSIX shared memory (`/dev/shm`, memory,
/// not the cache file's disk) named after the cache file's path, so every process configured
/// with that path shares it, whether or not the cache file itself can be opened.
///
/// Why not the cache file's header: the bucket must hold exactly when the file does not. A
/// process running without the file (full disk, truncated file) would otherwise need a bucket
/// of its own, and two buckets let the stack send twice the configured rate. Why not a
/// per-process share of the rate: no process knows how many others ask HubSpot (workers of
/// every responder, the sync job), so any share is a guess.
///
/// ```
///    0 search schedule (µs)        8 general schedule (µs)        16 OpenPhone schedule (µs)
///   24 HubSpot outbox schedule (µs)                                (one GCRA word per ``RateBucket``)
///   32 search held off until (µs) 40 general held off until (µs)  48 OpenPhone held off until (µs)
///   56 HubSpot outbox held off until (µs)                          (after the upstream's 429s)
///   64 the cache path it belongs to (NUL-terminated), so an operator or a test tearing a stack
///      down can tell which segment is whose
/// ```
/// Zero in every word means "nothing scheduled, nothing held off": a new segment is zeros, and
/// so are the words a segment made by an older build never wrote, so old and new processes
/// share one segment during an upgrade without a version to compare (the search word and the
/// path never moved). Every word is changed by one compare-and-swap, so a process killed at
/// any point leaves either the old value or the new one.
/// Its blocks are allocated when it is made, and it is guarded against SIGBUS like the file; a
/// segment found damaged is opened again.
final class RateSegment: @unchecked Sendable {
    static let size = 4096
    /// The hold-off words, one per ``RateBucket``.
    static let holdOffsOffset = 32
    static let pathOffset = 64

    let base: UnsafeMutableRawPointer
    let name: String
    private let system: SystemCalls
    private let guardID: Int32

    private init(base: UnsafeMutableRawPointer, name: String, system: SystemCalls) {
        self.base = base
        self.name = name
        self.system = system
        guardID = csm_guard_register(base, Self.size)
    }

    deinit {
        csm_guard_unregister(guardID)
        _ = system.munmap(base, Self.size)
    }

    /// The bucket's schedule word (µs since the epoch).
    func schedule(_ bucket: RateBucket) -> UnsafeMutableRawPointer { base + bucket.scheduleOffset }

    /// The bucket's hold-off word (µs since the epoch).
    func holdOff(_ bucket: RateBucket) -> UnsafeMutableRawPointer { base + bucket.holdOffOffset }

    /// True once the segment shrank under its mapping: it now reads zeros and is no longer shared.
    var isDamaged: Bool { csm_guard_damaged(guardID) != 0 }

    /// `/hubspot-fcgi-rate-<hash of the cache path>`: the same for every process given that path.
    static func name(forCachePath path: String) -> String {
        let hash = Array(path.utf8).withUnsafeBytes { csm_hash64($0.baseAddress, $0.count, 0x7261_7465) }
        return "/hubspot-fcgi-rate-" + String(hash, radix: 16)
    }

    /// Opens (creating if needed) the segment for the cache at `cachePath`.
    static func open(cachePath: String, system: SystemCalls) throws(CacheFileError) -> RateSegment {
        let name = name(forCachePath: cachePath)
        let shownPath = "/dev/shm" + name
        let fd = try system.check("shm_open", shownPath) {
            system.openSharedMemory(name, O_RDWR | O_CREAT | O_CLOEXEC, CacheFile.mode)
        }
        defer { _ = system.close(fd) }
        _ = system.fchmod(fd, CacheFile.mode)  // the umask filtered shm_open's mode
        if geteuid() == 0 { shareWithCacheOwner(fd, cachePath: cachePath) }
        // Only ever grown: two processes sizing it at once both ask for the same size, and a
        // size it already has changes nothing (the schedule word is never zeroed under a user).
        let status = try CacheFile.fileStatus(fd, path: shownPath, system: system)
        if status.size < size {
            _ = try system.check("ftruncate", shownPath) { system.ftruncate(fd, off_t(size)) }
        }
        _ = try system.check("posix_fallocate", shownPath) { system.allocate(fd, off_t(size)) }
        guard let address = system.mmap(size, fd) else {
            throw CacheFileError(operation: "mmap", path: shownPath, code: errno)
        }
        // Every process writes the same bytes: a race here changes nothing.
        let label = Array(cachePath.utf8.prefix(size - pathOffset - 1))
        label.withUnsafeBytes { (address + pathOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return RateSegment(base: address, name: name, system: system)
    }

    /// A tool run as root (`contacts-sync --once`, `hubspot-check`) must not leave the segment to
    /// root alone: the responders, under their own account, would then be refused it and pace
    /// themselves with a bucket of their own. The segment goes to whoever owns the cache file's
    /// directory — the account the responders run as.
    private static func shareWithCacheOwner(_ fd: Int32, cachePath: String) {
        var directory = stat()
        let parent = cachePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let path = parent.isEmpty ? (cachePath.hasPrefix("/") ? "/" : ".") : parent
        guard stat(path, &directory) == 0, directory.st_uid != 0 else { return }
        _ = fchown(fd, directory.st_uid, directory.st_gid)
    }

    /// Removes the segment of the cache at `cachePath` (tests; an operator tearing a stack down).
    /// Processes that still map it keep using it; the next to open one makes a new one.
    static func remove(cachePath: String) {
        _ = shm_unlink(name(forCachePath: cachePath))
    }
}
