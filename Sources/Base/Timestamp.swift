import Glibc

/// A wall-clock instant with millisecond precision, formatted without Foundation.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since the Unix epoch.
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public var seconds: Int64 { milliseconds / 1000 }

    /// ISO-8601 UTC with milliseconds: `2026-11-25T12:00:00.123Z`.
    public var iso8601: String {
        var bytes: [UInt8] = []
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``iso8601``'s 24 ASCII bytes: what a log or audit line writes on every request,
    /// without the small strings the formatting would otherwise make.
    public func appendISO8601(to bytes: inout [UInt8]) {
        var time = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor &*= 10 }
            var rest = max(0, value)
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        let millis = Int32(((milliseconds % 1000) + 1000) % 1000)
        digits(parts.tm_year + 1900, 4); bytes.append(45)   // -
        digits(parts.tm_mon + 1, 2); bytes.append(45)
        digits(parts.tm_mday, 2); bytes.append(84)           // T
        digits(parts.tm_hour, 2); bytes.append(58)           // :
        digits(parts.tm_min, 2); bytes.append(58)
        digits(parts.tm_sec, 2); bytes.append(46)            // .
        digits(millis, 3); bytes.append(90)                  // Z
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }
}

/// A monotonic clock reading, for durations and deadlines that must not jump with the wall clock.
public struct MonotonicTime: Sendable, Comparable {
    public let nanoseconds: UInt64

    public static func now() -> MonotonicTime {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicTime(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    /// Seconds elapsed since `earlier`.
    public func seconds(since earlier: MonotonicTime) -> Double {
        Double(Int64(bitPattern: nanoseconds &- earlier.nanoseconds)) / 1e9
    }

    public func adding(seconds: Double) -> MonotonicTime {
        MonotonicTime(nanoseconds: nanoseconds + UInt64(max(0, seconds) * 1e9))
    }

    public static func < (a: MonotonicTime, b: MonotonicTime) -> Bool { a.nanoseconds < b.nanoseconds }
}
