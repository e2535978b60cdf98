import Base
import Glibc
import JSON
import Synchronization

/// Who looked at which contact data, when, with what result — one JSON line per access, appended
/// to `AUDIT_LOG`. Personal data is limited to what identifies the access (the normalized number
/// looked up, or only the length of a search query); never a secret.
///
/// Lines are buffered and written every `AUDIT_FLUSH_MS` (default 250 ms) or whenever 32 KiB are
/// waiting, like nginx's `access_log … buffer= flush=`: a `write(2)` per request to an `O_APPEND`
/// file costs a quarter of a cached lookup's throughput (inode lock and journal per write,
/// measured with `nginx/stack bench`). A worker that drains flushes before it leaves; one killed
/// with `kill -9` loses at most the last flush interval of lines. `AUDIT_FLUSH_MS=0` writes each
/// line at once. Every write is whole lines on an `O_APPEND` descriptor, so lines from every
/// worker of every responder interleave whole.
///
/// The buffer is split in 16 stripes, each used by the threads whose id falls on it: one shared
/// buffer made every request of a worker's 64 threads queue on one mutex (and, on 2 cores, sleep
/// and wake on it).
public final class AuditLog: Sendable {
    /// Flush when a stripe holds this much, whatever the interval — unless a write is already
    /// under way: a disk that stalls (another process's fsyncs, a full journal) must not stall
    /// every request of the stack, so lines pile up in memory meanwhile…
    static let bufferLimit = 16 * 1024
    /// …up to this much per stripe (16 MiB a worker, seconds of the busiest traffic measured),
    /// past which a request waits for the disk rather than the memory growing further.
    static let stallLimit = 1024 * 1024
    static let stripeCount = 16

    private final class Stripe: Sendable {
        let pending = Mutex<[UInt8]>([])
    }

    private let fd: Int32
    private let flushInterval: Double
    private let stripes = (0..<AuditLog.stripeCount).map { _ in Stripe() }
    /// Serializes writes, so chunks taken in order reach the file in order.
    private let writing = Mutex<Void>(())
    private let flusherStarted = Atomic<Bool>(false)

    /// Opens (creating, mode 0640) the audit file; nil path → stderr, as a last resort that still
    /// keeps the record. `flushInterval` 0 writes every line at once.
    public init(path: String?, flushInterval: Double = 0.25) throws(ConfigurationError) {
        self.flushInterval = max(0, flushInterval)
        guard let path else {
            fd = 2
            return
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard opened >= 0 else {
            throw ConfigurationError("cannot open AUDIT_LOG \(path): \(String(cString: strerror(errno)))")
        }
        fd = opened
    }

    public struct Entry: Sendable {
        public var endpoint: String
        public var user: String?
        public var requestID: String?
        /// What was looked up, already reduced to what the audit may hold.
        public var subject: JSONObject
        /// `found`, `not_found`, `results`, `bad_request`, or a HubSpot error code.
        public var result: String
        public var latencyMilliseconds: Double

        public init(endpoint: String, user: String?, requestID: String?, subject: JSONObject, result: String,
                    latencyMilliseconds: Double) {
            self.endpoint = endpoint
            self.user = user
            self.requestID = requestID
            self.subject = subject
            self.result = result
            self.latencyMilliseconds = latencyMilliseconds
        }
    }

    public func record(_ entry: Entry) {
        // Written straight into bytes: this runs on every lookup, and a dictionary of values
        // encoded afterwards cost a sixth of the lookup responder's time.
        var line = JSONObjectWriter(capacity: 256)
        line.member("time", ascii: { Timestamp.now().appendISO8601(to: &$0) })
        line.member("endpoint", entry.endpoint)
        line.member("user", entry.user)
        if let requestID = entry.requestID { line.member("requestId", requestID) }
        line.members(of: entry.subject)
        line.member("result", entry.result)
        line.member("latencyMs", (entry.latencyMilliseconds * 100).rounded() / 100)
        var bytes = line.finished()
        bytes.append(10)
        guard flushInterval > 0 else {
            writing.withLock { _ in writeAll(bytes) }
            return
        }
        startFlusherOnce()
        let stripe = stripes[ThreadStripe.current(of: Self.stripeCount)]
        let waiting = stripe.pending.withLock { buffer in
            buffer.append(contentsOf: bytes)
            return buffer.count
        }
        if waiting >= Self.stallLimit {
            flush()
        } else if waiting >= Self.bufferLimit {
            flush(unlessWriting: true)
        }
    }

    /// Writes whatever is waiting, in one `write` when possible.
    public func flush() { flush(unlessWriting: false) }

    /// `unlessWriting`: returns at once when another thread is writing (its write, or the next
    /// one, takes these lines too).
    private func flush(unlessWriting: Bool) {
        if unlessWriting {
            writing.withLockIfAvailable { _ in writeWaiting() }
        } else {
            writing.withLock { _ in writeWaiting() }
        }
    }

    /// Takes every stripe's lines and writes them; the caller holds `writing`.
    private func writeWaiting() {
        var chunk: [UInt8] = []
        for stripe in stripes {
            stripe.pending.withLock { buffer in
                chunk.append(contentsOf: buffer)
                // A stripe that grew while the disk stalled gives that memory back.
                buffer.removeAll(keepingCapacity: buffer.capacity <= 2 * Self.bufferLimit)
            }
        }
        if !chunk.isEmpty { writeAll(chunk) }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // disk full or closed: nothing better to do here
                offset += written
            }
        }
    }

    /// The flusher thread and the drain hook, started with the first buffered line (so processes
    /// that never audit start no thread).
    private func startFlusherOnce() {
        guard !flusherStarted.load(ordering: .relaxed),
              flusherStarted.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        ShutdownHooks.register { [self] in flush() }
        let started = spawnDetachedThread { [self] in
            let microseconds = useconds_t(min(flushInterval, 60) * 1_000_000)
            while true {
                usleep(microseconds)
                flush()
            }
        }
        if !started { flusherStarted.store(false, ordering: .relaxed) }
    }
}
