import Base
import Synchronization

/// A clock tests move by hand: both times advance together, and sleeps are recorded instead of
/// slept, so a test steps through a rate-limit window or injected latency without waiting.
///
/// ```swift
/// let clock = ManualClock()
/// configuration.clock = clock.clock
/// clock.advance(milliseconds: 1000)   // the next window
/// #expect(clock.slept == [.milliseconds(40)])
/// ```
public final class ManualClock: Sendable {
    private let wallStart: Timestamp
    private let monotonicStart = MonotonicTime.now()
    private let state = Mutex<(moved: Int64, slept: [Duration])>((0, []))

    /// - Parameter wall: the wall-clock time before any ``advance(milliseconds:)``.
    public init(wall: Timestamp = Timestamp(milliseconds: 1_700_000_000_000)) { wallStart = wall }

    /// An ``EmulatorClock`` reading this one.
    public var clock: EmulatorClock {
        EmulatorClock(now: { self.now }, monotonic: { self.monotonic },
                      sleep: { duration in self.state.withLock { $0.slept.append(duration) } })
    }

    /// Moves both times forward (`milliseconds` ≥ 0).
    public func advance(milliseconds: Int64) {
        precondition(milliseconds >= 0, "a clock does not go back")
        state.withLock { $0.moved += milliseconds }
    }

    public var now: Timestamp { Timestamp(milliseconds: wallStart.milliseconds + moved) }

    /// Exact to the nanosecond: whole seconds and the millisecond rest are added apart, since
    /// `ms / 1000` as a Double is not always exact and windows are compared to the nanosecond.
    public var monotonic: MonotonicTime {
        let moved = self.moved
        return monotonicStart.adding(seconds: Double(moved / 1000)).adding(seconds: Double(moved % 1000) / 1000)
    }

    /// Every sleep asked for, in order.
    public var slept: [Duration] { state.withLock { $0.slept } }

    private var moved: Int64 { state.withLock { $0.moved } }
}
