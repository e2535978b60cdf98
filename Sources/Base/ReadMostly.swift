import Glibc

/// A value read by every request and replaced rarely (a connection state, a rendered fragment),
/// behind a `pthread_rwlock`: readers never wait for each other, unlike a `Mutex`, which made 32
/// worker threads queue on every health check.
///
/// ```swift
/// let state = ReadMostly("unknown")
/// state.replace(with: "connected")
/// state.read()  // "connected"
/// ```
public final class ReadMostly<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched while holding `lock` (shared for reads, exclusive for
    // writes).
    private var value: Value
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    public init(_ value: Value) {
        self.value = value
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    public func read() -> Value {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return value
    }

    /// Replaces the value and returns the one it replaced.
    @discardableResult
    public func replace(with newValue: Value) -> Value {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        let old = value
        value = newValue
        return old
    }
}
