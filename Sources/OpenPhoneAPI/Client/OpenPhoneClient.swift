import Base
import HTTPClient
import JSON
import Synchronization

/// OpenPhone's REST API, as much of it as the inbox uses: sending a text and listing the
/// workspace's lines. One instance per process, shared by all threads; connections are reused.
///
/// ```swift
/// let configuration = try OpenPhoneConfiguration(environment: .current())
/// let client = OpenPhoneClient(configuration: configuration, gate: OpenPhoneRateGate(cache: cache, rate: configuration.rate))
/// let sent = try client.sendMessage(content: "Your order is ready", from: try client.sender(), to: "+15555550123")
/// ```
/// Calls block their thread (call them from worker threads); create the client after `fork()`,
/// in the process that uses it (its connections are not shared between processes). Nothing is
/// retried: a send is not idempotent, and whether a failed one may be sent again is the
/// caller's decision (``OpenPhoneError/mayHaveBeenSent``).
public final class OpenPhoneClient: Sendable {
    public let configuration: OpenPhoneConfiguration
    private let transport: any OpenPhoneTransport
    /// The stack-wide budget and hold-off; nil admits every call and shares no hold-off.
    private let gate: (any OpenPhoneGate)?
    private let holdOff = HoldOff()
    /// The line picked from `GET /v1/phone-numbers` and until when it is trusted.
    let pickedLine = Mutex<(sender: MessageSender, until: MonotonicTime)?>(nil)

    /// - Parameters:
    ///   - gate: what every call passes first (the stack-wide budget and hold-off).
    ///   - transport: what carries the requests; nil for an ``HTTPClient`` with the
    ///     configuration's timeout and CA file.
    public init(configuration: OpenPhoneConfiguration, gate: (any OpenPhoneGate)? = nil,
                transport: (any OpenPhoneTransport)? = nil) {
        self.configuration = configuration
        self.gate = gate
        self.transport = transport ?? Self.httpClient(for: configuration)
    }

    private static func httpClient(for configuration: OpenPhoneConfiguration) -> HTTPClient {
        var settings = HTTPClientConfiguration()
        settings.totalTimeout = configuration.timeout
        settings.connectTimeout = min(configuration.timeout, .seconds(2))
        settings.caFile = configuration.caFile
        settings.maxResponseBytes = 1 << 20
        settings.userAgent = "hubspot-fcgi/\(BuildInfo.version)"
        return HTTPClient(configuration: settings)
    }

    /// `POST /v1/messages` `{"content", "from", "to": [to]}`: OpenPhone queues the text (202) and
    /// later reports its fate by webhook (`message.delivered`, `message.failed`).
    ///
    /// - Parameters:
    ///   - from: the line to send from; nil for ``sender(timeout:)``'s choice (within the same budget).
    ///   - to: the recipient in E.164.
    ///   - timeout: the whole call's budget; nil for `OPENPHONE_TIMEOUT_MS`.
    /// - Throws: ``OpenPhoneError``; when its ``OpenPhoneError/mayHaveBeenSent`` is true the text
    ///   may have gone out and must not be sent again blindly.
    public func sendMessage(content: String, from: MessageSender? = nil, to: String,
                            timeout: Duration? = nil) throws(OpenPhoneError) -> SentMessage {
        let budget = timeout ?? configuration.timeout
        let started = MonotonicTime.now()
        let sender: MessageSender
        if let from { sender = from } else { sender = try self.sender(timeout: budget) }
        let body: JSONValue = ["content": .string(content), "from": .string(sender.wireValue), "to": [.string(to)]]
        let json = try send("POST", "/v1/messages", body: body,
                            budget: MonotonicTime.remaining(of: budget, since: started), hasEffect: true)
        guard let message = SentMessage(json: json) else {
            // OpenPhone said yes: the text is on its way even though we cannot name it.
            throw .invalidResponse("no message id in the answer", status: nil, mayHaveBeenSent: true)
        }
        return message
    }

