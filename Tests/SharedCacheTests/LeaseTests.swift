@testable import SharedCache
import Glibc
import Testing

@Suite struct LeaseTests {
    let now: Int64 = 1_750_000_123_456

    @Test func packsTagPidAndDeadline() {
        let lease = Lease(tag: 0xBEEF, pid: 4_194_303, deadline: now + 1500)
        #expect(lease.tag == 0xBEEF)
        #expect(lease.pid == 4_194_303)
        #expect(lease.remainingMilliseconds(now: now) == 1500)
        #expect(lease.remainingMilliseconds(now: now + 2000) == -500)
        #expect(!lease.isFree)
    }

    @Test func deadlineArithmeticSurvivesTheWrapOfItsBits() {
        let wrap = Int64(1) << 26
        let base = (now / wrap + 1) * wrap - 100  // 100 ms before the 26-bit field wraps
        let lease = Lease(tag: 1, pid: 42, deadline: base + 1000)
        #expect(lease.remainingMilliseconds(now: base) == 1000)
        #expect(lease.remainingMilliseconds(now: base + 1500) == -500)
    }

    @Test func liveOwnerWithinDeadlineHolds() {
        let lease = Lease(tag: 0, pid: getpid(), deadline: now + 1000)
        #expect(!SystemCalls.live.leaseIsBreakable(lease, now: now))
    }

    @Test func passedDeadlineBreaksEvenForALiveOwner() {
        let lease = Lease(tag: 0, pid: getpid(), deadline: now - 1)
        #expect(SystemCalls.live.leaseIsBreakable(lease, now: now))
    }

    @Test func deadOwnerBreaksBeforeTheDeadline() {
        let lease = Lease(tag: 0, pid: ChildProcess.deadPID(), deadline: now + 60_000)
        #expect(SystemCalls.live.leaseIsBreakable(lease, now: now))
    }

    @Test func zombieOwnerBreaksBeforeTheDeadline() {
        let child = ChildProcess.spawn(executable: "/bin/true")
        defer { child.wait() }
        // Not reaped yet: kill(pid, 0) still succeeds, /proc says Z.
        var zombie = false
        for _ in 0..<200 where !zombie {
            zombie = SystemCalls.live.isZombie(child.pid)
            if !zombie { usleep(5000) }
        }
        #expect(zombie)
        let lease = Lease(tag: 0, pid: child.pid, deadline: now + 60_000)
        #expect(SystemCalls.live.leaseIsBreakable(lease, now: now))
    }

    @Test func implausiblyFarDeadlineBreaks() {
        // More than the longest lease ahead: the wall clock went back; do not wait hours.
        let lease = Lease(tag: 0, pid: getpid(), deadline: now + Lease.maximumMilliseconds + 10_000)
        #expect(SystemCalls.live.leaseIsBreakable(lease, now: now))
    }
}
