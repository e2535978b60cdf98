import Base
import EmulatorSupport
import Glibc
import Synchronization
import Testing

@Suite("Delayed work queue (the emulators' webhook delivery loop)")
struct DelayedWorkQueueTests {
    /// What the items did, from the workers' threads.
    final class Journal: Sendable {
        private let state = Mutex<(done: [String], running: Int, most: Int, open: Bool)>(([], 0, 0, false))

        func run(_ name: String, waitForGate: Bool = false) {
            state.withLock { $0.running += 1; $0.most = max($0.most, $0.running) }
            while waitForGate, !state.withLock({ $0.open }) { usleep(1000) }
            state.withLock { $0.running -= 1; $0.done.append(name) }
        }

        func openGate() { state.withLock { $0.open = true } }
        var done: [String] { state.withLock { $0.done } }
        var running: Int { state.withLock { $0.running } }
        var most: Int { state.withLock { $0.most } }
    }

    /// Polls `condition` until it holds or `seconds` pass.
    func eventually(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = MonotonicTime.now().adding(seconds: seconds)
        while !condition() {
            if MonotonicTime.now() >= deadline { return false }
            usleep(2000)
        }
        return true
    }

    @Test("Items run once due, earliest first, never before their time")
    func order() {
        let queue = DelayedWorkQueue(workers: 1)
        defer { queue.stop(waitingUpTo: .seconds(1)) }
        let journal = Journal()
        let scheduled = MonotonicTime.now()
        let ranLate = Mutex<Double>(0)
        queue.schedule(after: .milliseconds(150)) {
            ranLate.withLock { $0 = MonotonicTime.now().seconds(since: scheduled) }
            journal.run("late")
        }
        queue.schedule { journal.run("now") }
        #expect(eventually { journal.done.count == 2 })
        #expect(journal.done == ["now", "late"])
        #expect(ranLate.withLock { $0 } >= 0.15)
    }

    @Test("At most `workers` items run at once; the rest wait their turn")
    func concurrency() {
        let queue = DelayedWorkQueue(workers: 2)
        defer { queue.stop(waitingUpTo: .seconds(1)) }
        let journal = Journal()
        for n in 0..<5 { queue.schedule { journal.run("item \(n)", waitForGate: true) } }
        #expect(eventually { journal.running == 2 && queue.runningCount == 2 })
        #expect(queue.pendingCount == 3)
        journal.openGate()
        #expect(eventually { journal.done.count == 5 })
        #expect(journal.most == 2)
        #expect(eventually { queue.pendingCount == 0 && queue.runningCount == 0 })
    }

    @Test("cancelAll drops waiting items; after stop nothing is accepted")
    func cancelAndStop() {
        let queue = DelayedWorkQueue(workers: 1)
        let journal = Journal()
        queue.schedule(after: .seconds(30)) { journal.run("never") }
        #expect(queue.pendingCount == 1)
        queue.cancelAll()
        #expect(queue.pendingCount == 0)
        queue.schedule { journal.run("after cancel") }
        #expect(eventually { journal.done == ["after cancel"] })
        queue.stop(waitingUpTo: .seconds(1))
        queue.schedule { journal.run("after stop") }
        #expect(queue.pendingCount == 0)
        #expect(journal.done == ["after cancel"])
    }
}
