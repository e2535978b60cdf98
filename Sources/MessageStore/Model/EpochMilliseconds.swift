import Glibc

/// An instant as milliseconds since 1970-01-01T00:00:00Z, the unit every time in the store
/// uses (OpenPhone's `createdAt` carries milliseconds).
///
/// ```swift
/// let due = EpochMilliseconds.now() + .hours(24)
/// ```
public struct EpochMilliseconds: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// ``init(rawValue:)`` without the label.
    public init(_ milliseconds: Int64) { rawValue = milliseconds }

    /// Seconds since the epoch, as in a Unix timestamp.
    public init(seconds: Int64) { rawValue = seconds * 1000 }

    /// The wall clock now (`clock_gettime(CLOCK_REALTIME)`).
    public static func now() -> EpochMilliseconds {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return EpochMilliseconds(Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    public var description: String { "\(rawValue)ms" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The instant `interval` later.
    public static func + (lhs: Self, rhs: Interval) -> Self { Self(lhs.rawValue + rhs.milliseconds) }

    /// The instant `interval` earlier.
    public static func - (lhs: Self, rhs: Interval) -> Self { Self(lhs.rawValue - rhs.milliseconds) }

    /// A span of time in milliseconds, for back-offs.
    public struct Interval: Sendable, Hashable {
        public let milliseconds: Int64

        public init(milliseconds: Int64) { self.milliseconds = milliseconds }

        public static func seconds(_ count: Int64) -> Interval { Interval(milliseconds: count * 1000) }
        public static func minutes(_ count: Int64) -> Interval { .seconds(count * 60) }
        public static func hours(_ count: Int64) -> Interval { .minutes(count * 60) }
    }
}
