import Glibc

/// Seconds on CLOCK_MONOTONIC, for deadlines and elapsed times in tests.
public func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Milliseconds since the epoch (CLOCK_REALTIME): a start time shared with child processes.
public func wallMilliseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}

/// Polls `condition` every few milliseconds until it holds or `timeout` seconds pass; returns
/// whether it held. For waiting on another thread or process instead of sleeping and hoping.
@discardableResult
public func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = monotonicSeconds() + timeout
    while true {
        if condition() { return true }
        if monotonicSeconds() >= deadline { return false }
        usleep(5_000)
    }
}

/// `body`'s result and the seconds it took.
public func measure<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
    let start = monotonicSeconds()
    let result = try body()
    return (result, monotonicSeconds() - start)
}
