import Glibc

/// Which of `count` stripes the calling thread uses: state split this way (one lock per stripe)
/// lets a worker's many threads touch it at once without queueing on one mutex, which on a
/// 2-core machine means sleeping and waking on it.
///
/// ```swift
/// let stripe = stripes[ThreadStripe.current(of: stripes.count)]
/// ```
public enum ThreadStripe {
    /// The stripe of the calling thread, in `0..<count` (`count` > 0); the same thread always gets
    /// the same one.
    @inline(__always)
    public static func current(of count: Int) -> Int {
        // pthread_t is the thread's control block address: mix it (its low bits are all zero) and
        // keep the well-mixed high half.
        Int(truncatingIfNeeded: (UInt64(pthread_self()) &* 0x9E37_79B9_7F4A_7C15) >> 32) % count
    }
}
