import Base
import FastCGI
import JSON
import PhoneNumbers
import SharedCache
import Testing
@testable import HubSpot

/// ``NameResolver`` against the emulator and a real cache file: cache first, misses in batches,
/// answers stored exactly as single lookups store them, errors never stored.
@Suite("Name resolver: cache, batches, budget")
struct NameResolverTests {
    func number(_ text: String) throws -> PhoneNumber { try PhoneNumber(parsing: text, defaultRegion: .us) }

    func numbers(_ count: Int, from first: Int = 3000) throws -> [PhoneNumber] {
        try (0..<count).map { try number("+1902555\(first + $0)") }
    }

    func counter(_ cache: ContactCache, _ counter: CacheCounter) -> UInt64 {
        cache.file.stats().counters[counter] ?? 0
    }

    func counter(_ cache: ContactCache, _ counter: CallerCounter) -> UInt64 {
        cache.file.stats().count(counter)
    }

    /// The single lookup's cache read (what `LookupEndpoint` does); `produce` must not run.
    func singleLookupRead(_ cache: ContactCache, _ e164: String) throws -> ContactCache.Answer<LookupAnswer> {
        try cache.answer(for: .phone(e164), ttl: 300, notFoundTTL: 60, budget: .seconds(1)) { () throws(HubSpotError) in
            Issue.record("the single lookup of \(e164) asked HubSpot instead of hitting the cache")
            return LookupAnswer(nil)
        }
    }

