@testable import SharedCache
import Glibc
import Synchronization
import Testing

/// Errors forced through the system-call shim.
@Suite struct SystemCallShimTests {
    func failing(_ configure: (inout SystemCalls) -> Void) -> SystemCalls {
        var calls = SystemCalls.live
        configure(&calls)
        return calls
    }

    @Test func ftruncateFailureThrowsAndLeavesNoTemporaryFile() throws {
        TemporaryDirectory.with { directory in
            let calls = failing { $0.ftruncate = { _, _ in errno = ENOSPC; return -1 } }
            #expect(throws: CacheFileError(operation: "ftruncate", path: directory.cacheFile + ".tmp.\(getpid())",
                                           code: ENOSPC)) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
            #expect(directory.names() == ["contacts.cache.lock"])
        }
    }

    @Test func mmapFailureThrowsAndUnlinksTheTemporary() throws {
        try TemporaryDirectory.with { directory in
            let calls = failing { $0.mmap = { _, _ in errno = ENOMEM; return nil } }
            let error = try #require(throws: CacheFileError.self) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
            #expect(error.operation == "mmap" && error.code == ENOMEM)
            #expect(directory.names() == ["contacts.cache.lock"])
        }
    }

    @Test func mmapFailureOfAValidFileThrows() throws {
        try TemporaryDirectory.with { directory in
            _ = try SharedCache(path: directory.cacheFile, options: options())
            let calls = failing { $0.mmap = { _, _ in errno = EACCES; return nil } }
            #expect(throws: CacheFileError(operation: "mmap", path: directory.cacheFile, code: EACCES)) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
        }
    }

    @Test func renameFailureKeepsTheOldFileAndRemovesTheNewOne() throws {
        TemporaryDirectory.with { directory in
            RawFile.write(directory.cacheFile, bytes: RawFile.randomBytes(5000), at: 0, truncate: true)
            let calls = failing { $0.rename = { _, _ in errno = EXDEV; return -1 } }
            #expect(throws: CacheFileError.self) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
            #expect(RawFile.size(directory.cacheFile) == 5000)
            #expect(directory.names() == ["contacts.cache", "contacts.cache.lock"])
        }
    }

    @Test func openFailureOtherThanMissingIsReported() throws {
        TemporaryDirectory.with { directory in
            let calls = failing { calls in
                calls.open = { path, flags, mode in
                    if path.hasSuffix(".cache") { errno = EACCES; return -1 }
                    return Glibc.open(path, flags, mode)
                }
            }
            #expect(throws: CacheFileError(operation: "open", path: directory.cacheFile, code: EACCES)) {
                try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            }
        }
    }

    @Test func eintrIsRetried() throws {
        try TemporaryDirectory.with { directory in
            let interrupted = Atomic<Int>(0)
            let calls = failing { calls in
                calls.ftruncate = { fd, size in
                    if interrupted.add(1, ordering: .relaxed).newValue <= 2 { errno = EINTR; return -1 }
                    return Glibc.ftruncate(fd, size)
                }
            }
            _ = try SharedCache(path: directory.cacheFile, options: options(), system: calls)
            #expect(interrupted.load(ordering: .relaxed) == 3)
        }
    }

    @Test func aFailedReopenKeepsServingTheOldMapping() throws {
        try TemporaryDirectory.with { directory in
            let broken = Atomic<Bool>(false)
            let calls = failing { calls in
                let live = calls.mmap
                calls.mmap = { size, fd in
                    if broken.load(ordering: .relaxed) { errno = ENOMEM; return nil }
                    return live(size, fd)
                }
            }
            let log = EventLog()
            var eager = options(log: log)
            eager.reopenCheckInterval = 0
            let cache = try SharedCache(path: directory.cacheFile, options: eager, system: calls)
            cache.store(CacheKey("+1"), value: bytes("v"), kind: .found, ttl: 60, staleTTL: 60)
            broken.store(true, ordering: .relaxed)
            let moved = directory.path + "/moved"
            rename(directory.cacheFile, moved)  // the path no longer names our file: re-open fails
            #expect(cache.lookup(CacheKey("+1")).entry?.value == bytes("v"))
            #expect(log.names.last == "cache_reopen_failed")
        }
    }

    @Test func killGoesThroughTheShimForLiveness() {
        let asked = Atomic<Int32>(0)
        var calls = SystemCalls.live
        calls.kill = { pid, signal in asked.store(pid, ordering: .relaxed); errno = ESRCH; return -1 }
        #expect(!calls.processIsAlive(999_999))
        #expect(asked.load(ordering: .relaxed) == 999_999)
    }
}
