extension Duration {
    /// The duration in seconds, for arithmetic with rates and for messages.
    ///
    /// ```swift
    /// Duration.milliseconds(1500).inSeconds   // 1.5
    /// ```
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded up so that a positive duration is never 0 (a 0 ms timeout
    /// means "none" to libcurl and "do not wait" to most waits).
    public var wholeMillisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return attoseconds % 1_000_000_000_000_000 > 0 ? milliseconds + 1 : milliseconds
    }
}

extension MonotonicTime {
    /// Time elapsed since `earlier`.
    public func elapsed(since earlier: MonotonicTime) -> Duration {
        .nanoseconds(Int64(bitPattern: nanoseconds &- earlier.nanoseconds))
    }

    /// What is left of `budget` that began at `started` (negative once overrun).
    public static func remaining(of budget: Duration, since started: MonotonicTime) -> Duration {
        budget - now().elapsed(since: started)
    }
}
