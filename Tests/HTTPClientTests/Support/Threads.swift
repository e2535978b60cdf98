import Glibc

/// A joinable pthread running `body`: the tests' threads are plain threads, like the FastCGI
/// worker threads that call the client in production.
struct TestThread {
    private let thread: pthread_t

    init(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, Unmanaged.passRetained(Box(body)).toOpaque())
        precondition(result == 0, "pthread_create failed: \(result)")
        self.thread = thread
    }

    func join() {
        pthread_join(thread, nil)
    }

    /// Starts a detached thread, for server loops that end when their socket is shut down.
    static func detach(_ body: @escaping @Sendable () -> Void) {
        pthread_detach(TestThread(body).thread)
    }
}

/// Seconds elapsed while running `body`.
func measure<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
    let start = ContinuousClock.now
    let result = try body()
    let elapsed = (ContinuousClock.now - start).components
    return (result, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
}
