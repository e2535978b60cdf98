import Base

/// Time as an emulator sees it: tests substitute a ``ManualClock`` to step through rate-limit
/// windows and index lag, and to record injected latency instead of sleeping it.
///
/// ```swift
/// var configuration = OpenPhoneEmulatorConfiguration()
/// configuration.clock = .system
/// let started = configuration.clock.monotonic()
/// ```
public struct EmulatorClock: Sendable {
    /// Wall-clock time: timestamps of created records, index lag.
    public var now: @Sendable () -> Timestamp
    /// Monotonic time: rate-limit windows, request durations.
    public var monotonic: @Sendable () -> MonotonicTime
    /// Blocks the calling thread for injected latency.
    public var sleep: @Sendable (Duration) -> Void

    public init(now: @escaping @Sendable () -> Timestamp, monotonic: @escaping @Sendable () -> MonotonicTime,
                sleep: @escaping @Sendable (Duration) -> Void = { sleepSeconds($0.inSeconds) }) {
        self.now = now
        self.monotonic = monotonic
        self.sleep = sleep
    }

    /// The real clocks (`CLOCK_REALTIME`, `CLOCK_MONOTONIC`) and a real sleep.
    public static let system = EmulatorClock(now: { Timestamp.now() }, monotonic: { MonotonicTime.now() })
}
