import Synchronization

/// A Lua script run on the Redis server, atomically: sent once per server with `SCRIPT LOAD`,
/// then called by its SHA-1 (`EVALSHA`), loaded again when the server forgot it (`NOSCRIPT`
/// after a restart or `SCRIPT FLUSH`).
public final class RedisScript: Sendable {
    public let source: String
    private let sha = Mutex<String?>(nil)

    public init(_ source: String) { self.source = source }

    func run(on connection: RedisConnection, keys: [String], arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        for _ in 0..<2 {
            let known = sha.withLock { $0 }
            let digest: String
            if let known {
                digest = known
            } else {
                let loaded = try connection.command(["SCRIPT", "LOAD", source])
                guard let text = loaded.text else {
                    throw RedisError(.refused, "Redis would not load a script: \(loaded)")
                }
                sha.withLock { $0 = text }
                digest = text
            }
            let reply = try connection.command(bytes: (["EVALSHA", digest, String(keys.count)] + keys).map { Array($0.utf8) } + arguments)
            if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
                sha.withLock { $0 = nil }
                continue
            }
            return reply
        }
        throw RedisError(.refused, "Redis keeps forgetting a script")
    }
}
