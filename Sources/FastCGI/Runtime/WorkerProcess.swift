import Base
import CFastCGI
import CSystem
import Glibc
import Synchronization

/// One worker process: `threads` threads each serving connections from the shared listening
/// socket (fd 0), and a main thread that waits for SIGTERM and drains.
///
/// Why threads inside processes: a thread is pinned to a FastCGI connection for as long as nginx
/// keeps it alive, so the accepting threads of a responder must clearly outnumber nginx's
/// keep-alive pool (the "keep-alive trap"); processes add crash isolation and use both cores.
///
/// Draining (SIGTERM, also how the supervisor replaces workers on SIGHUP): no request nginx has
/// sent is dropped. Threads accept connections and wait for the next request on a kept one
/// themselves, with a wake-up signal unblocked only during those waits. The drain wakes them: a
/// thread waiting for a connection leaves; a thread idle on a kept connection asks nginx to close
/// it and serves whatever nginx sends until it does; a thread serving a request finishes it first.
/// The process leaves once every thread has left its loop (bounded by the grace period).
final class WorkerProcess: Sendable {
    let dispatcher: Dispatcher
    let threads: Int
    let graceSeconds: Double
    let listenFD: FileDescriptor
    let inFlight = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    let liveThreads = Atomic<Int>(0)
    private let acceptThreads = Mutex<[pthread_t]>([])

    static let stopSignals = [SIGTERM, SIGINT, SIGHUP]
    /// Interrupts a thread waiting for a connection or a request when the worker drains. Blocked
    /// everywhere except inside those waits, so it never interrupts the reading of a request.
    static let wakeSignal = SIGUSR2
    /// Blocked in every thread of a worker, from before `makeRouter` (threads inherit the mask).
    static let blockedSignals = stopSignals + [wakeSignal]
    /// How long a draining worker lets the peer close an idle kept connection it was asked to.
    static let peerCloseSeconds = 1.0

    init(dispatcher: Dispatcher, threads: Int, graceSeconds: Double, listenFD: FileDescriptor = .standardInput) {
        self.dispatcher = dispatcher
        self.threads = threads
        self.graceSeconds = graceSeconds
        self.listenFD = listenFD
    }

    /// Runs until SIGTERM/SIGINT (or the supervisor's death), then lets in-flight requests finish
    /// within the grace period and exits 0. SIGHUP is the supervisor's to act on (it replaces the
    /// workers with SIGTERM): a terminal hang-up reaching the whole process group must not stop
    /// every worker at once.
    func run() -> Never {
        Signals.block(Self.blockedSignals)
        _ = csystem_install_wakeup_handler(Self.wakeSignal)
        guard FCGX_Init() == 0 else {
            Log.error("fastcgi_init_failed")
            exit(ExitCode.failure)
        }
        for index in 0..<threads { startAcceptThread(index: index) }
        Log.info("worker_started", ["threads": String(threads)])

        var signal: Int32 = 0
        repeat {
            signal = Signals.wait(for: Self.stopSignals, seconds: 3600) ?? 0
        } while signal == 0 || signal == SIGHUP
        drain(reason: Signals.name(signal))
    }

    private func drain(reason: String) -> Never {
        draining.store(true, ordering: .sequentiallyConsistent)
        let started = MonotonicTime.now()
        let deadline = started.adding(seconds: graceSeconds)
        Log.info("worker_draining", ["reason": reason, "in_flight": String(inFlight.load(ordering: .relaxed))])
        // Repeated, because a wake-up that lands just before a thread blocks in accept is lost; a
        // thread busy with a request keeps it pending (blocked) and sees it at its next wait.
        let threads = acceptThreads.withLock { $0 }
        while liveThreads.load(ordering: .sequentiallyConsistent) > 0 && MonotonicTime.now() < deadline {
            for thread in threads { pthread_kill(thread, Self.wakeSignal) }
            usleep(2_000)
        }
        let left = liveThreads.load(ordering: .sequentiallyConsistent)
        if left > 0 {
            Log.warning("worker_grace_expired", ["in_flight": String(inFlight.load(ordering: .relaxed)),
                                                 "threads_left": String(left)])
        }
        ShutdownHooks.run()
        Log.info("worker_stopped", ["drain_ms": String(Int(MonotonicTime.now().seconds(since: started) * 1000))])
        // _exit: threads of the handlers (monitors, timers) may still run; atexit handlers under
        // them gain nothing.
        _exit(left > 0 ? ExitCode.failure : ExitCode.success)
    }

