import Base
import Glibc
import Redis
import SharedCache

/// The contact cache's second level in a cluster (`REDIS_URL`): what any host got from HubSpot,
/// kept in Redis for every host, and a lease per key so that one host asks HubSpot while the
/// others wait for its answer. Each host's cache file stays the first level; a change made on
/// one host (a clear, an answer dropped or rewritten) goes out on a Redis stream that every host
/// applies to its own file (``ClusterChangeFollower``).
///
/// Keys carry the cluster's cache generation (`…:generation`), so a clear on any host makes every
/// answer stored before it unreachable at once. An answer produced from a read that began before
/// a clear is not stored. While Redis is unreachable a host asks HubSpot alone, as a single host
/// does.
final class SharedAnswers: Sendable {
    let redis: RedisClient
    let prefix: String
    /// Names this host's cache file, so its follower skips the changes it made itself.
    let origin: String

    init(redis: RedisClient, prefix: String, origin: String) {
        self.redis = redis
        self.prefix = prefix
        self.origin = origin
    }

    var generationKey: String { prefix + "generation" }
    var changesKey: String { prefix + "changes" }
    var answersPrefix: String { prefix + "answer:" }
    var leasesPrefix: String { prefix + "lease:" }

    /// What the second level holds for a key, or the right to ask HubSpot for it.
    enum Claim {
        /// Another host's answer: the record's bytes, its kind and how long it stays fresh.
        case answered(kind: EntryKind, bytes: [UInt8], remaining: Double)
        /// Nobody has it: this host holds the lease (released with ``release(_:token:)``).
        case mine(generation: String, token: String)
        /// Another host is asking HubSpot for it right now.
        case theirs
    }

    /// One round trip: the stored answer, else the lease if free.
    func claim(_ key: CacheKey, leaseSeconds: Double) throws(RedisError) -> Claim {
        let token = Self.token()
        let reply = try redis.run(Self.claimScript, keys: [generationKey],
                                  arguments: [answersPrefix, leasesPrefix, Self.hex(key), token,
                                              String(Int64(max(1, leaseSeconds) * 1000))])
        guard case .array(let fields) = reply, fields.count == 3, let generation = fields[0].text else {
            throw RedisError(.unexpectedReply, "the claim script answered \(reply)")
        }
        if case .bulk(let stored) = fields[1] {
            // Bytes of another layout read as an unreadable answer, which the caller replaces.
            let kind = stored.first.flatMap(EntryKind.init(rawValue:)) ?? .notFound
            let remaining = Double(max(1, fields[2].integer ?? 1)) / 1000
            return .answered(kind: kind, bytes: stored.first.flatMap(EntryKind.init(rawValue:)) == nil ? [] : Array(stored.dropFirst()),
                             remaining: remaining)
        }
        return fields[2].integer == 1 ? .mine(generation: generation, token: token) : .theirs
    }

    /// What became of an answer offered with ``answered(_:kind:bytes:ttl:generation:token:)``.
    enum Offer {
        /// Stored for every host (or Redis could not be told: this host keeps it alone).
        case stored
        /// Not stored: the cache was cleared, or the answer was replaced or dropped (a create, a
        /// HubSpot change) while HubSpot was being asked — the one Redis has now is newer.
        case superseded
    }

    /// Stores HubSpot's answer for every host and gives the lease back, unless the cache was
    /// cleared since `generation` or the lease was taken away by a newer answer.
    func answered(_ key: CacheKey, kind: EntryKind, bytes: [UInt8], ttl: Double, generation: String,
                  token: String) -> Offer {
        let reply = try? redis.run(Self.storeScript, keys: [generationKey],
                                   bytes: [Array(answersPrefix.utf8), Array(leasesPrefix.utf8), Array(Self.hex(key).utf8),
                                           [kind.rawValue] + bytes, Array(String(Int64(max(1, ttl * 1000))).utf8),
                                           Array(generation.utf8), Array(token.utf8)])
        return reply?.integer == 0 ? .superseded : .stored
    }

    /// Gives the lease back without an answer (HubSpot failed): the next host to ask tries.
    func release(_ key: CacheKey, token: String) {
        _ = try? redis.run(Self.releaseScript, keys: [generationKey], arguments: [leasesPrefix, Self.hex(key), token])
    }

