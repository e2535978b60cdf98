import Glibc

/// An open file descriptor: a socket, a file or a pipe end this process holds.
///
/// A type of its own so a descriptor cannot be passed where a pid, a count or a signal number is
/// expected. It does not own the descriptor: copies name the same one, and closing is explicit.
/// C calls take ``rawValue``.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: CInt

    public init(rawValue: CInt) {
        self.rawValue = rawValue
    }

    /// Descriptor 0, where the FastCGI convention (spawn-fcgi, cgi-fcgi) puts the listening socket.
    public static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)

    /// `open(2)`; `flags` as for `open` (add `O_CLOEXEC` unless a child must inherit it),
    /// `permissions` for a file `O_CREAT` makes.
    public static func open(_ path: String, _ flags: CInt, permissions: mode_t = 0) throws(SystemError) -> FileDescriptor {
        let fd = Glibc.open(path, flags, permissions)
        guard fd >= 0 else { throw SystemError("open", subject: path) }
        return FileDescriptor(rawValue: fd)
    }

    /// `close(2)`. The descriptor is released even when this reports an error (Linux), so never
    /// close it again.
    public func close() throws(SystemError) {
        guard Glibc.close(rawValue) == 0 else { throw SystemError("close") }
    }

    /// One `read(2)` into `buffer`; returns the bytes read, 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw SystemError("read") }
        return count
    }

    /// One `write(2)` of `bytes`; returns the bytes written, which may be fewer.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        let count = Glibc.write(rawValue, bytes.baseAddress, bytes.count)
        guard count >= 0 else { throw SystemError("write") }
        return count
    }

    /// Whether the descriptor is closed when this process `exec`s (`FD_CLOEXEC`).
    public func closesOnExec() throws(SystemError) -> Bool {
        let flags = fcntl(rawValue, F_GETFD)
        guard flags >= 0 else { throw SystemError("fcntl(F_GETFD)") }
        return flags & FD_CLOEXEC != 0
    }

    /// Sets or clears `FD_CLOEXEC`: a descriptor a spawned program must not inherit gets it set.
    public func setCloseOnExec(_ on: Bool) throws(SystemError) {
        let flags = fcntl(rawValue, F_GETFD)
        guard flags >= 0 else { throw SystemError("fcntl(F_GETFD)") }
        let wanted = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC
        guard fcntl(rawValue, F_SETFD, wanted) == 0 else { throw SystemError("fcntl(F_SETFD)") }
    }
}
