import HTTPServer

/// Where an emulator listens: an IPv4 address and port, or a Unix-domain socket.
///
/// ```swift
/// try ListenAddress(parsing: "127.0.0.1:8089", example: "127.0.0.1:8089")   // .tcp(host: "127.0.0.1", port: 8089)
/// try ListenAddress(parsing: "unix:/run/op.sock", example: "127.0.0.1:8091", allowingUnix: true)
/// ```
public enum ListenAddress: Sendable, Equatable {
    case tcp(host: String, port: UInt16)
    case unix(path: String)

    /// A free loopback port, picked by the kernel.
    public static let anyLoopbackPort = ListenAddress.tcp(host: "127.0.0.1", port: 0)

    /// `ADDRESS:PORT` (an empty address or `localhost` is 127.0.0.1), or `unix:PATH` when
    /// `allowingUnix`. `example` is shown in the refusal.
    public init(parsing text: String, example: String, allowingUnix: Bool = false) throws(OptionsError) {
        if allowingUnix, text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw OptionsError(message: "--listen unix: needs a path") }
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw OptionsError(message: "--listen wants ADDRESS:PORT (e.g. \(example))" + (allowingUnix ? " or unix:PATH" : ""))
        }
        let host = String(text[..<colon])
        self = .tcp(host: host == "localhost" || host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    /// The server configuration binding this address.
    public var serverConfiguration: HTTPServer.Configuration {
        switch self {
        case .tcp(let host, let port): HTTPServer.Configuration(host: host, port: port)
        case .unix(let path): HTTPServer.Configuration(unixSocketPath: path)
        }
    }

    /// The address for logs and messages, with the port actually bound: `127.0.0.1:41234` or
    /// `unix:/run/op.sock`.
    public func described(boundPort: UInt16? = nil) -> String {
        switch self {
        case .tcp(let host, let port): "\(host):\(boundPort ?? port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// The base URL a client uses: `http://127.0.0.1:41234` or `unix:/run/op.sock`.
    public func url(boundPort: UInt16) -> String {
        switch self {
        case .tcp: "http://" + described(boundPort: boundPort)
        case .unix: described()
        }
    }
}
