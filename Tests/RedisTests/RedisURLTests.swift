import Base
import Testing
import Redis

@Suite("REDIS_URL")
struct RedisURLTests {
    @Test func aHostAloneIsPort6379DatabaseZeroWithoutLogin() throws {
        let url = try RedisURL(parsing: "redis://cache.internal")
        #expect(url == RedisURL(endpoint: .tcp(host: "cache.internal", port: 6379)))
    }

    @Test func portDatabaseUserAndAPercentEncodedPasswordAreRead() throws {
        let url = try RedisURL(parsing: "redis://inbox:p%40ss:w%3Ard@10.0.0.5:6380/3")
        #expect(url.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(url.user == "inbox")
        #expect(url.password?.reveal() == "p@ss:w:rd")
        #expect(url.database == 3)
    }

    @Test func aPasswordWithoutUserLogsInAsDefault() throws {
        let url = try RedisURL(parsing: "redis://:hunter2-long-secret@localhost")
        #expect(url.user == nil)
        #expect(url.password?.reveal() == "hunter2-long-secret")
    }

    @Test func anIPv6AddressIsBracketed() throws {
        let url = try RedisURL(parsing: "redis://[::1]:7000/1")
        #expect(url.endpoint == .tcp(host: "::1", port: 7000))
        #expect(url.description == "redis://[::1]:7000/1")
    }

    @Test func aUnixSocketTakesItsDatabaseFromTheQuery() throws {
        let url = try RedisURL(parsing: "unix://:secret-password@/run/redis/redis.sock?db=2")
        #expect(url.endpoint == .unixSocket(path: "/run/redis/redis.sock"))
        #expect(url.database == 2)
        #expect(url.password?.reveal() == "secret-password")
    }

    @Test func printedItNeverShowsThePassword() throws {
        let url = try RedisURL(parsing: "redis://inbox:very-secret-password@10.0.0.5/0")
        #expect(url.description == "redis://inbox@10.0.0.5:6379/0")
        #expect(!"\(url)".contains("very-secret"))
    }

    @Test(arguments: [
        ("http://10.0.0.5", "is not a Redis URL"),
        ("rediss://:very-secret-password@10.0.0.5", "TLS"),
        ("redis://:very-secret-password@10.0.0.5:0", "port"),
        ("redis://:very-secret-password@10.0.0.5:99999", "port"),
        ("redis://:very-secret-password@10.0.0.5/16", "database"),
        ("redis://:very-secret-password@/0", "host"),
        ("redis://:very%zzsecret-password@10.0.0.5", "%-escape"),
        ("unix://:very-secret-password@relative.sock", "absolute"),
        ("unix:///run/redis.sock?password=very-secret-password", "query"),
        ("redis://very-secret-password@10.0.0.5", "without a colon"),
    ])
    func aMalformedURLIsRefusedWithoutRepeatingIt(text: String, reason: String) {
        #expect {
            _ = try RedisURL(parsing: text)
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("REDIS_URL ") && message.contains(reason) && !message.contains("very")
        }
    }

    @Test func clusterSettingsAreOffWithoutRedisAndCheckedWithIt() throws {
        let alone = try ClusterSettings(environment: Environment([:]))
        #expect(alone.redis == nil && Cluster(alone) == nil)
        let cluster = try ClusterSettings(environment: Environment(["REDIS_URL": "redis://10.0.0.5", "CLUSTER_HOSTS": "3",
                                                                   "REDIS_TIMEOUT_MS": "100"]))
        #expect(cluster.localShare(of: 4.5) == 1.5)
        #expect(cluster.timeout == .milliseconds(100))
        #expect(throws: ConfigurationError.self) { try ClusterSettings(environment: Environment(["CLUSTER_HOSTS": "2.5"])) }
        #expect(throws: ConfigurationError.self) { try ClusterSettings(environment: Environment(["CLUSTER_HOSTS": "0"])) }
        #expect(throws: ConfigurationError.self) { try ClusterSettings(environment: Environment(["REDIS_KEY_PREFIX": "a b"])) }
    }
}
