import CSystem
import Glibc

/// The responder's main process: owns the listening socket, keeps `workers` worker processes
/// alive, and stops them cleanly.
///
/// - A worker that dies is respawned at once if it had been up a while, else after an
///   exponential backoff; a worker that keeps dying young (a crash loop) makes the supervisor
///   give up loudly instead of burning CPU.
/// - SIGTERM/SIGINT: stop accepting, let workers finish in-flight requests (bounded by the grace
///   period), remove the socket file, exit 0.
/// - SIGHUP: replace the workers one generation at a time (e.g. after a deploy).
final class Supervisor {
    struct Slot {
        var pid: pid_t?
        var startedAt = MonotonicTime.now()
        var respawnAt: MonotonicTime?
        /// Deaths within `youngDeathSeconds` of starting, in a row.
        var youngDeaths = 0
        /// Told to drain by SIGHUP: its exit is a replacement, not a crash.
        var replacing = false
    }

    static let youngDeathSeconds = 10.0
    static let crashLoopLimit = 5
    static let maxBackoffSeconds = 5.0

    let socket: ListeningSocket
    let spawner: WorkerSpawner
    let graceSeconds: Double
    var slots: [Slot]
    var stopping = false

    init(socket: ListeningSocket, options: ResponderOptions, startedAt: Timestamp) {
        self.socket = socket
        self.graceSeconds = options.graceSeconds
        self.slots = Array(repeating: Slot(), count: options.workers)
        self.spawner = WorkerSpawner(listenFD: socket.fd, workerArguments: options.workerArguments,
                                     extraEnvironment: ["HUBSPOT_FCGI_STARTED_AT": String(startedAt.milliseconds),
                                                        "HUBSPOT_FCGI_WORKERS": String(options.workers)])
    }

    func run() -> Never {
        let handled = [SIGTERM, SIGINT, SIGHUP, SIGCHLD]
        Signals.block(handled)
        signal(SIGPIPE, SIG_IGN)
        for index in slots.indices { start(slot: index) }
        Log.info("supervisor_started", ["socket": socket.ownedPath ?? socket.origin,
                                        "workers": String(slots.count)])
        while true {
            let received = Signals.wait(for: handled, seconds: secondsUntilNextRespawn())
            switch received {
            case SIGCHLD: reapChildren()
            case SIGTERM, SIGINT: stop(reason: Signals.name(received!))
            case SIGHUP: replaceWorkers()
            default: break
            }
            startDueRespawns()
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
            slots[index].youngDeaths += 1
            scheduleRespawn(index)
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
                scheduleRespawn(index)
                continue
            }
            if exitCode == ExitCode.configuration || exitCode == ExitCode.usage {
                Log.error("worker_misconfigured", fields)
                fail("a worker exited with a configuration error; see its log line above")
            }
            Log.warning("worker_died", fields)
            slots[index].youngDeaths = lived < Self.youngDeathSeconds ? slots[index].youngDeaths + 1 : 0
            if slots[index].youngDeaths >= Self.crashLoopLimit {
                Log.error("crash_loop", ["slot": String(index), "deaths": String(slots[index].youngDeaths)])
                fail("worker slot \(index) died \(slots[index].youngDeaths) times in a row within "
                     + "\(Int(Self.youngDeathSeconds)) s of starting; giving up")
            }
            scheduleRespawn(index)
        }
    }

    private func scheduleRespawn(_ index: Int) {
        let deaths = slots[index].youngDeaths
        let delay = deaths == 0 ? 0 : min(Self.maxBackoffSeconds, 0.1 * Double(1 << min(deaths - 1, 10)))
        slots[index].respawnAt = MonotonicTime.now().adding(seconds: delay)
    }

    private func startDueRespawns() {
        guard !stopping else { return }
        let now = MonotonicTime.now()
        for index in slots.indices where slots[index].pid == nil {
            if let due = slots[index].respawnAt, due <= now { start(slot: index) }
        }
    }

    private func secondsUntilNextRespawn() -> Double {
        let now = MonotonicTime.now()
        let waits = slots.compactMap { $0.respawnAt.map { max(0.001, $0.seconds(since: now)) } }
        return min(waits.min() ?? 60, 60)
    }

    /// SIGHUP: each worker is told to drain; it is respawned as soon as it exits.
    private func replaceWorkers() {
        Log.info("workers_replacing")
        for index in slots.indices {
            guard let pid = slots[index].pid else { continue }
            slots[index].replacing = true
            slots[index].youngDeaths = 0
            kill(pid, SIGTERM)
        }
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

    private func fail(_ message: String) -> Never {
        stopping = true
        signalWorkers(SIGTERM)
        if socket.ownedPath != nil { socket.shutdownListening() }
        socket.removeFile()
        _ = waitForWorkers(seconds: graceSeconds + 1)
        signalWorkers(SIGKILL)
        Log.error("supervisor_gave_up", ["reason": message])
        exit(ExitCode.failure)
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
