import Base
import CSystem
import Glibc

/// The responder's main process: owns the listening socket, keeps `workers` worker processes
/// alive, and stops them cleanly.
///
/// - A worker that dies is respawned at once if it had been up a while, else after a delay that
///   doubles with each death in a row (``RespawnBackoff``, capped at 30 s). The supervisor never
///   gives up, not on crash loops, not on workers exiting with a configuration error: the socket
///   stays open (nginx's connections wait in its backlog) and health says `degraded` with the
///   reason, through the status file (``ResponderStatusFile``).
/// - SIGTERM/SIGINT: stop accepting, let workers finish in-flight requests (bounded by the grace
///   period), remove the socket file, exit 0.
/// - SIGHUP: replace the workers one generation at a time (e.g. after a deploy); a slot waiting in
///   back-off is retried at once (the configuration may just have been fixed).
final class Supervisor {
    struct Slot {
        var pid: pid_t?
        var startedAt = MonotonicTime.now()
        var respawnAt: MonotonicTime?
        /// Deaths within `backoff.stableSeconds` of starting, in a row.
        var youngDeaths = 0
        /// Why this slot's workers keep dying, while `youngDeaths > 0`.
        var trouble: ResponderStatus.Reason?
        /// Told to drain by SIGHUP: its exit is a replacement, not a crash.
        var replacing = false
    }

    let name: String
    let socket: ListeningSocket
    let spawner: WorkerSpawner
    let graceSeconds: Double
    let backoff: RespawnBackoff
    let statusFile: ResponderStatusFile?
    var slots: [Slot]
    var stopping = false
    private var published: ResponderStatus?

    init(name: String, socket: ListeningSocket, options: ResponderOptions, startedAt: Timestamp,
         statusFile: ResponderStatusFile?, backoff: RespawnBackoff = RespawnBackoff()) {
        self.name = name
        self.socket = socket
        self.graceSeconds = options.graceSeconds
        self.backoff = backoff
        self.statusFile = statusFile
        self.slots = Array(repeating: Slot(), count: options.workers)
        var environment = ["HUBSPOT_FCGI_STARTED_AT": String(startedAt.milliseconds),
                           "HUBSPOT_FCGI_WORKERS": String(options.workers),
                           "HUBSPOT_FCGI_SUPERVISOR_PID": String(getpid())]
        // Workers learn where status files are, so the health responder can read every one.
        if let statusFile { environment[ResponderStatusFile.directoryVariable] = statusFile.directory }
        self.spawner = WorkerSpawner(listenFD: socket.fd, workerArguments: options.workerArguments,
                                     extraEnvironment: environment)
    }

    func run() -> Never {
        let handled = [SIGTERM, SIGINT, SIGHUP, SIGCHLD]
        Signals.block(handled)
        signal(SIGPIPE, SIG_IGN)
        for index in slots.indices { start(slot: index) }
        Log.info("supervisor_started", ["socket": socket.ownedPath ?? socket.origin,
                                        "workers": String(slots.count)])
        publishStatus()
        while true {
            let received = Signals.wait(for: handled, seconds: secondsUntilNextEvent())
            switch received {
            case SIGCHLD: reapChildren()
            case SIGTERM, SIGINT: stop(reason: Signals.name(received!))
            case SIGHUP: replaceWorkers()
            default: break
            }
            startDueRespawns()
            clearRecoveredSlots()
            publishStatus()
        }
    }

    // MARK: - Workers

    private func start(slot index: Int) {
        do {
            let pid = try spawner.spawn(slot: index)
            slots[index].pid = pid
            slots[index].startedAt = .now()
            slots[index].respawnAt = nil
            slots[index].replacing = false
        } catch {
            Log.error("worker_spawn_failed", ["slot": String(index), "error": error.description])
            // Spawning may keep failing (EAGAIN, ENOMEM): never retry in a tight loop.
            recordDeath(index, reason: .workerSpawnFailed)
        }
    }

