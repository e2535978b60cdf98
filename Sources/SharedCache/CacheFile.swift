import Glibc

/// Opening the cache file: validate what is there, or build a new one beside it and rename it
/// over the path (atomic for every process that opens the path afterwards).
///
/// Creation and rebuilds are serialized by `flock` on `<path>.lock`: the kernel drops that lock
/// when its holder dies, so even a `kill -9` during a rebuild blocks nobody. Only open and
/// re-open take it; lookups and stores never do.
enum CacheFile {
    /// The file's and its lock's mode, set explicitly whatever the umask: the owner (every
    /// responder runs as one user) reads and writes, its group may read, nobody else.
    static let mode: mode_t = 0o640

    static func open(path: String, layout: CacheLayout, system: SystemCalls, syncOnCreate: Bool,
                     log: (CacheEvent) -> Void) throws(CacheFileError) -> MappedFile {
        let lockPath = path + ".lock"
        let lockFD = try system.check("open", lockPath) {
            system.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, mode)
        }
        defer { _ = system.close(lockFD) }  // closing drops the flock
        // The umask filtered open's mode; a lock file someone else owns keeps theirs (EPERM).
        _ = system.fchmod(lockFD, mode)
        _ = try system.check("flock", lockPath) { system.flock(lockFD, LOCK_EX) }

        let fd = system.open(path, O_RDWR | O_CLOEXEC, 0)
        if fd < 0 {
            let code = errno
            guard code == ENOENT else { throw CacheFileError(operation: "open", path: path, code: code) }
            let file = try build(path: path, layout: layout, system: system, syncOnCreate: syncOnCreate,
                                 replacing: nil)
            log(CacheEvent(level: .info, name: "cache_file_created", path: path, detail: layout.description))
            return file
        }
        defer { _ = system.close(fd) }  // the mapping outlives the descriptor
        let status = try fileStatus(fd, path: path, system: system)
        let problem = try headerProblem(fd, size: status.size, layout: layout, path: path, system: system)
        guard let problem else {
            // A file built sparse (by an older build, or copied) would SIGBUS on a full disk:
            // back it now; on a valid, already allocated file this only walks its extents.
            _ = try system.check("posix_fallocate", path) { system.allocate(fd, off_t(layout.fileSize)) }
            guard let address = system.mmap(layout.fileSize, fd) else {
                throw CacheFileError(operation: "mmap", path: path, code: errno)
            }
            return MappedFile(base: address, size: layout.fileSize, layout: layout, device: status.device,
                              inode: status.inode, system: system)
        }
        let file = try build(path: path, layout: layout, system: system, syncOnCreate: syncOnCreate,
                             replacing: (fd, status.size))
        log(CacheEvent(level: .warning, name: "cache_file_rebuilt", path: path, detail: problem))
        return file
    }

    struct Status {
        let size: Int
        let device: UInt64
        let inode: UInt64
    }

    static func fileStatus(_ fd: Int32, path: String, system: SystemCalls) throws(CacheFileError) -> Status {
        var buffer = stat()
        _ = try system.check("fstat", path) { system.fstat(fd, &buffer) }
        return Status(size: Int(buffer.st_size), device: UInt64(buffer.st_dev), inode: UInt64(buffer.st_ino))
    }

    /// Reads the header page with pread (mapping a truncated file and touching past its end would
    /// be SIGBUS) and says what is wrong with it, or nil.
    static func headerProblem(_ fd: Int32, size: Int, layout: CacheLayout, path: String,
                              system: SystemCalls) throws(CacheFileError) -> String? {
        if size < FileHeader.size { return "truncated: \(size) bytes" }
        let page = UnsafeMutableRawPointer.allocate(byteCount: FileHeader.size, alignment: 8)
        defer { page.deallocate() }
        guard try system.readFully(fd, page, FileHeader.size, at: 0, path: path) else {
            return "truncated while reading"
        }
        return FileHeader.problem(page, layout: layout, fileSize: size)
    }

    /// Builds a fresh file at `<path>.tmp.<pid>` and renames it over `path`. When replacing, the
    /// old file is first marked retired so processes that still map it re-open now.
    static func build(path: String, layout: CacheLayout, system: SystemCalls, syncOnCreate: Bool,
                      replacing old: (fd: Int32, size: Int)?) throws(CacheFileError) -> MappedFile {
        let temporary = "\(path).tmp.\(system.getpid())"
        _ = system.unlink(temporary)  // left by an earlier process that had our pid and died here
        let fd = try system.check("open", temporary) {
            system.open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        }
        var renamed = false
        defer {
            _ = system.close(fd)
            if !renamed { _ = system.unlink(temporary) }
        }
        // Explicit mode: open's mode is filtered by the umask.
        _ = try system.check("fchmod", temporary) { system.fchmod(fd, mode) }
        _ = try system.check("ftruncate", temporary) { system.ftruncate(fd, off_t(layout.fileSize)) }
        try allocateBlocks(fd, size: layout.fileSize, path: temporary, system: system)
        let status = try fileStatus(fd, path: temporary, system: system)
        guard let mapped = system.mmap(layout.fileSize, fd) else {
            throw CacheFileError(operation: "mmap", path: temporary, code: errno)
        }
        // Owns the mapping from here: unmapped on any throw below.
        let file = MappedFile(base: mapped, size: layout.fileSize, layout: layout, device: status.device,
                              inode: status.inode, system: system)
        FileHeader.initialize(mapped, layout: layout, createdAt: system.wallMilliseconds(),
                              rebuilds: old == nil ? 0 : 1)
        if syncOnCreate { _ = try system.check("fsync", temporary) { system.fsync(fd) } }
        if let old, old.size >= FileHeader.size {
            var one: UInt32 = 1
            _ = system.pwrite(old.fd, &one, 4, off_t(FileHeader.retiredOffset))
        }
        _ = try system.check("rename", temporary) { system.rename(temporary, path) }
        renamed = true
        return file
    }

    /// Gives every page of the file its disk block now. A sparse file written through the
    /// mapping would find out about a full disk at the first store to an unbacked page, as a
    /// SIGBUS; here it is an `ENOSPC` the caller can handle. Checks the free space first, so a
    /// full disk costs one `fstatvfs`, not a partial allocation undone.
    static func allocateBlocks(_ fd: Int32, size: Int, path: String, system: SystemCalls) throws(CacheFileError) {
        if let available = system.availableBytes(fd), available < size {
            throw CacheFileError(operation: "posix_fallocate", path: path, code: ENOSPC)
        }
        _ = try system.check("posix_fallocate", path) { system.allocate(fd, off_t(size)) }
    }
}
