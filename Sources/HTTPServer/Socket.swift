import Glibc

/// A connected or listening TCP or Unix-domain socket descriptor. Thin wrappers over the C calls named in each
/// method; nothing here allocates or logs.
struct Socket: Sendable, Hashable {
    let fd: Int32

    /// `socket` + `setsockopt(SO_REUSEADDR)` + `bind` + `listen` on an IPv4 address.
    static func listen(host: String, port: UInt16, backlog: Int32) throws(ServerError) -> Socket {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw ServerError(operation: "address \(host)", code: 0)
        }
        return try bindAndListen(family: AF_INET, address: &address, backlog: backlog, reuseAddress: true,
                                 naming: "\(host):\(port)")
    }

    /// `socket` + `bind` + `listen` on a Unix-domain socket at `path` (which must not exist yet).
    static func listen(unixPath path: String, backlog: Int32) throws(ServerError) -> Socket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, path.utf8.count < capacity else { throw ServerError(operation: "address \(path)", code: 0) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        return try bindAndListen(family: AF_UNIX, address: &address, backlog: backlog, reuseAddress: false,
                                 naming: path)
    }

    /// `socket` (close-on-exec) + `bind` to `address` + `listen`; the descriptor is closed on failure.
    private static func bindAndListen<Address>(family: Int32, address: inout Address, backlog: Int32,
                                               reuseAddress: Bool, naming name: String) throws(ServerError) -> Socket {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServerError(operation: "socket", code: errno) }
        if reuseAddress {
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ServerError(operation: "bind \(name)", code: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ServerError(operation: "listen", code: code)
        }
        return Socket(fd: fd)
    }

    /// The bound port (`getsockname`), which is the ephemeral one after binding port 0.
    var localPort: UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// `accept`, retrying on EINTR and transient errors; nil once the socket is shut down.
    /// (Accepted sockets are not close-on-exec: `accept4` needs `_GNU_SOURCE`, and the server
    /// never execs.)
    func accept() -> Socket? {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 { return Socket(fd: client) }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                usleep(10_000)  // out of descriptors: back off instead of spinning
                continue
            default: return nil
            }
        }
    }

    /// TCP_NODELAY (refused harmlessly on a Unix socket) plus receive/send timeouts
    /// (SO_RCVTIMEO/SO_SNDTIMEO).
    func configureConnection(timeoutSeconds: Int) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// `recv` appended to `buffer`; returns the byte count, 0 at end of stream, -1 on error
    /// (including the receive timeout).
    func receive(into buffer: inout [UInt8], maximum: Int) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximum) { scratch in
            var received = 0
            repeat {
                received = recv(fd, scratch.baseAddress, maximum, 0)
            } while received < 0 && errno == EINTR
            if received > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<received])) }
            return received
        }
    }

    /// `send` until every byte is written (MSG_NOSIGNAL: a vanished peer is an error, not SIGPIPE).
    @discardableResult
    func sendAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Waits up to `milliseconds` for the peer to send data or hang up (`poll`).
    /// True when the peer closed the connection.
    func peerClosed(withinMilliseconds milliseconds: Int32) -> Bool {
        let hangUp: Int16 = Self.pollReadHangUp | Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        var entry = pollfd(fd: fd, events: Int16(POLLIN) | Self.pollReadHangUp, revents: 0)
        let ready = poll(&entry, 1, milliseconds)
        guard ready > 0 else { return false }
        if entry.revents & hangUp != 0 { return true }
        // Readable: either more request bytes (pipelining, ignored while stalled) or EOF.
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) == 0
    }

    /// POLLRDHUP (Linux; only visible to C with `_GNU_SOURCE`): the peer shut down its side.
    static let pollReadHangUp: Int16 = 0x2000

    /// `shutdown(SHUT_RDWR)`: wakes a thread blocked in recv/accept on this socket.
    func shutdownBoth() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    func close() { _ = Glibc.close(fd) }
}