    /// Stores an answer this host learned outside a lookup (a create, a contact read by id)
    /// for every host, and tells the others to drop their copy.
    func replace(_ key: CacheKey, kind: EntryKind, bytes: [UInt8], ttl: Double) {
        _ = try? redis.run(Self.replaceScript, keys: [generationKey, changesKey],
                           bytes: [Array(answersPrefix.utf8), Array(Self.hex(key).utf8), [kind.rawValue] + bytes,
                                   Array(String(Int64(max(1, ttl * 1000))).utf8), Array(origin.utf8),
                                   Array(leasesPrefix.utf8)])
    }

    /// Drops `numbers`' answers for every host, and tells the others to drop theirs and those
    /// their own index says named `contacts`, except `keeping`'s.
    func forget(numbers: [String], contacts: [String], keeping: Set<String>) {
        let change = ClusterChange.forget(numbers: numbers, contacts: contacts, keeping: keeping.sorted())
        _ = try? redis.run(Self.forgetScript, keys: [generationKey, changesKey],
                           arguments: [answersPrefix, origin, change.kind, change.value, leasesPrefix]
                               + numbers.map { Self.hex(.phone($0)) })
    }

    /// Drops these answers in Redis alone (what a host does for numbers only its index knew).
    func drop(numbers: [String]) {
        guard !numbers.isEmpty else { return }
        _ = try? redis.run(Self.dropScript, keys: [generationKey], arguments: [answersPrefix] + numbers.map { Self.hex(.phone($0)) })
    }

    /// A new generation for every host; false when Redis could not be told or refused (only this
    /// host's file was cleared).
    func clear() -> Bool {
        (try? redis.run(Self.clearScript, keys: [generationKey, changesKey], arguments: [origin]))?.integer != nil
    }

    static func hex(_ key: CacheKey) -> String { Hex.encode(key.bytes) }

    /// A random name, 128 bits: a lease's owner (so a host releases only a lease it still
    /// holds), a host's cluster id.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }

    // Every script reads the generation first: keys of an older one are never touched again.
    // Changes go on a stream capped near 10,000 entries (minutes of changes at any real rate).

    static let claimScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        local key = ARGV[1] .. g .. ':' .. ARGV[3]
        local stored = redis.call('GET', key)
        if stored then return {g, stored, redis.call('PTTL', key)} end
        local leased = redis.call('SET', ARGV[2] .. g .. ':' .. ARGV[3], ARGV[4], 'NX', 'PX', ARGV[5])
        return {g, false, leased and 1 or 0}
        """)

    // 1: stored. 0: superseded — a clear since, or the lease is gone (replace and forget delete
    // it, so an answer older than theirs is never stored over them).
    static let storeScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        local lease = ARGV[2] .. ARGV[6] .. ':' .. ARGV[3]
        if redis.call('GET', lease) ~= ARGV[7] then return 0 end
        redis.call('DEL', lease)
        if g ~= ARGV[6] then return 0 end
        redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[3], ARGV[4], 'PX', ARGV[5])
        return 1
        """)

    static let releaseScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        local lease = ARGV[1] .. g .. ':' .. ARGV[2]
        if redis.call('GET', lease) == ARGV[3] then redis.call('DEL', lease) end
        return 0
        """)

    static let replaceScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
        redis.call('DEL', ARGV[6] .. g .. ':' .. ARGV[2])
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', 'origin', ARGV[5], 'kind', 'key', 'value', ARGV[2])
        return 1
        """)

    static let forgetScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        for index = 6, #ARGV do
            redis.call('DEL', ARGV[1] .. g .. ':' .. ARGV[index])
            redis.call('DEL', ARGV[5] .. g .. ':' .. ARGV[index])
        end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', 'origin', ARGV[2], 'kind', ARGV[3], 'value', ARGV[4])
        return 1
        """)

    static let dropScript = RedisScript("""
        local g = redis.call('GET', KEYS[1]) or '0'
        for index = 2, #ARGV do redis.call('DEL', ARGV[1] .. g .. ':' .. ARGV[index]) end
        return 1
        """)

    static let clearScript = RedisScript("""
        local g = redis.call('INCR', KEYS[1])
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', 'origin', ARGV[1], 'kind', 'clear', 'value', tostring(g))
        return g
        """)
}