    private func reapChildren() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let index = slots.firstIndex(where: { $0.pid == pid }) else { continue }
            slots[index].pid = nil
            let lived = MonotonicTime.now().seconds(since: slots[index].startedAt)
            let exitCode = csystem_exit_status(status)
            let signal = csystem_term_signal(status)
            var fields: KeyValuePairs<String, String> {
                ["slot": String(index), "worker_pid": String(pid),
                 "exit": exitCode >= 0 ? String(exitCode) : "-",
                 "signal": signal > 0 ? Signals.name(signal) : "-",
                 "uptime_s": String(Int(lived))]
            }
            if stopping { continue }
            if slots[index].replacing {
                Log.info("worker_replaced", fields)
                slots[index].respawnAt = .now()
                continue
            }
            if exitCode == ExitCode.configuration || exitCode == ExitCode.usage {
                // No restart fixes a configuration by itself, but an operator may while the stack
                // runs: keep retrying with the back-off, never stop serving the socket for good.
                Log.error("worker_misconfigured", fields)
                recordDeath(index, reason: .workerConfigurationError)
                continue
            }
            Log.warning("worker_died", fields)
            if backoff.diedYoung(afterSeconds: lived) {
                recordDeath(index, reason: .workerCrashLoop)
            } else {
                // One death after a long life (the OOM killer, a rare crash): respawn at once.
                forgetDeaths(index)
                slots[index].respawnAt = .now()
            }
        }
    }

    /// Counts a death in a row and schedules the respawn after the back-off delay.
    private func recordDeath(_ index: Int, reason: ResponderStatus.Reason) {
        slots[index].youngDeaths += 1
        slots[index].trouble = reason
        let delay = backoff.delay(afterDeaths: slots[index].youngDeaths)
        slots[index].respawnAt = MonotonicTime.now().adding(seconds: delay)
        Log.warning("worker_backoff", ["slot": String(index), "deaths": String(slots[index].youngDeaths),
                                       "delay_s": String(delay), "reason": reason.rawValue])
    }

    private func forgetDeaths(_ index: Int) {
        slots[index].youngDeaths = 0
        slots[index].trouble = nil
    }

    /// A respawned worker that stayed up `stableSeconds` ends its slot's streak of deaths.
    private func clearRecoveredSlots() {
        let now = MonotonicTime.now()
        for index in slots.indices where slots[index].youngDeaths > 0 && slots[index].pid != nil {
            if !backoff.diedYoung(afterSeconds: now.seconds(since: slots[index].startedAt)) {
                Log.info("worker_recovered", ["slot": String(index), "deaths": String(slots[index].youngDeaths)])
                forgetDeaths(index)
            }
        }
    }

    private func startDueRespawns() {
        guard !stopping else { return }
        let now = MonotonicTime.now()
        for index in slots.indices where slots[index].pid == nil {
            if let due = slots[index].respawnAt, due <= now { start(slot: index) }
        }
    }

    /// The wait until the next respawn or the next slot to count as recovered.
    private func secondsUntilNextEvent() -> Double {
        let now = MonotonicTime.now()
        var events = slots.compactMap { $0.respawnAt }
        for slot in slots where slot.youngDeaths > 0 && slot.pid != nil {
            events.append(slot.startedAt.adding(seconds: backoff.stableSeconds))
        }
        let waits = events.map { max(0.001, $0.seconds(since: now)) }
        return min(waits.min() ?? 60, 60)
    }

    /// SIGHUP: each worker is told to drain; it is respawned as soon as it exits.
    private func replaceWorkers() {
        Log.info("workers_replacing")
        for index in slots.indices {
            guard let pid = slots[index].pid else {
                slots[index].respawnAt = .now()
                continue
            }
            slots[index].replacing = true
            forgetDeaths(index)
            kill(pid, SIGTERM)
        }
    }

    // MARK: - Status for health

    /// The worst slot decides: a configuration error outranks a crash loop.
    func currentStatus(now: Timestamp = .now()) -> ResponderStatus {
        let troubled = slots.filter { $0.youngDeaths > 0 }
        guard let worst = troubled.max(by: { rank($0) < rank($1) }) else {
            return ResponderStatus(responder: name, state: .ok, updatedAt: now, supervisorPID: getpid())
        }
        let reason = worst.trouble ?? .workerCrashLoop
        let monotonicNow = MonotonicTime.now()
        let retry = troubled.compactMap { $0.pid == nil ? $0.respawnAt : nil }.min().map {
            Timestamp(milliseconds: now.milliseconds + Int64(max(0, $0.seconds(since: monotonicNow)) * 1000))
        }
        return ResponderStatus(responder: name,
                               state: reason == .workerConfigurationError ? .misconfigured : .backingOff,
                               reason: reason, deaths: troubled.map(\.youngDeaths).max() ?? 0,
                               retryAt: retry, updatedAt: now, supervisorPID: getpid())
    }

    private func rank(_ slot: Slot) -> Int {
        (slot.trouble == .workerConfigurationError ? 1_000_000 : 0) + slot.youngDeaths
    }

    private func publishStatus() {
        guard let statusFile, !stopping else { return }
        let status = currentStatus()
        let unchanged = published.map { previous in
            var comparable = status
            comparable.updatedAt = previous.updatedAt
            return comparable == previous
        } ?? false
        guard !unchanged else { return }
        if statusFile.write(status) { published = status }
    }

    // MARK: - Stopping

    private func stop(reason: String) -> Never {
        stopping = true
        Log.info("supervisor_stopping", ["reason": reason])
        // Stop new connections first, then tell workers to drain. Only a socket we created is
        // shut down: an inherited one belongs to systemd, which keeps queueing connections for
        // the next start.
        if socket.ownedPath != nil { socket.shutdownListening() }
        socket.removeFile()
        statusFile?.remove()
        signalWorkers(SIGTERM)
        let clean = waitForWorkers(seconds: graceSeconds + 1)
        if !clean {
            Log.warning("workers_killed", ["after_s": String(graceSeconds + 1)])
            signalWorkers(SIGKILL)
            _ = waitForWorkers(seconds: 2)
        }
        Log.info("supervisor_stopped")
        exit(ExitCode.success)
    }

    private func signalWorkers(_ signal: Int32) {
        for slot in slots {
            if let pid = slot.pid { kill(pid, signal) }
        }
    }

    private func waitForWorkers(seconds: Double) -> Bool {
        let deadline = MonotonicTime.now().adding(seconds: seconds)
        while slots.contains(where: { $0.pid != nil }) {
            let left = -MonotonicTime.now().seconds(since: deadline)
            guard left > 0 else { return false }
            _ = Signals.wait(for: [SIGCHLD], seconds: min(left, 0.1))
            reapChildren()
        }
        return true
    }
}
