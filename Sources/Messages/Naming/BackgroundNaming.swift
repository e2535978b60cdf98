import Base
import Glibc
import MessageStore

/// Naming that never abandons a HubSpot call. A request that cannot wait for HubSpot (a webhook
/// delivery, the conversation list) names what the shared cache knows at once, hands the rest to
/// this process's naming thread and waits for it only as long as it may; the thread finishes the
/// searches whatever the request does meanwhile and writes the names to the store, so the next
/// list shows them. A search HubSpot has counted against the account's 5/s is never thrown away.
///
/// - **Once per number, stack-wide**: a number is handed over only when the store lets this
///   process claim it (``MessageStore/claimLookups(_:now:hold:)``): due, and not being looked up
///   by another worker, responder or the sync.
/// - **Batched across requests**: numbers handed over by concurrent deliveries go out together
///   (``CustomerNamer``: one number → the single lookup; several → batch searches).
/// - **Recovery ends the back-off**: numbers that met a HubSpot error wait while the thread checks
///   HubSpot every ``Settings/recoveryInterval`` (``RecoveryCheck``: the cheapest call, then one
///   of the numbers); once HubSpot answers, every error back-off in the store ends and the
///   numbers are named.
/// - A round a worker is replaced in the middle of is not finished: its numbers' claims lapse
///   (``Settings/claimHold``) and the sync or the next list takes them.
///
/// ```swift
/// let report = naming.name([customer], wait: 0.3)
/// report.sources[customer]   // .hubspot when HubSpot answered in time, else .pending (named later)
/// ```
public final class BackgroundNaming: @unchecked Sendable {
    public struct Settings: Sendable {
        /// How long one round of searches may take (rate-gate waits included).
        public var roundBudget = Duration.seconds(10)
        /// Numbers one round takes from the queue.
        public var roundSize = 100
        /// Seconds between checks of a HubSpot that failed.
        public var recoveryInterval = 5.0
        /// Rounds a number the budget or the stack's rate gate left untried goes round again;
        /// after that its claim lapses and the sync or the next list takes it.
        public var untriedRounds = 3

        public init() {}

        /// How long a claim keeps other processes off a number: every round it may go through,
        /// and a margin. Claims are renewed for this long when a round starts.
        public var claimHold: EpochMilliseconds.Interval {
            .seconds(Int64((roundBudget * (untriedRounds + 1)).inSeconds) + 30)
        }
    }

    let namer: CustomerNamer
    let store: MessageStore
    let settings: Settings
    /// Asked, after errors, whether HubSpot answers again.
    let recovery: RecoveryCheck

    private let condition = ConditionLock()
    // Everything below is guarded by `condition`.
    private var queue: [E164Number] = []
    private var untried: [E164Number: Int] = [:]
    /// Numbers a request is waiting for, and what became of those already done.
    private var awaited: Set<E164Number> = []
    private var outcomes: [E164Number: CustomerNamer.Source] = [:]
    /// Numbers that met a HubSpot error, named again once HubSpot answers.
    private var afterRecovery: Set<E164Number> = []
    private var nextRecoveryCheck = MonotonicTime.now()
    private var threadStarted = false

    /// - Parameter hubSpotAnswers: the cheapest call to HubSpot succeeds (the connection check).
    public init(namer: CustomerNamer, store: MessageStore, settings: Settings = Settings(),
                hubSpotAnswers: @escaping @Sendable () -> Bool) {
        self.namer = namer
        self.store = store
        self.settings = settings
        recovery = RecoveryCheck(namer: namer, store: store, budget: settings.roundBudget, hold: settings.claimHold,
                                 connectionAnswers: hubSpotAnswers)
    }

    /// Names `customers`: from the cache at once, the rest by the naming thread, waiting for it at
    /// most `wait` seconds. Numbers still pending then are named later; numbers another process
    /// is looking up are left to it.
    public func name(_ customers: [E164Number], wait: Duration, now: EpochMilliseconds = .now()) -> CustomerNamer.Report {
        var report = namer.name(customers, budget: .zero, maxRequests: 0, now: now)
        let pending = customers.filter { report.sources[$0] == .pending }
        guard !pending.isEmpty else { return report }
        let claimed: [E164Number]
        do {
            claimed = try store.claimLookups(pending, now: now, hold: settings.claimHold)
        } catch {
            Log.warning("name_claim_failed", ["error": error.description])
            return report
        }
        guard !claimed.isEmpty else { return report }
        let deadline = MonotonicTime.now().adding(seconds: wait.inSeconds)
        locked {
            awaited.formUnion(claimed)
            enqueueLocked(claimed)
            while claimed.contains(where: { outcomes[$0] == nil }), waitLocked(until: deadline) {}
            for customer in claimed {
                awaited.remove(customer)
                if let outcome = outcomes.removeValue(forKey: customer) { report.sources[customer] = outcome }
            }
        }
        return report
    }

