import Glibc

/// Starts `body` on a new detached pthread with a stack of `stackBytes`: for work that blocks
/// (a connection, a webhook worker waiting on its HTTP call), which must not tie up Swift
/// concurrency's pool. Returns false when the thread could not be created.
///
/// ```swift
/// guard spawnDetachedThread({ worker.run() }) else { /* no thread: do the work another way */ }
/// ```
@discardableResult
public func spawnDetachedThread(stackBytes: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    pthread_attr_setstacksize(&attributes, stackBytes)
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
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

/// Monotonic seconds (CLOCK_MONOTONIC), for deadlines.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
