import Base
import SharedCache

/// Contact answers through the shared cache file: a fresh answer is a copy of stored JSON; a
/// miss is one HubSpot call for the whole stack (single-flight across processes), stored with
/// its TTL; when HubSpot fails, an expired answer still within the stale window is served and
/// says so. HubSpot errors are never stored.
///
/// ```swift
/// let answer = try cache.answer(for: .phone(number.e164), ttl: settings.foundTTL, …) {
///     let contact = try directory.lookup(number)
///     return (rendered(contact), found: contact != nil)
/// }
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

    public struct Answer: Sendable {
        /// The stored JSON answer, exactly as rendered when HubSpot was asked.
        public let json: [UInt8]
        public let found: Bool
        public let source: Source
        public let ageSeconds: Double
    }

    /// Stores a lookup answer HubSpot just gave (never an error) under the number, with the found
    /// or not-found TTL: what a single lookup would have stored, so it answers the next one.
    public func store(_ answer: LookupAnswer, forPhone e164: String) {
        file.store(.phone(e164), value: answer.json, kind: answer.found ? .found : .notFound,
                   ttl: answer.found ? settings.foundTTL : settings.notFoundTTL, staleTTL: settings.staleTTL)
    }

    /// The answer for `key`; `produce` asks HubSpot and renders (JSON, found?) — it runs at most
    /// once for the whole stack at a time, within `budget` seconds of waiting for another filler.
    public func answer(for key: CacheKey, ttl: Double, notFoundTTL: Double, budget: Double,
                       produce: () throws(HubSpotError) -> (json: [UInt8], found: Bool)) throws(HubSpotError) -> Answer {
        guard key.bytes.count <= settings.layout.keyCapacity else {
            // Too long to be a cache key (a very long search): ask HubSpot directly.
            let (json, found) = try produce()
            return Answer(json: json, found: found, source: .miss, ageSeconds: 0)
        }
        if case .fresh(let entry) = file.lookup(key) { return served(entry, .hit) }
        var failure: HubSpotError? = nil
        let outcome = file.fill(key: key, waitTimeout: budget, leaseDuration: budget * 2 + 1) { () -> FillResult in
            do throws(HubSpotError) {
                let (json, found) = try produce()
                return found ? .found(json, ttl: ttl, staleTTL: settings.staleTTL)
                             : .notFound(json, ttl: notFoundTTL, staleTTL: settings.staleTTL)
            } catch {
                failure = error
                file.increment(.upstreamError(error.kind))
                return .failed(error.kind.fillFailureCode)
            }
        }
        switch outcome {
        case .fresh(let entry, let source):
            return served(entry, source == .coalesced ? .coalesced : source == .cached ? .hit : .miss)
        case .failed(_, let stale?):
            file.increment(.staleServed)
            return served(stale, .stale)
        case .failed(let reason, nil):
            if let failure { throw failure }
            switch reason {
            case .waitTimedOut: throw .timeout(seconds: budget)
            case .busy:
                throw HubSpotError(kind: .rateLimited,
                                   message: "the stack is busy asking HubSpot for other numbers; retry shortly",
                                   retryAfter: 1, status: nil)
            case .upstream(let code): throw HubSpotError.fromSharedFailure(code)
            }
        }
    }

    private func served(_ entry: CachedEntry, _ source: Source) -> Answer {
        if entry.kind == .notFound { file.increment(.notFoundAnswers) }
        return Answer(json: entry.value, found: entry.kind == .found, source: source,
                      ageSeconds: entry.age(now: Timestamp.now().milliseconds))
    }
}

extension ContactCache.Answer {
    /// The answer with `"cache":"hit|miss|coalesced|stale"` added.
    public var jsonWithSource: [UInt8] { json(adding: [("cache", source.rawValue)]) }

    /// The answer with string members added, without re-encoding: the stored JSON is an object,
    /// so its closing brace is replaced. Names and values are the code's own fixed tokens,
    /// which need no escaping.
    public func json(adding members: [(name: String, value: String)]) -> [UInt8] {
        guard json.last == UInt8(ascii: "}"), !members.isEmpty else { return json }
        var bytes = json
        bytes.removeLast()
        for member in members { bytes.append(contentsOf: ",\"\(member.name)\":\"\(member.value)\"".utf8) }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
