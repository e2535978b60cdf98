import Synchronization

/// Work a worker must do before it leaves after a drain: flush buffered logs, say. The worker
/// exits with `_exit` (other threads may still sit in `accept`), so `atexit` handlers never run;
/// these do, in registration order, once the in-flight requests are finished.
///
/// ```swift
/// ShutdownHooks.register { auditLog.flush() }
/// ```
public enum ShutdownHooks {
    private static let hooks = Mutex<[@Sendable () -> Void]>([])

    public static func register(_ hook: @escaping @Sendable () -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    /// Runs every hook (called by the worker after draining).
    static func run() {
        for hook in hooks.withLock({ $0 }) { hook() }
    }
}
