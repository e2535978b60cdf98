import Base
import HTTPClient
import HTTPServer
import OpenPhone

/// Sends each message's webhook when it falls due, on background threads, signed like OpenPhone
/// signs (`openphone-signature: hmac;1;<ms>;<base64>`), retrying a non-2xx answer or a failed
/// connection after each of the target's ``WebhookTarget/retryDelays``. The API answer never
/// waits for any of it.
///
/// ```swift
/// deliverer.schedule(messageID: message.id, after: .milliseconds(200))
/// ```
///
/// Workers start when work is scheduled and end when none is left, so an idle emulator holds no
/// thread. Without a target, due messages still change status (and are marked `skipped`).
final class WebhookDeliverer: @unchecked Sendable {
    // @unchecked: `jobs`, `running` and `stopping` are only touched while holding `condition`.
    private struct Job {
        var messageID: String
        var due: MonotonicTime
        var attempt = 0
        var event: PreparedEvent?
    }

    private let ledger: Ledger
    private let target: WebhookTarget?
    private let client: HTTPClient?
    private let signer: WebhookSigner?
    private let onAttempt: (@Sendable (WebhookAttemptRecord) -> Void)?
    private let workerLimit: Int
    private let condition = ConditionLock()
    private var jobs: [Job] = []
    private var running = 0
    private var stopping = false

    init(ledger: Ledger, target: WebhookTarget?, onAttempt: (@Sendable (WebhookAttemptRecord) -> Void)?) {
        self.ledger = ledger
        self.target = target
        self.onAttempt = onAttempt
        workerLimit = max(1, target?.workers ?? 1)
        if let target {
            var configuration = HTTPClientConfiguration()
            configuration.caFile = target.caFile
            configuration.totalTimeout = target.attemptTimeout
            configuration.userAgent = "OpenPhone-Emulator-Webhooks/1.0"
            client = HTTPClient(configuration: configuration)
            signer = WebhookSigner(secret: target.secret)
        } else {
            client = nil
            signer = nil
        }
    }

    /// Webhooks waiting for their time or for a retry.
    var pendingCount: Int { condition.locked { jobs.count } }

    func schedule(messageID: String, after delay: Duration) {
        enqueue(Job(messageID: messageID, due: MonotonicTime.now().adding(seconds: delay.inSeconds)))
    }

    /// Forgets every waiting webhook (reset). An attempt in flight finishes but is not retried.
    func cancelAll() {
        condition.locked {
            jobs.removeAll()
            condition.broadcastLocked()
        }
    }

    /// Cancels what waits and lets attempts in flight end (each is bounded by the attempt timeout).
    func stop() {
        let deadline = MonotonicTime.now().adding(seconds: (target?.attemptTimeout.inSeconds ?? 0) + 1)
        condition.locked {
            stopping = true
            jobs.removeAll()
            condition.broadcastLocked()
            while running > 0, condition.waitLocked(until: deadline) {}
        }
    }

    private func enqueue(_ job: Job) {
        let start = condition.locked { () -> Bool in
            guard !stopping else { return false }
            jobs.append(job)
            condition.broadcastLocked()
            guard running < workerLimit, running < jobs.count else { return false }
            running += 1
            return true
        }
        // A worker blocks in its HTTP call (curl and TLS on its stack): glibc's usual 8 MiB.
        if start, !spawnDetachedThread(stackBytes: 8 << 20, { self.work() }) {
            condition.locked {
                running -= 1
                condition.broadcastLocked()
            }
        }
    }

    private func work() {
        while let job = next() { run(job) }
    }

    /// The earliest job once it is due; nil (and this worker ends) when none is left.
    private func next() -> Job? {
        condition.locked {
            while true {
                guard !stopping, let index = jobs.indices.min(by: { jobs[$0].due < jobs[$1].due }) else {
                    running -= 1
                    condition.broadcastLocked()
                    return nil
                }
                let due = jobs[index].due
                if due <= MonotonicTime.now() { return jobs.remove(at: index) }
                _ = condition.waitLocked(until: due)
            }
        }
    }

    private func run(_ job: Job) {
        var job = job
        if job.event == nil {
            job.event = ledger.prepareEvent(messageID: job.messageID, now: Timestamp.now(), canDeliver: target != nil)
        }
        guard let event = job.event, let target, let client, let signer else { return }
        job.attempt += 1
        var status: Int?
        var failure: String?
        do {
            let signature = try signer.legacyHeaders(body: event.body, timestampMilliseconds: Timestamp.now().milliseconds)
            var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
            headers += signature.fields.map { ($0.name, $0.value) }
            let response = try client.send(HTTPClientRequest(method: "POST", url: target.url, headers: headers,
                                                              body: event.body))
            status = response.status
        } catch {
            failure = "\(error)"
        }
        let delivered = status.map { (200...299).contains($0) } ?? false
        let retryIndex = job.attempt - 1
        let retrying = !delivered && retryIndex < target.retryDelays.count
        let outcome: EmulatedMessage.WebhookState = delivered ? .delivered : (retrying ? .pending : .failed)
        ledger.recordAttempt(event, status: status, outcome: outcome, retrying: retrying)
        onAttempt?(WebhookAttemptRecord(eventID: event.id, type: event.type, messageID: event.messageID,
                                        attempt: job.attempt, status: status, error: failure,
                                        outcome: delivered ? "delivered" : (retrying ? "retrying" : "failed")))
        if retrying, ledger.state.withLock({ $0.generation }) == event.generation {
            job.due = MonotonicTime.now().adding(seconds: target.retryDelays[retryIndex].inSeconds)
            enqueue(job)
        }
    }
}
