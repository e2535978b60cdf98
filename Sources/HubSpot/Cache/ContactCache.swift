import Base
import Glibc
import Redis
import SharedCache

/// Contact answers through the shared cache file: a fresh answer is a stored typed record
/// (``CacheRecord``); a miss is one HubSpot call for the whole stack (single-flight across
/// processes), stored with its TTL; when HubSpot fails, an expired answer still within the stale
/// window is served and says so. HubSpot errors are never stored.
///
/// ```swift
/// let answer = try cache.answer(for: .phone(number.e164), ttl: settings.foundTTL, …) {
///     LookupAnswer(try directory.lookup(number))
/// }
/// render(answer.record, answer.source)
/// ```
///
/// In a cluster (`REDIS_URL`) the file is the first level of two: a miss asks the cluster's
/// second level (``SharedAnswers``) before HubSpot, one host asks HubSpot per key at a time, and
/// every change (``store(_:forPhone:)``, ``forget(numbers:contacts:keeping:)``, ``clear()``)
/// reaches every host's file.
public final class ContactCache: Sendable {
    public let settings: CacheSettings
    public let file: SharedCache
    /// The cluster's second level; nil on a single host.
    let shared: SharedAnswers?
    /// Applies the other hosts' changes to the file, when this process is the host's follower.
    let follower = ReadMostly<ClusterChangeFollower?>(nil)

    /// The cache at `settings.path`, or an error when it cannot be opened now.
    public init(settings: CacheSettings) throws(ConfigurationError) {
        self.settings = settings
        shared = nil
        do {
            file = try SharedCache(path: settings.path, options: Self.options(settings))
        } catch {
            throw ConfigurationError("cannot open CONTACTS_CACHE_FILE \(settings.path): \(error)")
        }
    }

    /// The cache at `settings.path`, which never fails: when the file cannot be opened (full
    /// disk, missing directory, permissions) answers come straight from HubSpot, still under the
    /// stack-wide rate limit, and the file is opened as soon as it can be (logged once each way:
    /// `cache_unavailable`, `cache_file_reopened`). What a responder's workers use, so a cache
    /// problem never stops a responder.
    ///
    /// With a `cluster`, this process also follows the other hosts' changes when it is the host's
    /// follower (``ClusterChangeFollower``).
    public init(openingWhenPossible settings: CacheSettings, cluster: Cluster? = nil) {
        self.settings = settings
        file = SharedCache(openingWhenPossible: settings.path, options: Self.options(settings))
        shared = cluster.map {
            SharedAnswers(redis: $0.redis, prefix: $0.settings.keyPrefix, origin: Self.hostIdentity(cachePath: settings.path))
        }
        if let cluster, let shared, let url = cluster.settings.redis {
            let follower = ClusterChangeFollower(cache: self, shared: shared, url: url)
            self.follower.replace(with: follower)
            follower.start()
        }
    }

