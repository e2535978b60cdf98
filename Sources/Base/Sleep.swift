import Glibc

/// Blocks the calling thread for `seconds` (again after a signal interrupts the wait): request
/// handlers and background work run on threads of their own, so this is the honest way to wait.
public func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
