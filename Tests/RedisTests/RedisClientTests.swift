import Base
import Glibc
import Synchronization
import Testing
import Redis
import TestSupport

@Suite("Redis client against a real redis-server")
struct RedisClientTests {
    @Test(arguments: [false, true])
    func commandsGoThereAndBackOverASocketOrTCP(tcp: Bool) throws {
        let server = RedisServer(tcp: tcp)
        let client = RedisClient(url: try RedisURL(parsing: server.url), timeout: .milliseconds(500))
        #expect(try client.command(["SET", "greeting", "hello\u{0}world"]) == .status("OK"))
        #expect(try client.command(["GET", "greeting"]) == .bulk(Array("hello\u{0}world".utf8)))
        #expect(try client.command(["INCRBY", "n", "41"]).integer == 41)
        #expect(try client.command(["GET", "missing"]) == .null)
        if case .error(let message) = try client.command(["NOSUCHCOMMAND"]) {
            #expect(message.contains("unknown command"))
        } else {
            Issue.record("an unknown command must come back as an error reply")
        }
    }

    @Test func aPasswordLogsInAndAWrongOneIsRefusedWithoutSayingIt() throws {
        let server = RedisServer(password: "correct-horse-battery")
        let client = RedisClient(url: try RedisURL(parsing: server.url), timeout: .milliseconds(500))
        #expect(try client.command(["PING"]) == .status("PONG"))
        let wrong = RedisClient(url: try RedisURL(parsing: "unix://:wrong-horse-battery@\(server.socketPath)"),
                                timeout: .milliseconds(500))
        #expect {
            _ = try wrong.command(["PING"])
        } throws: { error in
            let redisError = error as! RedisError
            return redisError.kind == .loginRefused && !redisError.message.contains("horse")
        }
        // Not retried at every command: the process goes on alone, and health says so.
        #expect(!wrong.isReachable)
        let started = monotonicSeconds()
        #expect(throws: RedisError.self) { _ = try wrong.command(["PING"]) }
        #expect(monotonicSeconds() - started < 0.05)
    }

    @Test func aDatabaseOtherThanZeroIsSelected() throws {
        let server = RedisServer()
        let three = RedisClient(url: try RedisURL(parsing: "unix://\(server.socketPath)?db=3"), timeout: .milliseconds(500))
        let zero = RedisClient(url: try RedisURL(parsing: server.url), timeout: .milliseconds(500))
        _ = try three.command(["SET", "where", "three"])
        #expect(try zero.command(["GET", "where"]) == .null)
        #expect(try three.command(["GET", "where"]).text == "three")
    }

    @Test func aServerThatIsDownCostsNothingUntilTheRetryIntervalThenIsUsedAgain() throws {
        let server = RedisServer()
        let client = RedisClient(url: try RedisURL(parsing: server.url), timeout: .milliseconds(200),
                                 retryInterval: .milliseconds(300))
        _ = try client.command(["SET", "k", "1"])
        server.stop()
        #expect {
            _ = try client.command(["GET", "k"])
        } throws: { error in
            (error as? RedisError)?.kind == .unreachable
        }
        #expect(!client.isReachable)
        server.start()
        // Within the interval nothing is tried, even though the server is back: an outage must
        // not add a connect timeout to every request.
        let started = monotonicSeconds()
        #expect(throws: RedisError.self) { _ = try client.command(["PING"]) }
        #expect(monotonicSeconds() - started < 0.05)
        usleep(350_000)
        #expect(try client.command(["PING"]) == .status("PONG"))
        #expect(client.isReachable)
    }

    @Test func anUnreachableAddressFailsWithinTheTimeout() throws {
        let refused = RefusedPort()
        defer { refused.close() }
        let client = RedisClient(url: try RedisURL(parsing: "redis://127.0.0.1:\(refused.port)"), timeout: .milliseconds(200))
        let started = monotonicSeconds()
        #expect(throws: RedisError.self) { _ = try client.command(["PING"]) }
        #expect(monotonicSeconds() - started < 1)
        #expect(!client.isReachable)
    }

    @Test func threadsShareTheClientWithoutMixingAnswers() throws {
        let server = RedisServer()
        let client = RedisClient(url: try RedisURL(parsing: server.url), timeout: .milliseconds(1000))
        let failures = Mutex(0)
        onThreads(8) { thread in
            for round in 0..<200 {
                let key = "t\(thread)-\(round)"
                let stored = try? client.command(["SET", key, key])
                let read = try? client.command(["GET", key])
                if stored != .status("OK") || read?.text != key { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}
