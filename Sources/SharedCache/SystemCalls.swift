import CSharedMemory
import Glibc

/// Every system call the cache makes, as swappable closures (swift-system's approach): tests
/// replace one to force `ENOSPC`, `EINTR` or `ENOMEM` and check what the cache does with it.
/// C conventions on purpose: each returns what the C call returns and leaves `errno` set.
/// The clocks live here too, so tests can move time instead of sleeping through TTLs.
struct SystemCalls: Sendable {
    var open: @Sendable (_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    /// `shm_open`: a POSIX shared-memory object (a file in /dev/shm, not on the cache's disk).
    var openSharedMemory: @Sendable (_ name: String, _ flags: Int32, _ mode: mode_t) -> Int32
    var close: @Sendable (_ fd: Int32) -> Int32
    var ftruncate: @Sendable (_ fd: Int32, _ size: off_t) -> Int32
    /// `posix_fallocate(fd, 0, size)` in the -1/errno convention (the C call returns the error).
    var allocate: @Sendable (_ fd: Int32, _ size: off_t) -> Int32
    /// Bytes an unprivileged writer may still allocate on `fd`'s file system (`fstatvfs`), or nil.
    var availableBytes: @Sendable (_ fd: Int32) -> Int?
    var fchmod: @Sendable (_ fd: Int32, _ mode: mode_t) -> Int32
    var fstat: @Sendable (_ fd: Int32, _ buffer: UnsafeMutablePointer<stat>) -> Int32
    var stat: @Sendable (_ path: String, _ buffer: UnsafeMutablePointer<stat>) -> Int32
    var pread: @Sendable (_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int
    var pwrite: @Sendable (_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: off_t) -> Int
    var fsync: @Sendable (_ fd: Int32) -> Int32
    var flock: @Sendable (_ fd: Int32, _ operation: Int32) -> Int32
    /// `mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)`; nil on failure.
    var mmap: @Sendable (_ size: Int, _ fd: Int32) -> UnsafeMutableRawPointer?
    var munmap: @Sendable (_ address: UnsafeMutableRawPointer, _ size: Int) -> Int32
    var madvise: @Sendable (_ address: UnsafeMutableRawPointer, _ size: Int, _ advice: Int32) -> Int32
    var rename: @Sendable (_ from: String, _ to: String) -> Int32
    var unlink: @Sendable (_ path: String) -> Int32
    var kill: @Sendable (_ pid: pid_t, _ signal: Int32) -> Int32
    /// `/proc/<pid>/stat` says zombie: dead but unreaped, so kill(pid, 0) still succeeds.
    var isZombie: @Sendable (_ pid: pid_t) -> Bool
    var getpid: @Sendable () -> pid_t
    /// CLOCK_REALTIME (coarse) in milliseconds: entry times and lease deadlines, comparable across processes.
    var wallMilliseconds: @Sendable () -> Int64
    /// CLOCK_REALTIME in microseconds: the rate limiter's schedule.
    var wallMicroseconds: @Sendable () -> Int64
    var sleepNanoseconds: @Sendable (_ nanoseconds: UInt64) -> Void

    /// The real calls.
    static let live = SystemCalls(
        open: { path, flags, mode in Glibc.open(path, flags, mode) },
        openSharedMemory: { name, flags, mode in shm_open(name, flags, mode) },
        close: { Glibc.close($0) },
        ftruncate: { Glibc.ftruncate($0, $1) },
        allocate: { fd, size in
            let code = posix_fallocate(fd, 0, size)
            if code == 0 { return 0 }
            errno = code
            return -1
        },
        availableBytes: { fd in
            var buffer = statvfs()
            guard fstatvfs(fd, &buffer) == 0 else { return nil }
            let (bytes, overflow) = Int(buffer.f_bavail).multipliedReportingOverflow(by: Int(buffer.f_frsize))
            return overflow ? Int.max : bytes
        },
        fchmod: { Glibc.fchmod($0, $1) },
        fstat: { Glibc.fstat($0, $1) },
        stat: { statPath($0, $1) },
        pread: { Glibc.pread($0, $1, $2, $3) },
        pwrite: { Glibc.pwrite($0, $1, $2, $3) },
        fsync: { Glibc.fsync($0) },
        flock: { lockFile($0, $1) },
        mmap: { size, fd in
            let address = Glibc.mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
            return address == MAP_FAILED ? nil : address
        },
        munmap: { Glibc.munmap($0, $1) },
        madvise: { Glibc.madvise($0, $1, $2) },
        rename: { Glibc.rename($0, $1) },
        unlink: { Glibc.unlink($0) },
        kill: { Glibc.kill($0, $1) },
        isZombie: { csm_process_is_zombie($0) != 0 },
        getpid: { Glibc.getpid() },
        wallMilliseconds: { Clock.coarseWallMilliseconds() },
        wallMicroseconds: { Clock.wallMicroseconds() },
        sleepNanoseconds: { Clock.sleep(nanoseconds: $0) }
    )
}

// Free functions: inside SystemCalls, `stat` and `flock` would name the struct members or the
// C structs, not the C functions.
private func statPath(_ path: String, _ buffer: UnsafeMutablePointer<stat>) -> Int32 { stat(path, buffer) }
private func lockFile(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }

/// Clock readings without Foundation.
enum Clock {
    static func wallMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// CLOCK_REALTIME_COARSE: ~4 ms resolution, a few ns; TTLs and lease deadlines need no more.
    static func coarseWallMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// CLOCK_MONOTONIC_COARSE: a few ns, ~4 ms resolution; enough to rate-limit the re-open check.
    static func coarseMonotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

extension SystemCalls {
    /// Runs a call that returns -1 with errno, retrying EINTR; throws the errno otherwise.
    func check(_ operation: String, _ path: String, _ body: () -> Int32) throws(CacheFileError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw CacheFileError(operation: operation, path: path, code: code)
        }
    }

    /// Reads exactly `count` bytes at `offset`; a short read (file shorter) is an EIO-less `false`.
    func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int,
                   path: String) throws(CacheFileError) -> Bool {
        var done = 0
        while done < count {
            let result = pread(fd, buffer + done, count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw CacheFileError(operation: "pread", path: path, code: errno)
            }
            if result == 0 { return false }
            done += result
        }
        return true
    }

    /// True when `pid` may still release what it holds: alive (kill 0 succeeds or EPERM) and not a zombie.
    func processIsAlive(_ pid: pid_t) -> Bool {
        if pid == getpid() { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        return !isZombie(pid)
    }
}
