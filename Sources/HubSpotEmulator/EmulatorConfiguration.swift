import Glibc
import PhoneNumbers

/// Time as the emulator sees it; tests substitute a manual clock to step through rate-limit
/// windows and index lag without sleeping.
public struct EmulatorClock: Sendable {
    /// Wall-clock epoch milliseconds (timestamps of created records, index lag).
    public var now: @Sendable () -> Int64
    /// Monotonic nanoseconds (rate-limit windows, request durations).
    public var monotonicNanoseconds: @Sendable () -> UInt64
    /// Blocks for injected latency.
    public var sleep: @Sendable (_ milliseconds: Int) -> Void

    public init(now: @escaping @Sendable () -> Int64, monotonicNanoseconds: @escaping @Sendable () -> UInt64,
                sleep: @escaping @Sendable (_ milliseconds: Int) -> Void) {
        self.now = now
        self.monotonicNanoseconds = monotonicNanoseconds
        self.sleep = sleep
    }

    public static let system = EmulatorClock(
        now: {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        },
        monotonicNanoseconds: {
            var spec = timespec()
            clock_gettime(CLOCK_MONOTONIC, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        },
        sleep: { milliseconds in
            var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
        })
}

/// One handled request, for the executable's access log (never carries headers or tokens).
public struct RequestRecord: Sendable {
    public var method: String
    public var path: String
    /// The emulated operation, nil for control and unknown paths.
    public var endpoint: Endpoint?
    /// The status answered; nil when the connection was dropped or stalled.
    public var status: Int?
    /// `answered`, `dropped` (mode down) or `stalled` (mode timeout).
    public var outcome: String
    public var milliseconds: Double
    /// The token's label (`full`, `read-only`, `no-scopes`), nil when unauthenticated.
    public var tokenLabel: String?
}

/// How the emulated account behaves.
///
/// ```swift
/// var configuration = EmulatorConfiguration()
/// configuration.searchRatePerSecond = 0      // unlimited
/// let emulator = HubSpotEmulator(configuration: configuration, seed: seed)
/// ```
public struct EmulatorConfiguration: Sendable {
    public var tokens: [AccessToken] = AccessToken.defaults()
    /// Searches admitted per token in any one-second window; 0 is unlimited. HubSpot: 5.
    public var searchRatePerSecond = 5
    /// The account's default country, used to compute the searchable phone numbers.
    public var defaultRegion: PhoneRegion = .us
    /// Latency, limits and quirks at start-up (and after reset); `fast` unless set.
    public var behaviour = AccountBehaviour()
    public var clock: EmulatorClock = .system
    /// Called after every request (access logging).
    public var onRequest: (@Sendable (RequestRecord) -> Void)?

    public init() {}

    /// How records get their calculated phone properties.
    var calculatedPhones: CalculatedPhones {
        CalculatedPhones(accountRegion: defaultRegion, source: behaviour.phoneRegion)
    }
}
