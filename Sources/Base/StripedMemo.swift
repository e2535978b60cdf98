import Synchronization

/// A bounded memo for values that are costly to make and asked for again and again by a worker's
/// many threads. It is split in 16 stripes by thread (``ThreadStripe``), not by key: threads then
/// rarely meet on one lock — with stripes picked by key, every thread asking for the same hot key
/// queued on one mutex, and 64 threads on 2 cores turned that into context switches — at the cost
/// of a hot key being made once per stripe. A stripe forgets everything when it reaches its share
/// of `capacity`: cheap, and a hot key is back after one miss.
///
/// ```swift
/// let memo = StripedMemo<String, [UInt8]>(capacity: 2048)
/// if let known = memo.value(for: key) { return known }
/// let made = make(key)
/// memo.remember(made, for: key)
/// ```
public final class StripedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline
    final class Stripe: Sendable {
        @usableFromInline let entries = Mutex<[Key: Value]>([:])
        @usableFromInline init() {}
    }

    @usableFromInline let stripes: [Stripe]
    @usableFromInline let stripeCapacity: Int

    /// - Parameter capacity: how many values to remember at most, in all stripes together.
    public init(capacity: Int) {
        stripes = (0..<16).map { _ in Stripe() }
        stripeCapacity = max(1, capacity / stripes.count)
    }

    /// What this thread's stripe remembers for `key`.
    @inlinable
    public func value(for key: Key) -> Value? {
        stripes[ThreadStripe.current(of: stripes.count)].entries.withLock { $0[key] }
    }

    /// Remembers `value` for `key` in this thread's stripe, replacing what it held; a full stripe
    /// first forgets everything (unless `key` is already one of its entries).
    @inlinable
    public func remember(_ value: Value, for key: Key) {
        stripes[ThreadStripe.current(of: stripes.count)].entries.withLock { entries in
            if entries.count >= stripeCapacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}
