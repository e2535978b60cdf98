import Base
import Glibc
import Redis
import SharedCache
import Synchronization
import Testing
import TestSupport
@testable import HubSpot

/// A test's record: a label, "" meaning "not found".
struct Label: CacheRecord, Equatable {
    var text: String
    static let recordType: UInt8 = 250
    var found: Bool { !text.isEmpty }
    func write(to writer: inout RecordWriter) { writer.write(text) }
    init(_ text: String) { self.text = text }
    init(reading reader: inout RecordReader) throws(RecordReader.Malformed) { text = try reader.readRequiredString() }
}

/// How often HubSpot was asked.
final class Calls: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Two hosts of a cluster: a cache file each (each its own first level) and one Redis.
/// Immutable after init; the threads of a test only read it.
final class ClusterOfTwo: @unchecked Sendable {
    let redis: RedisServer
    let directories = [TemporaryDirectory(prefix: "cluster-a"), TemporaryDirectory(prefix: "cluster-b")]
    let hosts: [ContactCache]

    init(redis: RedisServer = RedisServer()) throws {
        self.redis = redis
        let cluster = ClusterSettings(redis: try RedisURL(parsing: redis.url), timeout: .milliseconds(300), hosts: 2)
        hosts = try directories.map { directory in
            var settings = try CacheSettings(environment: Environment(["CONTACTS_CACHE_FILE": directory.file("contacts.cache"),
                                                                      "CONTACTS_CACHE_LOOKUP_SLOTS": "1024"]))
            settings.staleTTL = 0
            // Each host a client of its own, as two machines have.
            return ContactCache(openingWhenPossible: settings, cluster: Cluster(cluster))
        }
        waitForFollowers()
    }

    /// Until every host's follower holds its lock and reads the stream.
    func waitForFollowers() {
        let deadline = monotonicSeconds() + 10
        while !hosts.allSatisfy({ $0.follower.read()?.isFollowing.read() == true }), monotonicSeconds() < deadline {
            usleep(10_000)
        }
    }

    /// Whether the cluster's Redis holds an answer for `key` (in the current generation).
    func sharedHas(_ key: CacheKey) -> Bool {
        guard let shared = hosts[0].shared,
              case .array(let fields) = try? shared.redis.run(SharedAnswers.claimScript, keys: [shared.generationKey],
                                                              arguments: [shared.answersPrefix, "unused:", SharedAnswers.hex(key),
                                                                          "probe", "1"])
        else { return false }
        return fields.count == 3 && fields[1] != .null
    }

    deinit {
        for directory in directories { directory.remove() }
    }

    /// `host`'s answer for `key`, counting HubSpot's work in `asked`.
    func answer(_ host: Int, _ key: CacheKey, _ asked: Calls, label: String = "Ada", delay: Double = 0,
                failing: Bool = false) throws(HubSpotError) -> ContactCache.Answer<Label> {
        try hosts[host].answer(for: key, ttl: 300, notFoundTTL: 60, budget: .seconds(2)) { () throws(HubSpotError) in
            asked.add()
            if delay > 0 { sleepSeconds(delay) }
            if failing { throw .unavailable(status: 502) }
            return Label(label)
        }
    }

    /// Waits until `condition` holds (the other host's follower applies changes within a second).
    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = monotonicSeconds() + 5
        while monotonicSeconds() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

@Suite("The contact cache across the hosts of a cluster", .serialized)
struct ClusterCacheTests {
    @Test func anAnswerOneHostGotFromHubSpotServesTheOtherWithoutAskingAgain() throws {
        let cluster = try ClusterOfTwo()
        let asked = Calls()
        let first = try cluster.answer(0, .phone("+19025550101"), asked)
        #expect(first.source == .miss && first.record == Label("Ada"))
        let second = try cluster.answer(1, .phone("+19025550101"), asked, label: "never asked")
        #expect(second.source == .shared && second.record == Label("Ada"))
        #expect(asked.value == 1)
        // Now in the second host's own file too.
        #expect(try cluster.answer(1, .phone("+19025550101"), asked).source == .hit)
    }

    @Test func bothHostsMissingTheSameNumberAtOnceAskHubSpotOnce() throws {
        let cluster = try ClusterOfTwo()
        let asked = Calls()
        let sources = Mutex<[ContactCache.Source]>([])
        onThreads(6) { thread in
            if let answer = try? cluster.answer(thread % 2, .phone("+19025550102"), asked, delay: 0.3) {
                sources.withLock { $0.append(answer.source) }
            }
        }
        #expect(asked.value == 1)
        let seen = sources.withLock { $0 }
        #expect(seen.count == 6 && seen.filter { $0 == .miss }.count == 1, "\(seen)")
    }

    @Test func aHubSpotFailureLetsTheOtherHostAskAtOnceAndIsNeverShared() throws {
        let cluster = try ClusterOfTwo()
        let asked = Calls()
        #expect(throws: HubSpotError.self) { try cluster.answer(0, .phone("+19025550103"), asked, failing: true) }
        let started = monotonicSeconds()
        let answer = try cluster.answer(1, .phone("+19025550103"), asked)
        #expect(answer.source == .miss && monotonicSeconds() - started < 0.5, "the lease was given back")
    }

