import Synchronization

/// Work a process must do before it leaves: flush buffered logs, say. A responder's worker exits
/// with `_exit` after draining (other threads may still sit in `accept`), so `atexit` handlers
/// never run; these do, in registration order, once the in-flight requests are finished.
///
/// ```swift
/// ShutdownHooks.register { auditLog.flush() }
/// ```
public enum ShutdownHooks {
    private static let hooks = Mutex<[@Sendable () -> Void]>([])

    public static func register(_ hook: @escaping @Sendable () -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    /// Runs every hook (the responder's worker calls it after draining).
    public static func run() {
        for hook in hooks.withLock({ $0 }) { hook() }
    }
}
