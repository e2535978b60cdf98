import Base
import EmulatorSupport
import HTTPClient
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
/// The threads and timing are EmulatorSupport's `DelayedWorkQueue`. Without a target, due
/// messages still change status (and are marked `skipped`).
final class WebhookDeliverer: Sendable {
    private struct Job: Sendable {
        var messageID: String
        var attempt = 0
        var event: PreparedEvent?
    }

    private let ledger: Ledger
    private let target: WebhookTarget?
    private let client: HTTPClient?
    private let signer: WebhookSigner?
    private let onAttempt: (@Sendable (WebhookAttemptRecord) -> Void)?
    private let queue: DelayedWorkQueue

    init(ledger: Ledger, target: WebhookTarget?, onAttempt: (@Sendable (WebhookAttemptRecord) -> Void)?) {
        self.ledger = ledger
        self.target = target
        self.onAttempt = onAttempt
        queue = DelayedWorkQueue(workers: target?.workers ?? 1)
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
    var pendingCount: Int { queue.pendingCount }

    func schedule(messageID: String, after delay: Duration) {
        enqueue(Job(messageID: messageID), after: delay)
    }

    /// Forgets every waiting webhook (reset). An attempt in flight finishes but is not retried.
    func cancelAll() { queue.cancelAll() }

    /// Cancels what waits and lets attempts in flight end (each is bounded by the attempt timeout).
    func stop() { queue.stop(waitingUpTo: .seconds((target?.attemptTimeout.inSeconds ?? 0) + 1)) }

    private func enqueue(_ job: Job, after delay: Duration) {
        queue.schedule(after: delay) { self.run(job) }
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
            enqueue(job, after: target.retryDelays[retryIndex])
        }
    }
}
