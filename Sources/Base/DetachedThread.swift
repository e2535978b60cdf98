import Glibc

/// Starts `body` on a new detached pthread with a stack of `stackBytes` (glibc's usual 8 MiB by
/// default): for work that blocks or runs for the life of the process (a connection, a
/// background flusher, a naming or webhook thread), which must not tie up Swift concurrency's
/// pool. Returns false when the thread could not be created.
///
/// ```swift
/// guard spawnDetachedThread({ worker.run() }) else { /* no thread: do the work another way */ }
/// ```
@discardableResult
public func spawnDetachedThread(stackBytes: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    pthread_attr_setstacksize(&attributes, stackBytes)
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    // The thread starts with the process-control signals blocked (it inherits the creator's mask
    // for the call): a SIGTERM must reach the thread that waits for it, never one of these,
    // whose default action would end the process on the spot. Faults (SIGSEGV, SIGBUS) still
    // reach the thread that caused them.
    var controls = Signals.set([SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE])
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &controls, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    var thread = pthread_t()
    let status = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, context)
    if status != 0 {
        Unmanaged<Box>.fromOpaque(context).release()
        return false
    }
    return true
}