    /// Hands numbers over without waiting (already claimed by the caller).
    func enqueue(_ customers: [E164Number]) {
        locked { enqueueLocked(customers) }
    }

    // MARK: - The naming thread

    private func enqueueLocked(_ customers: [E164Number]) {
        let queued = Set(queue)
        queue += customers.filter { !queued.contains($0) }
        startThreadLocked()
        condition.broadcastLocked()
    }

    private func startThreadLocked() {
        guard !threadStarted else { return }
        threadStarted = true
        if !spawnDetachedThread({ [self] in run() }) {
            threadStarted = false
            Log.error("naming_thread_failed", [:])
        }
    }

    private func run() -> Never {
        while true {
            // The recovery check has its turn even while deliveries keep the queue busy.
            let round: [E164Number] = locked {
                while true {
                    let recoveryDue = !afterRecovery.isEmpty && MonotonicTime.now() >= nextRecoveryCheck
                    if recoveryDue { return [] }
                    if !queue.isEmpty { break }
                    let wake = afterRecovery.isEmpty ? MonotonicTime.now().adding(seconds: 3600) : nextRecoveryCheck
                    _ = waitLocked(until: wake)
                }
                let round = Array(queue.prefix(settings.roundSize))
                queue.removeFirst(round.count)
                return round
            }
            if round.isEmpty { checkRecovery() } else { name(round) }
        }
    }

    private func name(_ round: [E164Number]) {
        // A round may start long after its numbers were claimed (a backlog) or go round again.
        do {
            try store.extendClaims(round, until: .now() + settings.claimHold)
        } catch {
            Log.warning("name_claim_failed", ["error": error.description])
        }
        let report = namer.name(round, budget: settings.roundBudget, maxRequests: round.count)
        locked {
            for customer in round {
                let source = report.sources[customer] ?? .pending
                if awaited.contains(customer) { outcomes[customer] = source }
                guard source == .pending else { untried[customer] = nil; continue }
                if report.firstError != nil {
                    afterRecovery.insert(customer)
                    untried[customer] = nil
                } else {
                    let rounds = (untried[customer] ?? 0) + 1
                    untried[customer] = rounds < settings.untriedRounds ? rounds : nil
                    if rounds < settings.untriedRounds { queue.append(customer) }
                }
            }
            if report.firstError != nil {
                nextRecoveryCheck = MonotonicTime.now().adding(seconds: settings.recoveryInterval)
            }
            condition.broadcastLocked()
        }
    }

    /// After errors: asks whether HubSpot answers again (``RecoveryCheck``); when it does, the
    /// waiting numbers are claimed again and named.
    private func checkRecovery() {
        let waiting = locked { Array(afterRecovery) }
        let outcome = recovery.run(candidates: waiting)
        let rest: [E164Number] = locked {
            nextRecoveryCheck = MonotonicTime.now().adding(seconds: settings.recoveryInterval)
            guard outcome != .stillFailing else { return [] }
            afterRecovery.subtract(waiting)
            if case .back(let tried) = outcome { return waiting.filter { $0 != tried } }
            return []
        }
        guard !rest.isEmpty else { return }
        do {
            let claimed = try store.claimLookups(rest, now: .now(), hold: settings.claimHold)
            Log.info("naming_resumed", ["waiting": String(rest.count), "claimed": String(claimed.count)])
            enqueue(claimed)
        } catch {
            Log.warning("name_claim_failed", ["error": error.description])
        }
    }

    // MARK: - Locking

    private func locked<T>(_ body: () -> T) -> T { condition.locked(body) }

    private func waitLocked(until deadline: MonotonicTime) -> Bool { condition.waitLocked(until: deadline) }
}
