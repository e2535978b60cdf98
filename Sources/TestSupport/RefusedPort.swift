import Glibc

/// A loopback TCP port that is bound but not listening: connecting to it is refused, and no
/// other process can take the port until ``close()``.
///
/// ```swift
/// let refused = RefusedPort()
/// defer { refused.close() }
/// try client.send(HTTPClientRequest(url: "http://127.0.0.1:\(refused.port)/"))   // connection refused
/// ```
public struct RefusedPort: Sendable {
    public let port: Int
    private let fd: Int32

    public init() {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        precondition(fd >= 0, "socket: errno \(errno)")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = fd
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                precondition(bind(descriptor, pointer, length) == 0, "bind: errno \(errno)")
                precondition(getsockname(descriptor, pointer, &length) == 0, "getsockname: errno \(errno)")
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    public func close() { _ = Glibc.close(fd) }
}