    /// This host's name in the cluster: random, made once and kept beside the cache file
    /// (`<file>.cluster-id`), so cloned machines with one hostname never take each other's
    /// changes for their own. Without a writable directory, the hostname and the file's path.
    static func hostIdentity(cachePath: String) -> String {
        let path = cachePath + ".cluster-id"
        if let known = readIdentity(path) { return known }
        let made = SharedAnswers.token()
        // Written aside and linked into place: no process ever reads half of it.
        let aside = path + ".\(getpid())"
        let fd = open(aside, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd >= 0 {
            let written = made.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
            close(fd)
            let linked = written == made.utf8.count && link(aside, path) == 0
            unlink(aside)
            if linked { return made }
        }
        // Another process made it first (EEXIST), or the directory is not ours.
        if let known = readIdentity(path) { return known }
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return host + ":" + cachePath
    }

    private static func readIdentity(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    private static func options(_ settings: CacheSettings) -> SharedCache.Options {
        var options = SharedCache.Options(layout: settings.layout, callerCounters: CallerCounter.hubSpot)
        options.log = { event in Log.warning(event.name, ["path": settings.path, "detail": event.detail]) }
        return options
    }

    /// Where an answer came from, as the `cache` member of responses says it.
    public enum Source: String, Sendable {
        case hit, miss, coalesced, stale
        /// In a cluster: another host's HubSpot answer, from the cluster's second level.
        case shared
    }

    /// A record and where it came from.
    public struct Answer<Record: CacheRecord>: Sendable {
        public let record: Record
        public let source: Source
        public let ageSeconds: Double

        public init(record: Record, source: Source, ageSeconds: Double) {
            self.record = record
            self.source = source
            self.ageSeconds = ageSeconds
        }

        public var found: Bool { record.found }
    }

    /// Stores a lookup answer HubSpot just gave (never an error) under the number, with the found
    /// or not-found TTL: what a single lookup would have stored, so it answers the next one.
    /// In a cluster every host's next lookup of the number gets it too.
    public func store(_ answer: LookupAnswer, forPhone e164: String) {
        let ttl = answer.found ? settings.foundTTL : settings.notFoundTTL
        store(answer, key: .phone(e164), ttl: ttl)
        if let contact = answer.contact { index(e164, forContact: contact.id) }
        shared?.replace(.phone(e164), kind: answer.found ? .found : .notFound, bytes: answer.cacheBytes, ttl: ttl)
    }

    /// Drops the answers of `numbers`, and of every number the index says named one of
    /// `contacts`, except `keeping`'s, on every host: what HubSpot's change of those contacts
    /// means for the cache.
    public func forget(numbers: Set<String>, contacts: [String], keeping: Set<String> = []) {
        let known = forgetLocally(numbers: numbers, contacts: contacts, keeping: keeping)
        shared?.forget(numbers: known.subtracting(keeping).sorted(), contacts: contacts, keeping: keeping)
    }

    /// ``forget(numbers:contacts:keeping:)`` in this host's file alone; the numbers it knew of.
    @discardableResult
    func forgetLocally(numbers: Set<String>, contacts: [String], keeping: Set<String>) -> Set<String> {
        var all = numbers
        for contact in contacts {
            all.formUnion(indexedNumbers(ofContact: contact))
            file.remove(.contactNumbers(contact))
        }
        for number in all.subtracting(keeping) { file.remove(.phone(number)) }
        return all
    }

    /// Drops every answer on every host (a new generation); how many this host's file held.
    @discardableResult
    public func clear() -> Int {
        let dropped = file.clear()
        if let shared, !shared.clear() {
            Log.warning("cache_clear_not_shared", ["detail": "Redis is unreachable: only this host's cache was cleared"])
        }
        return dropped
    }

    private func store<Record: CacheRecord>(_ record: Record, key: CacheKey, ttl: Double) {
        file.store(key, value: record.cacheBytes, kind: record.found ? .found : .notFound, ttl: ttl,
                   staleTTL: settings.staleTTL)
    }

    /// The answer for `key`; `produce` asks HubSpot — it runs at most once for the whole stack at
    /// a time, within `budget` of waiting for another filler. A stored value that is not
    /// a `Record` (another version's) counts as a miss and is replaced.
    public func answer<Record: CacheRecord>(for key: CacheKey, ttl: Double, notFoundTTL: Double, budget: Duration,
                                            produce: () throws(HubSpotError) -> Record) throws(HubSpotError) -> Answer<Record> {
        guard key.bytes.count <= settings.layout.keyCapacity else {
            // Too long to be a cache key (a very long search): ask HubSpot directly.
            return Answer(record: try produce(), source: .miss, ageSeconds: 0)
        }
        if case .fresh(let entry) = file.lookup(key) {
            if let served = served(entry, Record.self, .hit) { return served }
            let record = try produce()
            store(record, key: key, ttl: record.found ? ttl : notFoundTTL)
            return Answer(record: record, source: .miss, ageSeconds: 0)
        }
        var failure: HubSpotError? = nil
        var produced: (record: Record, source: Source)? = nil
        let outcome = file.fill(key: key, waitTimeout: budget.inSeconds, leaseDuration: budget.inSeconds * 2 + 1) { () -> FillResult in
            do throws(HubSpotError) {
                let (record, source, life) = try produceOnce(key, ttl: ttl, notFoundTTL: notFoundTTL, budget: budget,
                                                             produce: produce)
                produced = (record, source)
                return record.found ? .found(record.cacheBytes, ttl: life, staleTTL: settings.staleTTL)
                                    : .notFound(record.cacheBytes, ttl: life, staleTTL: settings.staleTTL)
            } catch {
                failure = error
                file.increment(.upstreamError(error.kind))
                return .failed(error.kind.fillFailureCode)
            }
        }
        switch outcome {
        case .fresh(let entry, let source):
            if let produced { return Answer(record: produced.record, source: produced.source, ageSeconds: 0) }
            if let served = served(entry, Record.self, source == .coalesced ? .coalesced : .hit) { return served }
            return Answer(record: try produce(), source: .miss, ageSeconds: 0)
        case .failed(let reason, let stale):
            if let stale, let served = served(stale, Record.self, .stale) {
                file.increment(.staleServed)
                return served
            }
            if let failure { throw failure }
            switch reason {
            case .waitTimedOut: throw .timeout(after: budget)
            case .busy:
                throw HubSpotError(kind: .rateLimited,
                                   message: "the stack is busy asking HubSpot for other numbers; retry shortly",
                                   retryAfter: 1, status: nil)
            case .upstream(let code): throw HubSpotError.fromSharedFailure(code)
            }
        }
    }

    /// `produce` on a single host. In a cluster: another host's answer when the second level has
    /// it; else HubSpot's, asked by one host at a time (the others wait for its answer within
    /// `budget`) and stored for all. With it, how long the answer stays fresh.
    private func produceOnce<Record: CacheRecord>(_ key: CacheKey, ttl: Double, notFoundTTL: Double, budget: Duration,
                                                  produce: () throws(HubSpotError) -> Record)
        throws(HubSpotError) -> (Record, Source, Double)
    {
        let started = MonotonicTime.now()
        var waited = false
        var supersessions = 0
        while let shared {
            let claim: SharedAnswers.Claim
            do throws(RedisError) {
                claim = try shared.claim(key, leaseSeconds: budget.inSeconds * 2 + 1)
            } catch {
                break  // Redis is unreachable: this host asks HubSpot alone
            }
            switch claim {
            case .answered(let kind, let bytes, let remaining):
                if let record = Record(cacheBytes: bytes), record.found == (kind == .found) {
                    return (record, waited ? .coalesced : .shared, remaining)
                }
                // Another version's record: asked again, as for the file.
                let record = try produce()
                return (record, .miss, record.found ? ttl : notFoundTTL)
            case .mine(let generation, let token):
                let record: Record
                do throws(HubSpotError) {
                    record = try produce()
                } catch {
                    shared.release(key, token: token)
                    throw error
                }
                let life = record.found ? ttl : notFoundTTL
                switch shared.answered(key, kind: record.found ? .found : .notFound, bytes: record.cacheBytes, ttl: life,
                                       generation: generation, token: token) {
                case .stored:
                    return (record, .miss, life)
                case .superseded:
                    // Replaced while HubSpot was asked (a create's answer may be newer than its
                    // search index): take the cluster's answer, else ask again — once.
                    supersessions += 1
                    if supersessions > 1 { return (record, .miss, life) }
                    continue
                }
            case .theirs:
                guard MonotonicTime.now().seconds(since: started) < budget.inSeconds else { throw .timeout(after: budget) }
                waited = true
                sleepSeconds(0.02)
            }
        }
        let record = try produce()
        return (record, .miss, record.found ? ttl : notFoundTTL)
    }

    private func served<Record: CacheRecord>(_ entry: CachedEntry, _ type: Record.Type,
                                             _ source: Source) -> Answer<Record>? {
        guard let record = Record(cacheBytes: entry.value), record.found == (entry.kind == .found) else { return nil }
        if entry.kind == .notFound { file.increment(.notFoundAnswers) }
        return Answer(record: record, source: source, ageSeconds: entry.age(now: Timestamp.now().milliseconds))
    }
}