    private func startAcceptThread(index: Int) {
        liveThreads.add(1, ordering: .sequentiallyConsistent)
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        // Joinable, never joined: the drain signals these threads until they have all left, and
        // signalling a detached thread that has ended is undefined.
        let result = pthread_create(&thread, nil, { raw in
            let worker = Unmanaged<WorkerProcess>.fromOpaque(raw!).takeRetainedValue()
            worker.acceptLoop()
            return nil
        }, context)
        guard result == 0 else {
            Log.error("thread_start_failed", ["index": String(index), "error": String(cString: strerror(result))])
            exit(ExitCode.failure)
        }
        acceptThreads.withLock { $0.append(thread) }
    }

    private func acceptLoop() {
        let exchange = FastCGIExchange()
        var listeningClosed = false
        while true {
            if let connection = exchange.connection {
                // A kept connection between requests: wait for nginx's next one, or for the drain.
                guard waitForRequest(on: connection, of: exchange) else {
                    exchange.closeConnection()
                    continue
                }
            } else {
                if draining.load(ordering: .sequentiallyConsistent) { break }
                let accepted = csystem_accept(listenFD.rawValue, Self.wakeSignal)
                if accepted < 0 {
                    // EINTR: a drain's wake-up, seen at the top of the loop.
                    if accepted == -EINVAL || accepted == -EBADF {
                        listeningClosed = true
                        break
                    }
                    // EMFILE, ECONNABORTED…: transient; do not spin.
                    if accepted != -EINTR { usleep(10_000) }
                    continue
                }
                // nginx writes its request right after connecting: read it even when draining.
                exchange.adopt(connection: FileDescriptor(rawValue: accepted))
            }
            // A negative answer: the connection ended (nginx closed it, or a protocol error) and
            // libfcgi has closed it.
            guard exchange.nextRequest() >= 0 else { continue }
            inFlight.add(1, ordering: .sequentiallyConsistent)
            serve(exchange)
            exchange.finish()
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
        }
        exchange.closeConnection()
        // The listening socket was shut down under us (supervisor stopping): once every thread
        // has seen it, stop the process the same way SIGTERM would.
        let remaining = liveThreads.subtract(1, ordering: .sequentiallyConsistent).newValue
        if listeningClosed && remaining == 0 && !draining.load(ordering: .sequentiallyConsistent) {
            kill(getpid(), SIGTERM)
        }
    }

    /// Waits until nginx sends the next request on the kept connection (true). Once the worker
    /// drains, it asks nginx to close the connection (``FastCGIExchange/askPeerToClose(_:)``) and
    /// keeps serving it until nginx does (false when nothing is left to serve).
    ///
    /// A peer that ignores the request within ``peerCloseSeconds`` gets `shutdown(SHUT_RD)`: its
    /// later writes fail at once while bytes already queued stay readable, so a request sent
    /// before that is still served.
    private func waitForRequest(on fd: FileDescriptor, of exchange: FastCGIExchange) -> Bool {
        var askedAt: MonotonicTime? = nil
        while true {
            if draining.load(ordering: .sequentiallyConsistent) {
                if let askedAt {
                    if MonotonicTime.now().seconds(since: askedAt) >= Self.peerCloseSeconds {
                        shutdown(fd.rawValue, CInt(SHUT_RD))
                        return csystem_unread_bytes(fd.rawValue) > 0
                    }
                } else {
                    exchange.askPeerToClose(fd)
                    askedAt = .now()
                }
            }
            // 1: readable (a request, or the end of file / error that libfcgi then handles);
            // 0: woken by the drain or timed out.
            let timeout: CInt = askedAt == nil ? -1 : 100
            if csystem_wait_readable(fd.rawValue, Self.wakeSignal, timeout) != 0 { return true }
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