    /// `GET /v1/phone-numbers`: the workspace's lines, in OpenPhone's order.
    public func phoneNumbers(timeout: Duration? = nil) throws(OpenPhoneError) -> [PhoneLine] {
        let json = try send("GET", "/v1/phone-numbers", body: nil, budget: timeout ?? configuration.timeout,
                            hasEffect: false)
        guard let lines = PhoneLine.lines(in: json) else {
            throw .invalidResponse("no data array in the phone numbers", status: nil, mayHaveBeenSent: false)
        }
        return lines
    }

    // MARK: - Transport

    /// Sends one request within `budget`: refused at once while OpenPhone's last 429 holds
    /// (here or anywhere in the stack); otherwise it waits for a token (up to half the budget)
    /// and gets what is left. Every error passes ``OpenPhoneError/redacting(_:)`` on its way out.
    ///
    /// - Parameter hasEffect: whether the request changes something at OpenPhone (a send), so
    ///   an exchange that broke off after it went out leaves that change in doubt.
    private func send(_ method: String, _ path: String, body: JSONValue?, budget: Duration,
                      hasEffect: Bool) throws(OpenPhoneError) -> JSONValue {
        do {
            return try exchange(method, path, body: body, budget: budget, hasEffect: hasEffect)
        } catch {
            throw error.redacting(configuration.apiKey)
        }
    }

    private func exchange(_ method: String, _ path: String, body: JSONValue?, budget: Duration,
                          hasEffect: Bool) throws(OpenPhoneError) -> JSONValue {
        guard let key = configuration.apiKey else {
            throw .notConfigured("no OpenPhone API key is configured (OPENPHONE_API_KEY)")
        }
        let started = MonotonicTime.now()
        let wait = max(holdOff.remaining, gate?.holdOffRemaining ?? .zero)
        if wait > .zero { throw .rateLimited(retryAfter: wait) }
        try gate?.admit(maxWait: budget * 0.5)
        let remaining = MonotonicTime.remaining(of: budget, since: started)
        guard remaining > .milliseconds(10) else { throw .timeout(budget, mayHaveBeenSent: false) }

        var headers: [(name: String, value: String)] = [("Authorization", key.reveal()), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        // A send over a reused connection could be sent twice by curl's own retry: never reuse.
        let request = HTTPClientRequest(method: method, url: configuration.baseURL + path, headers: headers,
                                        body: body?.encoded(), atMostOnce: hasEffect)
        let response: HTTPClientResponse
        do {
            response = try transport.send(request, timeout: remaining)
        } catch {
            throw Self.error(for: error, budget: budget, hasEffect: hasEffect)
        }
        do {
            return try OpenPhoneResponse.json(from: response, hasEffect: hasEffect)
        } catch {
            if error.kind == .rateLimited, let wait = error.retryAfter {
                holdOff.hold(for: wait)
                gate?.holdOff(for: wait)
            }
            throw error
        }
    }

    /// What a failed exchange means. Connecting (or TLS) failed: nothing reached OpenPhone. A
    /// timeout or a broken exchange may have come after the request went out.
    static func error(for failure: HTTPClientError, budget: Duration, hasEffect: Bool) -> OpenPhoneError {
        switch failure.kind {
        case .timeout:
            return .timeout(budget, mayHaveBeenSent: hasEffect)
        case .connectFailed:
            return .unavailable(status: nil, reason: "OpenPhone is unreachable (\(failure.message))", mayHaveBeenSent: false)
        case .tls:
            return .unavailable(status: nil, reason: "TLS to OpenPhone failed (\(failure.message))", mayHaveBeenSent: false)
        case .responseTooLarge:
            return .invalidResponse("the answer is larger than allowed", status: nil, mayHaveBeenSent: hasEffect)
        case .invalidURL:
            return .notConfigured("OPENPHONE_BASE_URL is not a usable URL")
        default:
            return .unavailable(status: nil, reason: "the exchange with OpenPhone failed (\(failure.message))",
                                mayHaveBeenSent: hasEffect)
        }
    }
}
