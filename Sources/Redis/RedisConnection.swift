import CHiredis
import Glibc

/// One blocking connection to a Redis server (hiredis `redisContext`), logged in and on its
/// database. Not shareable: ``RedisClient`` lends each to one thread at a time. Once a command
/// failed on the wire the connection is ``isBroken`` and is closed rather than reused, since an
/// answer may still be on its way.
final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>
    private(set) var isBroken = false

    /// `redisConnectWithTimeout` / `redisConnectUnixWithTimeout`, then `AUTH` and `SELECT`;
    /// every command afterwards waits at most `timeout`.
    init(_ url: RedisURL, timeout: Duration) throws(RedisError) {
        let limit = Self.timeval(timeout)
        let made: UnsafeMutablePointer<redisContext>?
        switch url.endpoint {
        case .tcp(let host, let port): made = redisConnectWithTimeout(host, Int32(port), limit)
        case .unixSocket(let path): made = redisConnectUnixWithTimeout(path, limit)
        }
        guard let made else { throw RedisError(.unreachable, "could not allocate a Redis connection") }
        guard made.pointee.err == 0 else {
            let message = Self.errorText(made)
            redisFree(made)
            throw RedisError(.unreachable, "cannot connect to Redis at \(url): \(message)")
        }
        context = made
        guard redisSetTimeout(context, limit) == REDIS_OK else {
            throw RedisError(.unreachable, "cannot set a timeout on the Redis connection")
        }
        if let password = url.password {
            let login = url.user.map { ["AUTH", $0, password.reveal()] } ?? ["AUTH", password.reveal()]
            if case .error(let message) = try command(login) {
                // The server's words ("WRONGPASS invalid username-password pair"), never the password.
                throw RedisError(.loginRefused, "Redis refused the login of \(url): \(message)")
            }
        }
        if url.database != 0, case .error(let message) = try command(["SELECT", String(url.database)]) {
            throw RedisError(.refused, "Redis refused database \(url.database): \(message)")
        }
    }

    deinit { redisFree(context) }

    /// Sends one command (`redisCommandArgv`: binary-safe, no formatting) and reads its answer.
    /// An error *reply* is returned as ``RedisReply/error(_:)``; a failure on the wire throws
    /// ``RedisError/Kind/unreachable`` and breaks the connection.
    func command(_ arguments: [String]) throws(RedisError) -> RedisReply {
        try command(bytes: arguments.map { Array($0.utf8) })
    }

    /// The same with binary arguments (a cached record, a key of any bytes).
    func command(bytes arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        guard !isBroken else { throw RedisError(.unreachable, "the Redis connection is broken") }
        var lengths = arguments.map { $0.count }
        // Exact bytes, NULs included.
        let copies = arguments.map { bytes in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
            bytes.withUnsafeBytes { UnsafeMutableRawPointer(copy).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(copy), byteCount: bytes.count) }
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        let raw = pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeMutableBufferPointer { argvlen in
                redisCommandArgv(context, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
            }
        }
        guard let raw else {
            isBroken = true
            throw RedisError(.unreachable, "Redis did not answer: \(Self.errorText(context))")
        }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let microseconds = max(1000, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        return Glibc.timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { bytes in
            let text = bytes.prefix { $0 != 0 }
            return text.isEmpty ? "error \(context.pointee.err)" : String(decoding: text, as: UTF8.self)
        }
    }
}
