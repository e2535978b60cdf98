import Glibc

/// A lease word in the mapping: who holds a slot's write lock or a key's fill, and until when.
/// 0 is free. One 64-bit word so it is taken and broken with a single compare-and-swap:
///
/// ```
/// bits 63…48 tag (fill: the key's tag; write: a per-acquisition counter, so leases are unique)
/// bits 47…26 owner pid (Linux pids are < 2^22)
/// bits 25…0  deadline, ms since the epoch modulo 2^26 (~18.6 h; leases last seconds)
/// ```
///
/// No lock a `kill -9` can hold forever: a lease whose deadline passed, or whose owner is gone
/// (`kill(pid, 0)` = ESRCH, or a zombie), may be broken by anyone with one CAS from the exact word
/// they judged. The old owner's release is a CAS from its own word, so it cannot free a lease
/// someone else now holds.
struct Lease: RawRepresentable, Equatable, Sendable {
    let rawValue: UInt64

    static let deadlineBits: UInt64 = 26
    static let deadlineMask: UInt64 = (1 << deadlineBits) - 1
    static let pidMask: UInt64 = (1 << 22) - 1
    /// Longest lease we ever grant; a deadline further ahead means the wall clock went back.
    static let maximumMilliseconds: Int64 = 3_600_000

    init(rawValue: UInt64) { self.rawValue = rawValue }

    init(tag: UInt16, pid: pid_t, deadline: Int64) {
        rawValue = UInt64(tag) << 48 | (UInt64(UInt32(bitPattern: pid)) & Self.pidMask) << Self.deadlineBits
            | UInt64(bitPattern: deadline) & Self.deadlineMask
    }

    var isFree: Bool { rawValue == 0 }
    var tag: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 48) }
    var pid: pid_t { pid_t(truncatingIfNeeded: (rawValue >> Self.deadlineBits) & Self.pidMask) }

    /// Milliseconds until the deadline at `now` (negative once passed), read within ±9.3 h of now.
    func remainingMilliseconds(now: Int64) -> Int64 {
        let difference = (rawValue &- UInt64(bitPattern: now)) & Self.deadlineMask
        let half: UInt64 = 1 << (Self.deadlineBits - 1)
        return difference >= half ? Int64(difference) - Int64(1 << Self.deadlineBits) : Int64(difference)
    }
}

extension SystemCalls {
    /// A held lease that may be taken over: deadline passed, deadline implausibly far (clock
    /// jumped back), or owner process gone.
    func leaseIsBreakable(_ lease: Lease, now: Int64) -> Bool {
        if lease.isFree { return true }
        let remaining = lease.remainingMilliseconds(now: now)
        if remaining <= 0 || remaining > Lease.maximumMilliseconds { return true }
        return !processIsAlive(lease.pid)
    }
}
