import Glibc
import Synchronization
import Testing
import Redis
import TestSupport

@Suite("An account-wide token bucket in Redis")
struct RedisRateBucketTests {
    /// Two hosts: two clients of their own, one bucket.
    static func hosts(_ server: RedisServer) throws -> (RedisRateBucket, RedisRateBucket) {
        let url = try RedisURL(parsing: server.url)
        let first = RedisRateBucket(client: RedisClient(url: url, timeout: .seconds(1)), name: "search", keyPrefix: "test:")
        let second = RedisRateBucket(client: RedisClient(url: url, timeout: .seconds(1)), name: "search", keyPrefix: "test:")
        return (first, second)
    }

    @Test func twoHostsTakingAtOnceGetNoMoreThanTheRateTogether() throws {
        let server = RedisServer()
        let (first, second) = try Self.hosts(server)
        // 20 a second for 1.5 s, burst 1: whoever asks, at most one token per 50 ms.
        let granted = Mutex<[Double]>([])
        let started = monotonicSeconds()
        onThreads(8) { thread in
            let bucket = thread % 2 == 0 ? first : second
            while monotonicSeconds() - started < 1.5 {
                if case .granted(let wait) = try? bucket.take(rate: 20, burst: 1, maxWait: 0.2) {
                    usleep(UInt32(wait.components.attoseconds / 1_000_000_000_000) + UInt32(wait.components.seconds) * 1_000_000)
                    granted.withLock { $0.append(monotonicSeconds() - started) }
                }
            }
        }
        let times = granted.withLock { $0 }.sorted()
        // At most one per 50 ms (plus the first at once), and the hosts together used the rate.
        #expect(times.count <= Int(1.7 / 0.05) + 1)
        #expect(times.count >= 25)
        // Five tokens are 250 ms apart on Redis's clock; the threads note them a little late,
        // each by its own scheduling delay.
        for (earlier, later) in zip(times, times.dropFirst(5)) { #expect(later - earlier > 0.15) }
    }

    @Test func aRequestThatWouldWaitTooLongIsRefusedAndReservesNothing() throws {
        let server = RedisServer()
        let (first, second) = try Self.hosts(server)
        #expect(try first.take(rate: 1, burst: 1, maxWait: 0) == .granted(wait: .zero))
        guard case .refused(let next) = try second.take(rate: 1, burst: 1, maxWait: 0.1) else {
            Issue.record("a second token within a second at 1/s must be refused")
            return
        }
        #expect(next > .milliseconds(800) && next <= .seconds(1))
        // The refusal took nothing: the next wait is no longer than before.
        guard case .refused(let again) = try second.take(rate: 1, burst: 1, maxWait: 0.1) else {
            Issue.record("still within the second: refused again")
            return
        }
        #expect(again <= next)
    }

    @Test func aBurstGoesOutBackToBackThenTheRateHolds() throws {
        let server = RedisServer()
        let (first, _) = try Self.hosts(server)
        for _ in 0..<3 { #expect(try first.take(rate: 2, burst: 3, maxWait: 0) == .granted(wait: .zero)) }
        guard case .refused = try first.take(rate: 2, burst: 3, maxWait: 0) else {
            Issue.record("the fourth at once exceeds a burst of 3")
            return
        }
    }

    @Test func aHoldOffSetByOneHostStopsTheOtherAndOnlyEverLengthens() throws {
        let server = RedisServer()
        let (first, second) = try Self.hosts(server)
        try first.holdOff(for: 2)
        try first.holdOff(for: 0.5)  // shorter: ignored
        guard case .heldOff(let remaining) = try second.take(rate: 100, burst: 10, maxWait: 5) else {
            Issue.record("the other host must be held off")
            return
        }
        #expect(remaining > .milliseconds(1500) && remaining <= .seconds(2))
        #expect(try second.holdOffRemaining() > .milliseconds(1500))
    }

    @Test func aServerThatForgotTheScriptsIsTaughtThemAgain() throws {
        let server = RedisServer()
        let (first, _) = try Self.hosts(server)
        #expect(try first.take(rate: 100, burst: 100, maxWait: 0) == .granted(wait: .zero))
        _ = try first.client.command(["SCRIPT", "FLUSH"])
        #expect(try first.take(rate: 100, burst: 100, maxWait: 0) == .granted(wait: .zero))
        server.stop()
        server.start()  // a restart loses scripts and keys alike
        usleep(1_100_000)  // the client's retry interval after the failure it is about to see
        _ = try? first.take(rate: 100, burst: 100, maxWait: 0)
        usleep(1_100_000)
        #expect(try first.take(rate: 100, burst: 100, maxWait: 0) == .granted(wait: .zero))
    }
}
