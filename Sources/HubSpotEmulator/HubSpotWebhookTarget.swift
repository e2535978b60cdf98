import HubSpotWebhooks

/// Which signature headers a delivery carries. HubSpot signs CRM object webhooks with v1
/// (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v1`) and adds v3
/// (`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp`) for OAuth apps; whether private
/// apps get v3 is undocumented, so the emulator can send either or both.
public enum WebhookSignatures: String, Sendable, CaseIterable {
    case v3, v1, both

    var v3: Bool { self != .v1 }
    var v1: Bool { self != .v3 }
}

/// Where the emulated account's webhooks go and how they are signed, batched and retried.
///
/// ```swift
/// let target = HubSpotWebhookTarget(url: recorder.url("/api/webhooks/hubspot"),
///                                   secret: HubSpotWebhookSecret("test-webhook-secret-0001"))
/// configuration.webhook = target
/// ```
public struct HubSpotWebhookTarget: Sendable {
    /// The one target URL of the app; also the URL the v3 signature covers.
    public var url: String
    /// The app's client secret.
    public var secret: HubSpotWebhookSecret
    /// A PEM CA bundle to trust for an `https` URL (the stack's own CA).
    public var caFile: String?
    public var signatures: WebhookSignatures
    /// Waits before the 2nd, 3rd, … attempt after a non-2xx answer, a timeout or no connection;
    /// the number of entries is the number of retries. HubSpot retries up to 10 times over 24
    /// hours with randomised delays; the default keeps its shape (10 retries, doubling) in
    /// about 17 minutes. Each wait gets up to 20 % more, at random.
    public var retryDelays: [Duration]
    /// Time allowed per attempt; HubSpot's documented timeout is 5 s.
    public var attemptTimeout: Duration
    /// Deliveries in flight at once; HubSpot allows a private app 10.
    public var concurrency: Int
    /// Events within this window after the first one go out together (at most 100 per request).
    public var batchWindow: Duration
    public var portalID: Int64
    public var appID: Int64

    public init(url: String, secret: HubSpotWebhookSecret, caFile: String? = nil, signatures: WebhookSignatures = .both,
                retryDelays: [Duration] = HubSpotWebhookTarget.defaultRetryDelays,
                attemptTimeout: Duration = .seconds(5), concurrency: Int = 10,
                batchWindow: Duration = .milliseconds(100), portalID: Int64 = 62515, appID: Int64 = 54321) {
        self.url = url
        self.secret = secret
        self.caFile = caFile
        self.signatures = signatures
        self.retryDelays = retryDelays
        self.attemptTimeout = attemptTimeout
        self.concurrency = concurrency
        self.batchWindow = batchWindow
        self.portalID = portalID
        self.appID = appID
    }

    public static let defaultRetryDelays: [Duration] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map { .seconds($0) }

    /// Events per request, HubSpot's documented maximum.
    public static let maxEventsPerRequest = 100

    /// The URL without its query, for logs (a query may carry a token).
    public var redactedURL: String { String(url.prefix { $0 != "?" }) }
}

/// One webhook attempt, for the executable's log.
public struct HubSpotWebhookAttempt: Sendable {
    public var deliveryID: Int
    /// 0 for the first attempt, as HubSpot's `attemptNumber` counts.
    public var attemptNumber: Int
    public var events: Int
    /// The stack's answer status; nil when there was none.
    public var status: Int?
    /// Why there was no answer (timeout, connection refused, TLS), from the HTTP client.
    public var error: String?
    /// `delivered`, `retrying` or `failed` (no attempts left).
    public var outcome: String
}
