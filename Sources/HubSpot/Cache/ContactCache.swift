import Base
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
public final class ContactCache: Sendable {
    public let settings: CacheSettings
    public let file: SharedCache

    /// The cache at `settings.path`, or an error when it cannot be opened now.
    public init(settings: CacheSettings) throws(ConfigurationError) {
        self.settings = settings
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
    public init(openingWhenPossible settings: CacheSettings) {
        self.settings = settings
        file = SharedCache(openingWhenPossible: settings.path, options: Self.options(settings))
    }

    private static func options(_ settings: CacheSettings) -> SharedCache.Options {
        var options = SharedCache.Options(layout: settings.layout, callerCounters: CallerCounter.hubSpot)
        options.log = { event in Log.warning(event.name, ["path": settings.path, "detail": event.detail]) }
        return options
    }

    /// Where an answer came from, as the `cache` member of responses says it.
    public enum Source: String, Sendable {
        case hit, miss, coalesced, stale
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
    public func store(_ answer: LookupAnswer, forPhone e164: String) {
        store(answer, key: .phone(e164), ttl: answer.found ? settings.foundTTL : settings.notFoundTTL)
        if let contact = answer.contact { index(e164, forContact: contact.id) }
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
        var produced: Record? = nil
        let outcome = file.fill(key: key, waitTimeout: budget.inSeconds, leaseDuration: budget.inSeconds * 2 + 1) { () -> FillResult in
            do throws(HubSpotError) {
                let record = try produce()
                produced = record
                return record.found ? .found(record.cacheBytes, ttl: ttl, staleTTL: settings.staleTTL)
                                    : .notFound(record.cacheBytes, ttl: notFoundTTL, staleTTL: settings.staleTTL)
            } catch {
                failure = error
                file.increment(.upstreamError(error.kind))
                return .failed(error.kind.fillFailureCode)
            }
        }
        switch outcome {
        case .fresh(let entry, let source):
            if let produced { return Answer(record: produced, source: .miss, ageSeconds: 0) }
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

    private func served<Record: CacheRecord>(_ entry: CachedEntry, _ type: Record.Type,
                                             _ source: Source) -> Answer<Record>? {
        guard let record = Record(cacheBytes: entry.value), record.found == (entry.kind == .found) else { return nil }
        if entry.kind == .notFound { file.increment(.notFoundAnswers) }
        return Answer(record: record, source: source, ageSeconds: entry.age(now: Timestamp.now().milliseconds))
    }
}
