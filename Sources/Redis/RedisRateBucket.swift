/// A token bucket every host of a cluster takes from: the GCRA schedule of ``SharedCache``'s
/// stack-wide buckets, kept in one Redis key and updated by a Lua script, so the hosts together
/// stay under an account's limit (HubSpot's 5 searches a second are per account, not per host).
/// Redis's clock decides, not the hosts', so their clocks need not agree.
///
/// ```swift
/// let searches = RedisRateBucket(client: redis, name: "hubspot-search", keyPrefix: "hubspot-fcgi:")
/// switch try searches.take(rate: 4, burst: 1, maxWait: 0.5) { … }
/// ```
///
/// Beside the schedule, a hold-off: "no request before", set when the upstream answered 429,
/// which the take honours for every host.
public struct RedisRateBucket: Sendable {
    public let client: RedisClient
    /// The key of the GCRA schedule: µs since the epoch (Redis's clock) of the next free token.
    public let scheduleKey: String
    /// The key of the hold-off's end, µs since the epoch.
    public let holdOffKey: String

    /// - Parameter holdOffName: whose hold-off the take honours and ``holdOff(for:)`` sets, when
    ///   the bucket is a share of another's limit (a 429 ends the whole limit's requests).
    public init(client: RedisClient, name: String, holdOffName: String? = nil, keyPrefix: String) {
        self.client = client
        scheduleKey = keyPrefix + "rate:" + name
        holdOffKey = keyPrefix + "hold-off:" + (holdOffName ?? name)
    }

    /// What the bucket decided about one request.
    public enum Admission: Sendable, Equatable {
        /// A token is reserved; the caller sends once it has waited this long.
        case granted(wait: Duration)
        /// No token within the caller's wait: the next one is this far off.
        case refused(nextIn: Duration)
        /// The upstream's 429 holds for this long yet: nothing is sent, from any host.
        case heldOff(remaining: Duration)
    }

    /// Reserves a token (`rate` per second, up to `burst` back to back) due within `maxWait`.
    public func take(rate: Double, burst: Double, maxWait: Double) throws(RedisError) -> Admission {
        let interval = max(1, Int64((1_000_000 / rate).rounded()))
        let tolerance = Int64(max(0, burst - 1) * Double(interval))
        let reply = try client.run(Self.takeScript, keys: [scheduleKey, holdOffKey],
                                   arguments: [String(interval), String(tolerance), String(Int64(max(0, maxWait) * 1_000_000))])
        guard case .array(let fields) = reply, fields.count == 2, let verdict = fields[0].integer,
              let microseconds = fields[1].integer
        else { throw RedisError(.unexpectedReply, "the rate script answered \(reply)") }
        let duration = Duration.microseconds(microseconds)
        switch verdict {
        case 0: return .granted(wait: duration)
        case 1: return .refused(nextIn: duration)
        default: return .heldOff(remaining: duration)
        }
    }

    /// No request for `seconds`, from any host; only ever lengthens a hold-off.
    public func holdOff(for seconds: Double) throws(RedisError) {
        _ = try client.run(Self.holdOffScript, keys: [holdOffKey],
                           arguments: [String(Int64(min(max(0, seconds), 86_400) * 1_000_000))])
    }

    /// What is left of the hold-off; zero when there is none.
    public func holdOffRemaining() throws(RedisError) -> Duration {
        let reply = try client.run(Self.remainingScript, keys: [holdOffKey], arguments: [])
        guard let microseconds = reply.integer else { throw RedisError(.unexpectedReply, "the hold-off script answered \(reply)") }
        return .microseconds(max(0, microseconds))
    }

    // A schedule more than a minute past anything granted means a clock went back or the value
    // is garbage: start over from now rather than block the cluster (as the shared-memory bucket).
    static let takeScript = RedisScript("""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local held = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
        if held > now then return {2, held - now} end
        local interval, tolerance, maxwait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local scheduled = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
        if scheduled > now + tolerance + interval + 60000000 then scheduled = now end
        local start = math.max(scheduled, now)
        local wait = start - tolerance - now
        if wait > maxwait then return {1, wait} end
        redis.call('SET', KEYS[1], string.format('%d', start + interval), 'PX', math.floor((start + interval - now) / 1000) + 60000)
        return {0, math.max(wait, 0)}
        """)

    static let holdOffScript = RedisScript("""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local ending = now + tonumber(ARGV[1])
        local held = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
        if ending > held then
            redis.call('SET', KEYS[1], string.format('%d', ending), 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 1000)
        end
        return 0
        """)

    static let remainingScript = RedisScript("""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local held = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
        return math.max(0, held - now)
        """)
}
