import Base
import EmulatorSupport
import OpenPhone

/// Where status and inbound webhooks go, and how they are signed and retried.
///
/// ```swift
/// let target = WebhookTarget(url: "https://127.0.0.1:8443/api/webhooks/openphone",
///                            secret: try WebhookSecret(configured: secretText), caFile: "/tmp/stack/ca.pem")
/// ```
public struct WebhookTarget: Sendable {
    public var url: String
    /// Signs every delivery (legacy `openphone-signature` scheme).
    public var secret: WebhookSecret
    /// A PEM CA bundle to trust for an `https` URL (the stack's own CA).
    public var caFile: String?
    /// Waits before the 2nd, 3rd, … attempt after a non-2xx answer or no answer; the number of
    /// entries is the number of retries. OpenPhone spreads retries over hours; the emulator's
    /// default is short enough for a test or a demo to see the end of it.
    public var retryDelays: [Duration]
    /// Time allowed per attempt; OpenPhone gives a webhook about 10 s.
    public var attemptTimeout: Duration
    /// Deliveries in flight at once (a stalled stack holds one per worker).
    public var workers: Int

    public init(url: String, secret: WebhookSecret, caFile: String? = nil,
                retryDelays: [Duration] = WebhookTarget.defaultRetryDelays,
                attemptTimeout: Duration = .seconds(10), workers: Int = 2) {
        self.url = url
        self.secret = secret
        self.caFile = caFile
        self.retryDelays = retryDelays
        self.attemptTimeout = attemptTimeout
        self.workers = workers
    }

    public static let defaultRetryDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8)]

    /// The URL without its query, for logs (a query may carry a token).
    public var redactedURL: String { String(url.prefix { $0 != "?" }) }
}

/// One webhook attempt, for the executable's log.
public struct WebhookAttemptRecord: Sendable {
    public var eventID: String
    public var type: String
    public var messageID: String
    public var attempt: Int
    /// The stack's answer status; nil when there was none.
    public var status: Int?
    /// Why there was no answer (timeout, connection refused, TLS), from the HTTP client.
    public var error: String?
    /// `delivered`, `retrying` or `failed` (no attempts left).
    public var outcome: String
}

/// How the emulated workspace behaves.
///
/// ```swift
/// var configuration = OpenPhoneEmulatorConfiguration()
/// configuration.webhook = WebhookTarget(url: recorder.url("/hook"), secret: secret)
/// let emulator = OpenPhoneEmulator(configuration: configuration)
/// defer { emulator.stop() }
/// ```
public struct OpenPhoneEmulatorConfiguration: Sendable {
    /// The key `Authorization` must carry, as is (no scheme).
    public var apiKey = "emulator-openphone-key"
    /// The workspace's lines: what `GET /v1/phone-numbers` lists and `from` may name.
    public var lines: [PhoneLine] = [.demo]
    /// API requests per second per key; 0 is unlimited. OpenPhone: 10.
    public var requestsPerSecond = 10
    /// After-send behaviour at start-up (and after reset).
    public var behaviour = DeliveryBehaviour()
    /// nil: no webhook goes out (messages still change status after the delay).
    public var webhook: WebhookTarget?
    /// The API's time (webhook scheduling runs on the real monotonic clock); tests substitute a
    /// ``ManualClock`` to step through rate-limit windows without sleeping.
    public var clock = EmulatorClock.system
    /// Called after every request (access logging).
    public var onRequest: (@Sendable (RequestRecord<OpenPhoneEndpoint>) -> Void)?
    /// Called after every webhook attempt.
    public var onWebhookAttempt: (@Sendable (WebhookAttemptRecord) -> Void)?

    public init() {}
}
