import Base
import Glibc
import Redis
import SharedBudget
@testable import SharedCache
import Synchronization
import Testing
import TestSupport

/// Two hosts of a cluster, each with a cache of its own (so each its own shared-memory bucket)
/// and one Redis between them.
final class TwoHosts {
    let redis: RedisServer
    let directories = [TemporaryDirectory(prefix: "budget-a"), TemporaryDirectory(prefix: "budget-b")]
    let caches: [SharedCache]
    let clusters: [Cluster]

    init(redis: RedisServer = RedisServer()) throws {
        self.redis = redis
        let layout = CacheLayout(classes: [.init(slotCount: 1024, slotSize: 512)])
        caches = try directories.map { try SharedCache(path: $0.file("contacts.cache"), options: .init(layout: layout)) }
        let settings = ClusterSettings(redis: try RedisURL(parsing: redis.url), timeout: .milliseconds(200),
                                       keyPrefix: "test:", hosts: 2)
        // Each host its own client, as two machines would have.
        clusters = [Cluster(settings)!, Cluster(settings)!]
    }

    deinit {
        for directory in directories {
            RateSegment.remove(cachePath: directory.file("contacts.cache"))
            directory.remove()
        }
    }

    func budget(_ host: Int, _ bucket: RateBucket = .search, holdOff: RateBucket? = nil, rate: Double, burst: Double = 1) -> SharedBudget {
        SharedBudget(cache: caches[host], bucket: bucket, holdOffBucket: holdOff, rate: rate, burst: burst, cluster: clusters[host])
    }

    /// Tokens each host got while `threads` per host took as fast as they could for `seconds`.
    func grants(rate: Double, seconds: Double, threads: Int = 3) -> [Int] {
        let counts = Mutex([0, 0])
        let budgets = [budget(0, rate: rate), budget(1, rate: rate)]
        let started = monotonicSeconds()
        onThreads(threads * 2) { thread in
            let host = thread % 2
            while monotonicSeconds() - started < seconds {
                if budgets[host].take(maxWait: .milliseconds(100)) == .granted,
                   monotonicSeconds() - started < seconds {
                    counts.withLock { $0[host] += 1 }
                }
            }
        }
        return counts.withLock { $0 }
    }
}

@Suite("A rate budget shared by the hosts of a cluster", .serialized)
struct SharedBudgetTests {
    @Test func twoHostsTogetherStayUnderTheAccountRate() throws {
        let hosts = try TwoHosts()
        let counts = hosts.grants(rate: 10, seconds: 1.5)
        // 10 a second for both together, the first at once: each alone would have had 15.
        #expect(counts.reduce(0, +) <= 17, "\(counts)")
        #expect(counts.reduce(0, +) >= 12, "\(counts)")
        #expect(counts.allSatisfy { $0 >= 3 }, "both hosts are served: \(counts)")
    }

    @Test func withoutRedisEachHostSendsItsShareThenTheClusterBudgetIsBack() throws {
        let hosts = try TwoHosts()
        hosts.redis.stop()
        let counts = hosts.grants(rate: 10, seconds: 1.5)
        // CLUSTER_HOSTS=2: each host 5 a second, never more than the account's 10 together.
        #expect(counts.allSatisfy { $0 <= 9 && $0 >= 5 }, "\(counts)")
        #expect(!hosts.clusters[0].redis.isReachable)
        hosts.redis.start()
        usleep(1_100_000)  // the client's retry interval
        #expect(hosts.budget(0, rate: 10).take(maxWait: .zero) == .granted)
        #expect(hosts.clusters[0].redis.isReachable)
        let schedule = try hosts.clusters[0].redis.command(["GET", "test:rate:hubspot-search"])
        #expect(schedule.integer != nil, "the token came from Redis again")
    }

    @Test func a429ToOneHostHoldsOffTheOtherAtItsNextRequest() throws {
        let hosts = try TwoHosts()
        hosts.budget(0, rate: 10).holdOff(for: 3)
        #expect(hosts.budget(0, rate: 10).holdOffRemaining > 2.5, "the host told knows at once")
        #expect(hosts.budget(1, rate: 10).holdOffRemaining == 0, "the other learns it from Redis when it asks")
        guard case .heldOff(let remaining) = hosts.budget(1, rate: 10).take(maxWait: .seconds(1)) else {
            Issue.record("the other host must be held off")
            return
        }
        #expect(remaining > .milliseconds(2500))
        // Learned once, known to every process of that host without asking Redis again.
        #expect(hosts.budget(1, rate: 10).holdOffRemaining > 2.5)
    }

    @Test func aShareOfALimitIsHeldOffByThatLimitsTooManyRequests() throws {
        let hosts = try TwoHosts()
        hosts.budget(0, .general, rate: 8).holdOff(for: 3)
        let outbox = hosts.budget(1, .hubspotOutbox, holdOff: .general, rate: 1)
        guard case .heldOff = outbox.take(maxWait: .zero) else {
            Issue.record("the outbox's share of the non-search limit must stop on that limit's 429")
            return
        }
        #expect(hosts.budget(1, .search, rate: 4).take(maxWait: .zero) == .granted, "searches are another limit")
    }

    @Test func aSingleHostNeverAsksRedis() throws {
        let directory = TemporaryDirectory(prefix: "budget-alone")
        defer {
            RateSegment.remove(cachePath: directory.file("contacts.cache"))
            directory.remove()
        }
        let cache = try SharedCache(path: directory.file("contacts.cache"),
                                    options: .init(layout: CacheLayout(classes: [.init(slotCount: 1024, slotSize: 512)])))
        let alone = SharedBudget(cache: cache, bucket: .search, rate: 2, burst: 1, cluster: nil)
        #expect(alone.take(maxWait: .zero) == .granted)
        #expect(alone.take(maxWait: .zero) == .refused)
        #expect(alone.take(maxWait: .milliseconds(600)) == .granted)
    }
}