    @Test func anAnswerStoredOnOneHostReplacesTheOthersCopy() throws {
        let cluster = try ClusterOfTwo()
        let asked = Calls()
        let number = "+19025550104"
        _ = try cluster.answer(1, .phone(number), asked)  // the second host has "not found"… as a label
        #expect(cluster.hosts[1].file.peek(.phone(number)).entry != nil)
        cluster.hosts[0].store(LookupAnswer(nil), forPhone: number)
        #expect(cluster.eventually { cluster.hosts[1].file.peek(.phone(number)).entry == nil },
                "the other host dropped its copy")
        let read = try cluster.hosts[1].answer(for: .phone(number), ttl: 300, notFoundTTL: 60, budget: .seconds(1)) {
            () throws(HubSpotError) -> LookupAnswer in
            Issue.record("the stored answer must come from the cluster, not HubSpot")
            return LookupAnswer(nil)
        }
        #expect(read.source == .shared && read.record == LookupAnswer(nil))
    }

    @Test func aClearOnOneHostEmptiesEveryHostAndTheSharedLevel() throws {
        let cluster = try ClusterOfTwo()
        let asked = Calls()
        _ = try cluster.answer(0, .phone("+19025550105"), asked)
        _ = try cluster.answer(1, .phone("+19025550105"), asked)
        #expect(asked.value == 1)
        cluster.hosts[0].clear()
        #expect(cluster.eventually { cluster.hosts[1].file.peek(.phone("+19025550105")).entry == nil })
        let again = try cluster.answer(1, .phone("+19025550105"), asked, label: "Ada Lovelace")
        #expect(again.source == .miss && again.record == Label("Ada Lovelace"), "the shared copy is gone too")
    }

    @Test func aContactChangeOnOneHostDropsTheNumbersOnlyTheOtherHostKnew() throws {
        let cluster = try ClusterOfTwo()
        // Only the second host looked this number up and indexed it for contact 42.
        cluster.hosts[1].store(LookupAnswer(nil), forPhone: "+19025550106")
        cluster.hosts[1].index("+19025550106", forContact: "42")
        #expect(cluster.sharedHas(.phone("+19025550106")))
        cluster.hosts[0].forget(numbers: [], contacts: ["42"])
        #expect(cluster.eventually { cluster.hosts[1].file.peek(.phone("+19025550106")).entry == nil })
        #expect(cluster.hosts[1].indexedNumbers(ofContact: "42") == [])
        #expect(cluster.eventually { !cluster.sharedHas(.phone("+19025550106")) }, "its shared copy went too")
        let asked = Calls()
        #expect(try cluster.answer(0, .phone("+19025550106"), asked).source == .miss)
    }

    @Test func anAnswerReplacedWhileAnotherHostAskedHubSpotIsNotOverwrittenByTheOlderOne() throws {
        let cluster = try ClusterOfTwo()
        let number = "+19025550108"
        let asked = Calls()
        // The second host asks HubSpot (slowly, as a search that lags a create); meanwhile the
        // first stores the created contact's answer.
        let slow = Mutex<ContactCache.Answer<LookupAnswer>?>(nil)
        onThreads(2) { thread in
            if thread == 0 {
                let answer = try? cluster.hosts[1].answer(for: .phone(number), ttl: 300, notFoundTTL: 60, budget: .seconds(3)) {
                    () throws(HubSpotError) -> LookupAnswer in
                    asked.add()
                    sleepSeconds(0.4)
                    return LookupAnswer(nil)  // HubSpot's search does not know the new contact yet
                }
                slow.withLock { $0 = answer }
            } else {
                sleepSeconds(0.1)
                cluster.hosts[0].store(LookupAnswer(nil), forPhone: number)
            }
        }
        #expect(asked.value == 1)
        #expect(slow.withLock { $0?.source } == .shared, "the slow host took the newer answer, not its own")
    }

    @Test func aFollowerThatTakesOverAppliesWhatWasPublishedMeanwhile() throws {
        let redis = RedisServer()
        let directory = TemporaryDirectory(prefix: "cluster-takeover")
        defer { directory.remove() }
        let url = try RedisURL(parsing: redis.url)
        let settings = ClusterSettings(redis: url, timeout: .milliseconds(300), hosts: 2)
        var cacheSettings = try CacheSettings(environment: Environment(["CONTACTS_CACHE_FILE": directory.file("contacts.cache"),
                                                                       "CONTACTS_CACHE_LOOKUP_SLOTS": "1024"]))
        cacheSettings.staleTTL = 0
        let cluster = try ClusterOfTwo(redis: redis)
        // A third host: its first process follows, stores an answer, then goes away.
        var process: ContactCache? = ContactCache(openingWhenPossible: cacheSettings, cluster: Cluster(settings))
        let deadline = monotonicSeconds() + 10
        while process?.follower.read()?.isFollowing.read() != true, monotonicSeconds() < deadline { usleep(10_000) }
        let asked = Calls()
        _ = try process!.answer(for: CacheKey("k"), ttl: 300, notFoundTTL: 60, budget: .seconds(1)) {
            () throws(HubSpotError) -> Label in asked.add(); return Label("old")
        }
        process = nil
        // While no process of that host follows, another host clears the cache.
        cluster.hosts[0].clear()
        // The host's next process takes over and applies the clear it missed.
        let next = ContactCache(openingWhenPossible: cacheSettings, cluster: Cluster(settings))
        #expect(cluster.eventually { next.file.peek(CacheKey("k")).entry == nil })
    }

    @Test func withRedisDownEachHostAsksHubSpotAloneAndNothingFails() throws {
        let cluster = try ClusterOfTwo()
        cluster.redis.stop()
        let asked = Calls()
        #expect(try cluster.answer(0, .phone("+19025550107"), asked).source == .miss)
        #expect(try cluster.answer(1, .phone("+19025550107"), asked).source == .miss)
        #expect(asked.value == 2)
        #expect(cluster.hosts[0].clear() >= 1)
    }
}
