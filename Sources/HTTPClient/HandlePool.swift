import Synchronization

/// Idle easy handles, lent out one per request, so that concurrent requests never share a
/// handle and sequential ones find the connection they left open.
///
/// Last in, first out: the most recently returned handle is the one whose connection the server
/// is least likely to have closed. Beyond `capacity` idle handles, returned ones are closed; a
/// burst of more threads than that still works, it just opens connections.
final class HandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// An idle handle, or a new one; nil only when curl cannot create a handle.
    func checkOut() -> EasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return EasyHandle()
    }

    func checkIn(_ handle: EasyHandle) {
        let surplus: EasyHandle? = idle.withLock { handles in
            guard handles.count < capacity else { return handle }
            handles.append(handle)
            return nil
        }
        // Dropped here, outside the lock: curl_easy_cleanup closes sockets.
        _ = surplus
    }

    var idleCount: Int { idle.withLock { $0.count } }
}
