import CFastCGI
import CSystem
import Glibc
import Synchronization

/// One worker process: `threads` threads each blocked in `FCGX_Accept_r` on the shared listening
/// socket (fd 0), and a main thread that waits for SIGTERM and drains.
///
/// Why threads inside processes: a thread is pinned to a FastCGI connection for as long as nginx
/// keeps it alive, so the accepting threads of a responder must clearly outnumber nginx's
/// keep-alive pool (the "keep-alive trap"); processes add crash isolation and use both cores.
final class WorkerProcess: Sendable {
    let dispatcher: Dispatcher
    let threads: Int
    let graceSeconds: Double
    let listenFD: CInt
    let inFlight = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    let liveThreads = Atomic<Int>(0)

    static let stopSignals = [SIGTERM, SIGINT, SIGHUP]

    init(dispatcher: Dispatcher, threads: Int, graceSeconds: Double, listenFD: CInt = 0) {
        self.dispatcher = dispatcher
        self.threads = threads
        self.graceSeconds = graceSeconds
        self.listenFD = listenFD
    }

    /// Runs until SIGTERM/SIGINT (or the supervisor's death), then lets in-flight requests
    /// finish within the grace period and exits 0.
    func run() -> Never {
        // A worker outliving its supervisor would keep serving a socket nobody manages.
        _ = csystem_set_parent_death_signal(SIGTERM)
        let stopSignals = Self.stopSignals
        Signals.block(stopSignals)
        guard FCGX_Init() == 0 else {
            Log.error("fastcgi_init_failed")
            exit(ExitCode.failure)
        }
        for index in 0..<threads { startAcceptThread(index: index) }
        Log.info("worker_started", ["threads": String(threads)])

        var signal: Int32 = 0
        repeat {
            signal = Signals.wait(for: stopSignals, seconds: 3600) ?? 0
        } while signal == 0 || signal == SIGHUP
        drain(reason: Signals.name(signal))
    }

    private func drain(reason: String) -> Never {
        draining.store(true, ordering: .sequentiallyConsistent)
        let started = MonotonicTime.now()
        let deadline = started.adding(seconds: graceSeconds)
        Log.info("worker_draining", ["reason": reason, "in_flight": String(inFlight.load(ordering: .relaxed))])
        // A request can be between libfcgi's accept/read and our in-flight count for a moment:
        // only leave after the count has stayed at zero for a short quiet period.
        var quietSince: MonotonicTime? = nil
        while MonotonicTime.now() < deadline {
            if inFlight.load(ordering: .sequentiallyConsistent) > 0 {
                quietSince = nil
            } else if let since = quietSince, MonotonicTime.now().seconds(since: since) >= 0.05 {
                break
            } else if quietSince == nil {
                quietSince = .now()
            }
            usleep(5_000)
        }
        let abandoned = inFlight.load(ordering: .sequentiallyConsistent)
        if abandoned > 0 {
            Log.warning("worker_grace_expired", ["in_flight": String(abandoned)])
        }
        ShutdownHooks.run()
        Log.info("worker_stopped", ["drain_ms": String(Int(MonotonicTime.now().seconds(since: started) * 1000))])
        // _exit: other threads may still sit in accept()/read(); running atexit handlers under
        // them gains nothing.
        _exit(abandoned > 0 ? ExitCode.failure : ExitCode.success)
    }

    private func startAcceptThread(index: Int) {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let worker = Unmanaged<WorkerProcess>.fromOpaque(raw!).takeRetainedValue()
            worker.acceptLoop()
            return nil
        }, context)
        guard result == 0 else {
            Log.error("thread_start_failed", ["index": String(index), "error": String(cString: strerror(result))])
            exit(ExitCode.failure)
        }
        pthread_detach(thread)
    }

    private func acceptLoop() {
        liveThreads.add(1, ordering: .relaxed)
        let exchange = FastCGIExchange(listenFD: listenFD)
        while !draining.load(ordering: .relaxed) {
            let accepted = exchange.accept()
            guard accepted >= 0 else {
                if draining.load(ordering: .relaxed) || accepted == -EINVAL || accepted == -EBADF { break }
                // EMFILE, ECONNABORTED…: transient; do not spin.
                usleep(10_000)
                continue
            }
            inFlight.add(1, ordering: .sequentiallyConsistent)
            serve(exchange)
            exchange.finish()
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
        }
        exchange.closeConnection()
        // The listening socket was shut down under us (supervisor stopping): once every thread
        // has seen it, stop the process the same way SIGTERM would.
        if liveThreads.subtract(1, ordering: .relaxed).newValue == 0 && !draining.load(ordering: .relaxed) {
            kill(getpid(), SIGTERM)
        }
    }

    private func serve(_ exchange: FastCGIExchange) {
        let started = MonotonicTime.now()
        let (response, request) = dispatcher.respond(to: exchange.parameters()) { length in
            exchange.readBody(length: length)
        }
        let isHead = request?.method == .head
        exchange.write(response.serialized(includeBody: !isHead))
        // A body left unread (413) would still arrive as stdin records on a kept connection and
        // break the next request on it: close this connection instead of keeping it.
        if let request, request.contentLength > request.body.count { exchange.dropKeepAlive() }
        if response.status.code >= 500 || Log.minimumLevel == .debug {
            Log.write(response.status.code >= 500 ? .warning : .debug, "request", [
                "method": request?.method.rawValue ?? "-",
                "endpoint": request.map { "/" + $0.pathSegments.prefix(3).joined(separator: "/") } ?? "-",
                "status": String(response.status.code), "user": request?.remoteUser ?? "-",
                "request_id": request?.requestID ?? "-",
                "ms": String(Double(Int(MonotonicTime.now().seconds(since: started) * 100_000)) / 100),
            ])
        }
    }
}
