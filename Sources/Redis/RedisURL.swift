import Base

/// Where a Redis server listens and how to log in to it, read from a `REDIS_URL`:
///
/// ```
/// redis://[[user]:password@]host[:port][/database]      (port 6379, database 0 by default)
/// unix://[[user]:password@]/path/to/redis.sock[?db=N]
/// ```
///
/// The password is a ``Secret``: the URL prints without it (``description``), and a malformed
/// URL is refused with a message that never repeats the text.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public let endpoint: Endpoint
    /// The ACL user (Redis 6+); nil logs in as `default` when a password is given.
    public let user: String?
    public let password: Secret?
    public let database: Int

    public init(endpoint: Endpoint, user: String? = nil, password: Secret? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses `text`; `variable` names the setting in errors.
    public init(parsing text: String, variable: String = "REDIS_URL") throws(ConfigurationError) {
        let refused = { (why: String) in ConfigurationError("\(variable) \(why) (redis://[[user]:password@]host[:port][/db] or unix://[[user]:password@]/path/redis.sock[?db=N])") }
        let scheme: Substring, rest: Substring
        if text.hasPrefix("redis://") {
            (scheme, rest) = ("redis", text.dropFirst("redis://".count))
        } else if text.hasPrefix("unix://") {
            (scheme, rest) = ("unix", text.dropFirst("unix://".count))
        } else if text.hasPrefix("rediss://") {
            throw refused("asks for TLS, which hiredis 0.14 (Debian 12) cannot do: reach Redis over a private network or a Unix socket")
        } else {
            throw refused("is not a Redis URL")
        }
        // Credentials end at the last "@": a password may contain "@" percent-encoded or not.
        var location = rest
        var user: String?, password: Secret?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            location = rest[rest.index(after: at)...]
            // redis://secret@host is a password to redis-cli and a user to other clients: refused,
            // so that a password is never taken for a user name and printed.
            guard let colon = credentials.firstIndex(of: ":") else {
                throw refused("has credentials without a colon: write :password@ or user:password@")
            }
            guard let name = Self.percentDecoded(credentials[..<colon]),
                  let secret = Self.percentDecoded(credentials[credentials.index(after: colon)...])
            else { throw refused("has a malformed %-escape in its credentials") }
            user = name.isEmpty ? nil : name
            password = secret.isEmpty ? nil : Secret(secret)
        }
        var database = 0
        let endpoint: Endpoint
        if scheme == "unix" {
            var path = location
            if let query = location.firstIndex(of: "?") {
                path = location[..<query]
                for pair in location[location.index(after: query)...].split(separator: "&") {
                    guard pair.hasPrefix("db="), let number = Int(pair.dropFirst(3)), (0...15).contains(number) else {
                        throw refused("has a query other than ?db=0…15")
                    }
                    database = number
                }
            }
            guard path.hasPrefix("/"), path.count > 1 else { throw refused("needs an absolute socket path") }
            endpoint = .unixSocket(path: String(path))
        } else {
            var hostPort = location
            if let slash = location.firstIndex(of: "/") {
                hostPort = location[..<slash]
                let digits = location[location.index(after: slash)...]
                if !digits.isEmpty {
                    guard let number = Int(digits), (0...15).contains(number) else { throw refused("has a database other than 0…15") }
                    database = number
                }
            }
            var host = hostPort, port = 6379
            if hostPort.hasPrefix("[") {  // [IPv6]:port
                guard let close = hostPort.firstIndex(of: "]") else { throw refused("has an unclosed [IPv6 address]") }
                host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
                let after = hostPort[hostPort.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":"), let number = Int(after.dropFirst()), (1...65_535).contains(number) else {
                        throw refused("has a port that is not 1…65535")
                    }
                    port = number
                }
            } else if let colon = hostPort.lastIndex(of: ":") {
                host = hostPort[..<colon]
                guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(number) else {
                    throw refused("has a port that is not 1…65535")
                }
                port = number
            }
            guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else {
                throw refused("has no usable host")
            }
            endpoint = .tcp(host: String(host), port: port)
        }
        self.init(endpoint: endpoint, user: user, password: password, database: database)
    }

    /// The URL without its password, for logs and health.
    public var description: String {
        let login = user.map { "\($0)@" } ?? ""
        switch endpoint {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "redis://\(login)\(shown):\(port)/\(database)"
        case .unixSocket(let path):
            return "unix://\(login)\(path)?db=\(database)"
        }
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Hex.value(of:)), let low = iterator.next().flatMap(Hex.value(of:))
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
