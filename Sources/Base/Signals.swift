import Glibc

/// Signal sets and masks. Responders never run code in signal handlers: the signals they act on
/// are blocked in every thread and taken synchronously with `sigwait`/`sigtimedwait`. Public for
/// the command-line tools that follow the same discipline (`contacts-sync`'s loop).
public enum Signals {
    /// A `sigset_t` holding `signals`.
    public static func set(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    /// Blocks `signals` in the calling thread; threads created afterwards inherit the mask.
    public static func block(_ signals: [Int32]) {
        var set = set(signals)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for one of `signals` for at most `seconds`; nil on timeout.
    public static func wait(for signals: [Int32], seconds: Double) -> Int32? {
        var set = set(signals)
        var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        let received = sigtimedwait(&set, nil, &timeout)
        return received > 0 ? received : nil
    }

    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGILL: "SIGILL"
        case SIGBUS: "SIGBUS"
        case SIGTRAP: "SIGTRAP"
        case SIGCHLD: "SIGCHLD"
        default: "signal \(signal)"
        }
    }
}
