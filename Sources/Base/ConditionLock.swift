import Glibc

/// A mutex with a condition variable, for threads that wait for a change with a deadline
/// (`pthread_cond_timedwait` on the monotonic clock, so a wall-clock step never stretches a wait).
/// Heap-allocated so the pthread objects never move.
///
/// ```swift
/// let condition = ConditionLock()
/// condition.locked { while !done { guard condition.waitLocked(until: deadline) else { break } } }
/// condition.locked { done = true; condition.broadcastLocked() }
/// ```
public final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the mutex.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// With the mutex held: waits for a broadcast or `deadline`, whichever comes first (or a
    /// spurious wake-up: callers re-check their condition). False once the deadline has passed.
    public func waitLocked(until deadline: MonotonicTime) -> Bool {
        let left = deadline.seconds(since: MonotonicTime.now())
        guard left > 0 else { return false }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanoseconds = Int(now.tv_nsec) + Int(min(left, 86_400) * 1e9)
        var until = timespec(tv_sec: now.tv_sec + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        _ = pthread_cond_timedwait(condition, mutex, &until)
        return true
    }

    /// With the mutex held: wakes every waiter.
    public func broadcastLocked() {
        pthread_cond_broadcast(condition)
    }
}
