import Base
import CSystem
import Glibc

/// The Unix socket a responder serves, either created here or inherited.
///
/// Created with plain `socket/bind/listen` instead of `FCGX_OpenSocket`, which silently unlinks a
/// socket another process is serving, calls `exit()` on errors and creates the file with the
/// process umask (nginx then gets "permission denied").
struct ListeningSocket {
    let fd: FileDescriptor
    /// The path this process created and must remove at exit; nil for inherited sockets,
    /// whose owner (systemd, spawn-fcgi) manages the file.
    let ownedPath: String?
    /// The inode of the socket file we bound, so we never unlink a file someone else put there.
    let ownedInode: UInt64?
    let origin: String

    static let backlog: CInt = 1024

    /// Creates `path` safely: refuses when a live process answers on it or when it is not a
    /// socket; removes a stale socket left by a crash; binds under a tight umask so the file is
    /// never briefly world-accessible; then applies `mode` and `group` explicitly.
    static func create(path: String, mode: UInt32, group: String?) throws(StartupError) -> ListeningSocket {
        let maxPath = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        guard path.utf8.count <= maxPath else {
            throw StartupError("socket path is \(path.utf8.count) bytes; Unix sockets allow at most \(maxPath): \(path)")
        }
        try removeStaleSocket(at: path)

        let fd = try unixSocket()
        var address = unixAddress(path)
        let previousMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd.rawValue, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindErrno = errno
        umask(previousMask)
        guard bound == 0 else {
            try? fd.close()
            if bindErrno == EADDRINUSE {
                throw StartupError("socket \(path) is already in use by another process; refusing to take it over")
            }
            throw StartupError("cannot bind \(path): \(SystemError("bind", errno: bindErrno))")
        }
        do {
            try applyOwnership(path: path, mode: mode, group: group)
        } catch {
            try? fd.close()
            unlink(path)
            throw error
        }
        guard listen(fd.rawValue, backlog) == 0 else {
            let failure = SystemError("listen", subject: path)
            try? fd.close()
            unlink(path)
            throw StartupError("cannot listen on \(path): \(failure)")
        }
        var info = stat()
        let inode: UInt64? = stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
        return ListeningSocket(fd: fd, ownedPath: path, ownedInode: inode, origin: "created")
    }

    /// The socket handed over by a process manager: systemd socket activation (`LISTEN_FDS`,
    /// first fd 3) or the FastCGI convention of a listening socket on fd 0 (spawn-fcgi, cgi-fcgi).
    static func inherited() -> ListeningSocket? {
        if let count = getenv("LISTEN_FDS").map({ Int(String(cString: $0)) ?? 0 }), count >= 1,
           let pid = getenv("LISTEN_PID").map({ Int32(String(cString: $0)) ?? -1 }), pid == getpid() {
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDNAMES")
            if isListening(systemdFirst) {
                try? systemdFirst.setCloseOnExec(true)
                return ListeningSocket(fd: systemdFirst, ownedPath: nil, ownedInode: nil, origin: "systemd")
            }
        }
        if isListening(.standardInput) {
            return ListeningSocket(fd: .standardInput, ownedPath: nil, ownedInode: nil, origin: "fd0")
        }
        return nil
    }

    /// Stops accepting for every process sharing the socket: blocked `accept()` calls return.
    func shutdownListening() {
        shutdown(fd.rawValue, CInt(SHUT_RDWR))
    }

    /// Removes the socket file if it is still the one this process created.
    func removeFile() {
        guard let path = ownedPath else { return }
        var info = stat()
        if stat(path, &info) == 0, ownedInode == nil || UInt64(info.st_ino) == ownedInode {
            unlink(path)
        }
    }

    // MARK: - Helpers

    private static func removeStaleSocket(at path: String) throws(StartupError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw StartupError("\(path) exists and is not a socket; refusing to replace it")
        }
        let probe = try unixSocket()
        defer { try? probe.close() }
        var address = unixAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe.rawValue, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected == 0 {
            throw StartupError("socket \(path) is being served by a running process; stop it first or choose another --socket")
        }
        let connectErrno = errno
        guard connectErrno == ECONNREFUSED else {
            throw StartupError("cannot check existing socket \(path): \(SystemError("connect", errno: connectErrno))")
        }
        guard unlink(path) == 0 else {
            throw StartupError("cannot remove stale socket \(path): \(SystemError("unlink"))")
        }
        Log.info("stale_socket_removed", ["path": path])
    }

    /// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
    private static let systemdFirst = FileDescriptor(rawValue: 3)

    private static func isListening(_ fd: FileDescriptor) -> Bool {
        csystem_is_listening_socket(fd.rawValue) == 1
    }

    /// A close-on-exec Unix stream socket: workers get the listening socket only as their fd 0.
    private static func unixSocket() throws(StartupError) -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw StartupError("cannot create a socket: \(SystemError("socket"))") }
        return FileDescriptor(rawValue: fd)
    }

    private static func applyOwnership(path: String, mode: UInt32, group: String?) throws(StartupError) {
        if let group {
            guard let entry = getgrnam(group) else {
                throw StartupError("--socket-group \(group): no such group")
            }
            guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
                throw StartupError("cannot give \(path) to group \(group): \(SystemError("chown"))")
            }
        }
        guard chmod(path, mode_t(mode)) == 0 else {
            throw StartupError("cannot set mode of \(path): \(SystemError("chmod"))")
        }
    }

    private static func unixAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() where index < buffer.count - 1 {
                buffer[index] = byte
            }
        }
        return address
    }
}