    @Test func answersAreStoredAsSingleLookupsStoreThemAndReadBackAsHits() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "(902) 555-0143", first: "Ada", last: "Byron",
                                                              company: "Analytical")])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let found = try number("+19025550143"), absent = try number("+19025550144")

        let names = resolver.resolve([found, absent], budget: .seconds(2), maxRequests: 4)

        #expect(names[found.e164]?.contact?.name == "Ada Byron")
        #expect(names[absent.e164] == .notFound)
        #expect(try emulator.searches == 1)
        // A later single lookup is a hit with the bytes the lookup endpoint itself would store.
        let hit = try singleLookupRead(cache, found.e164)
        #expect(hit.source == .hit && hit.found)
        let single = try ContactDirectory(client: client).lookup(found)
        #expect(hit.record == LookupAnswer(single))
        let miss = try singleLookupRead(cache, absent.e164)
        #expect(miss.source == .hit && !miss.found)
        #expect(miss.record == LookupAnswer(nil))
        #expect(cache.file.peek(.phone(absent.e164)).entry?.kind == .notFound)
    }

    @Test func aValueInAnotherFormatIsAMissThatTheAnswerReplaces() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025553000", first: "Current")])
        let (cache, client) = try emulator.stack()
        let wanted = try number("+19025553000")
        // An answer an earlier version stored as JSON text, still fresh.
        cache.file.store(.phone(wanted.e164), value: Array(#"{"found":true,"contact":{"id":"1"}}"#.utf8),
                         kind: .found, ttl: 600, staleTTL: 600)
        let directory = ContactDirectory(client: client)
        func lookup() throws -> ContactCache.Answer<LookupAnswer> {
            try cache.answer(for: .phone(wanted.e164), ttl: 300, notFoundTTL: 60, budget: .seconds(2)) { () throws(HubSpotError) in
                LookupAnswer(try directory.lookup(wanted))
            }
        }

        let first = try lookup()
        let second = try lookup()

        #expect(first.source == .miss && first.record.contact?.firstName == "Current")
        #expect(second.source == .hit && second.record == first.record)
        #expect(try emulator.searches == 1)
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        #expect(resolver.resolve([wanted], budget: .seconds(2), maxRequests: 1)[wanted.e164]?.contact?.firstName == "Current")
        #expect(try emulator.searches == 1)
    }

    @Test func cachedNumbersAreNotAskedAgain() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025553000", first: "Cached")])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let asked = try numbers(3)
        _ = resolver.resolve(asked, budget: .seconds(2), maxRequests: 4)
        let hitsBefore = counter(cache, .hits)

        let again = resolver.resolve(asked + asked, budget: .seconds(2), maxRequests: 4)

        #expect(try emulator.searches == 1)
        #expect(counter(cache, .hits) - hitsBefore == 3)
        #expect(again.count == 3)
        #expect(again[asked[0].e164]?.contact?.firstName == "Cached")
        #expect(again[asked[1].e164] == .notFound && again[asked[2].e164] == .notFound)
    }

    @Test(arguments: [500, 429])
    func hubSpotErrorsMakeNumbersUnavailableAndAreNeverCached(status: Int) throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025553000")])
        try emulator.fault(["status": .int(Int64(status)), "endpoint": "search", "retryAfter": 1])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let asked = try numbers(30)

        let names = resolver.resolve(asked, budget: .seconds(2), maxRequests: 4)

        let kind: HubSpotError.Kind = status == 429 ? .rateLimited : .unavailable
        for number in asked.prefix(BatchLookup.maxNumbers) {
            guard case .unavailable(let error, stale: nil)? = names[number.e164] else {
                Issue.record("\(number.e164): \(String(describing: names[number.e164]))")
                continue
            }
            #expect(error.kind == kind)
        }
        // The round stops at the first failure: the second batch is not sent.
        #expect(asked.suffix(5).allSatisfy { names[$0.e164] == .notTried(stale: nil) })
        #expect(asked.allSatisfy { cache.file.peek(.phone($0.e164)) == .miss })
        let errorCounter: CallerCounter = status == 429 ? .upstreamErrorRateLimited : .upstreamErrorUnavailable
        #expect(counter(cache, errorCounter) == 1)
    }

    @Test func aStaleNameIsHandedOutOnlyWhenHubSpotFails() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025553000", first: "Renamed")])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let wanted = try number("+19025553000")
        let old = Contact(object: HubSpotObject(id: "1", properties: ["firstname": "Former", "phone": wanted.e164]),
                          region: .us, companyName: nil, portalID: nil)
        func storeExpired() {
            cache.file.store(.phone(wanted.e164), value: LookupAnswer(old).cacheBytes, kind: .found, ttl: 0, staleTTL: 600)
        }
        storeExpired()
        try emulator.fault(["status": 503, "endpoint": "search"])
        let failed = resolver.resolve([wanted], budget: .seconds(2), maxRequests: 1)
        guard case .unavailable(_, let stale)? = failed[wanted.e164] else {
            Issue.record("expected unavailable, got \(String(describing: failed[wanted.e164]))")
            return
        }
        #expect(stale == old)
        #expect(failed[wanted.e164]?.contact?.firstName == "Former")
        #expect(failed[wanted.e164]?.isSettled == false)
        #expect(counter(cache, .staleServed) == 1)

        try emulator.clearFaults()
        let fresh = resolver.resolve([wanted], budget: .seconds(2), maxRequests: 1)
        #expect(fresh[wanted.e164]?.contact?.firstName == "Renamed")
        #expect(fresh[wanted.e164]?.isSettled == true)
    }

    @Test func atMostMaxRequestsSearches() throws {
        let emulator = try EmulatorProcess()
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let asked = try numbers(60)

        let names = resolver.resolve(asked, budget: .seconds(5), maxRequests: 2)

        #expect(try emulator.searches == 2)
        #expect(names.values.filter { $0 == .notFound }.count == 50)
        #expect(asked.suffix(10).allSatisfy { names[$0.e164] == .notTried(stale: nil) })
        #expect(asked.suffix(10).allSatisfy { cache.file.peek(.phone($0.e164)) == .miss })
    }

    @Test func theRateGateWaitStaysWithinTheBudget() throws {
        // One search per second for the stack: the first batch goes at once, the second would
        // wait a second for its token — far beyond the budget — so it is not tried.
        let emulator = try EmulatorProcess()
        let (cache, client) = try emulator.stack(rate: 1, burst: 1)
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let asked = try numbers(60)
        let started = MonotonicTime.now()

        let names = resolver.resolve(asked, budget: .seconds(0.3), maxRequests: 10)

        #expect(MonotonicTime.now().seconds(since: started) < 0.45)
        #expect(try emulator.searches == 1)
        #expect(names.values.filter(\.isSettled).count == BatchLookup.maxNumbers)
        #expect(asked.suffix(35).allSatisfy { names[$0.e164] == .notTried(stale: nil) })
        #expect(counter(cache, .upstreamErrorRateLimited) == 0)
    }

    @Test func aSlowHubSpotIsCutOffAtTheBudget() throws {
        let emulator = try EmulatorProcess()
        try emulator.fault(["latencyMs": 400, "endpoint": "search"])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let started = MonotonicTime.now()

        let names = resolver.resolve(try numbers(3), budget: .seconds(0.15), maxRequests: 2)

        #expect(MonotonicTime.now().seconds(since: started) < 0.3)
        #expect(names.values.allSatisfy { if case .unavailable(let error, _) = $0 { error.kind == .timeout } else { false } })
        #expect(counter(cache, .stores) == 0)
    }

    @Test func unresolvedNumbersGoRoundAgainInASmallerBatch() throws {
        var contacts = (1...201).map { contact($0, phone: "+19025553000", modified: "2026-05-01T00:00:00Z") }
        contacts.append(contact(500, phone: "+19025553001", first: "Oldest", modified: "2020-01-01T00:00:00Z"))
        let emulator = try EmulatorProcess(contacts: contacts)
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let asked = try numbers(3)

        let names = resolver.resolve(asked, budget: .seconds(3), maxRequests: 4)

        #expect(try emulator.searches == 2)
        #expect(names[asked[0].e164]?.contact?.id == "1")
        #expect(names[asked[1].e164]?.contact?.firstName == "Oldest")
        #expect(names[asked[2].e164] == .notFound)
    }

    @Test func aNumberWhosePageIsFullOfOtherCountriesIsNotTriedNotNotFound() throws {
        // 201 UK contacts share the US number's national digits; none is the US number.
        let contacts = (1...201).map { contact($0, phone: "+44 20 7946 0018") }
        let emulator = try EmulatorProcess(contacts: contacts)
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: InOperatorProbe(known: .works)))
        let us = try number("+1 207 946 0018")

        let names = resolver.resolve([us], budget: .seconds(3), maxRequests: 4)

        #expect(names[us.e164] == .notTried(stale: nil))
        #expect(try emulator.searches == 1)
        #expect(cache.file.peek(.phone(us.e164)) == .miss)
    }
}
