import Base
import EmulatorSupport
import HTTPServer
import JSON

/// A stand-in OpenPhone workspace: `POST /v1/messages` and `GET /v1/phone-numbers` with
/// OpenPhone's key check, validation, error shape and rate limit, and after each accepted send a
/// signed `message.delivered` (or `message.failed`) webhook back to the stack, plus
/// `/__emulator/` control paths for tests and the demo (stats, messages, fault, behaviour,
/// inbound, reset). Plug ``handle(_:)`` into an ``HTTPServer`` or call it directly in tests.
///
/// ```swift
/// let emulator = OpenPhoneEmulator(configuration: configuration)
/// let server = try HTTPServer.start(.init(port: 0), handler: emulator.handle)
/// defer { server.stop(); emulator.stop() }
/// ```
///
/// Order of checks on an API call: the route (404/405); the injected fault (close, stall,
/// latency, status); the key (401); the rate limit (429); the request itself (400). Injected
/// latency delays the answer, not the message: a delayed send's webhook may reach the stack
/// before its 202 does, as happens with OpenPhone on a slow link.
public final class OpenPhoneEmulator: Sendable {
    public let configuration: OpenPhoneEmulatorConfiguration
    let ledger: Ledger
    let deliverer: WebhookDeliverer

    public init(configuration: OpenPhoneEmulatorConfiguration = OpenPhoneEmulatorConfiguration()) {
        self.configuration = configuration
        ledger = Ledger(behaviour: configuration.behaviour)
        deliverer = WebhookDeliverer(ledger: ledger, target: configuration.webhook,
                                     onAttempt: configuration.onWebhookAttempt)
    }

    /// Drops webhooks not yet sent and waits for attempts in flight (at most one attempt timeout).
    public func stop() { deliverer.stop() }

    /// Answers one request; never blocks (latency and stalls are the server's to carry out).
    @Sendable
    public func handle(_ request: ServerRequest) -> ServerResponse {
        EmulatorHandler(clock: configuration.clock, onRequest: configuration.onRequest)
            .handle(request, control: control, api: api)
    }

    private func api(_ request: ServerRequest, record: inout RequestRecord<OpenPhoneEndpoint>) -> ServerResponse {
        let endpoint: OpenPhoneEndpoint
        switch OpenPhoneEndpoint.route(method: request.method, path: request.path) {
        case .failure(let error): return error.response()
        case .success(let route): endpoint = route
        }
        record.endpoint = endpoint
        let fault = ledger.state.withLock { state -> Fault? in
            let fault = state.fault.take(for: endpoint)
            if fault != nil { state.stats.faulted += 1 }
            return fault
        }
        var response: ServerResponse
        if let fault, let replacement = fault.replacement() {
            response = replacement
        } else {
            response = authorizedAnswer(endpoint, request)
        }
        if let fault { response.delay = .milliseconds(fault.latencyMs) }
        if response.action == .answer {
            ledger.state.withLock { $0.stats.count(endpoint, status: response.status) }
        }
        return response
    }

    /// The key, the rate limit, then the endpoint itself.
    private func authorizedAnswer(_ endpoint: OpenPhoneEndpoint, _ request: ServerRequest) -> ServerResponse {
        guard let key = request.headers["authorization"], key == configuration.apiKey else {
            ledger.state.withLock { $0.stats.unauthorized += 1 }
            return APIError.unauthorized.response()
        }
        let now = configuration.clock.monotonic()
        let limit = configuration.requestsPerSecond
        let wait = ledger.state.withLock { state -> Int? in
            guard !state.limiter.admit(key, limit: limit, now: now) else { return nil }
            state.stats.rateLimited += 1
            return state.limiter.secondsUntilFree(key, now: now)
        }
        if let wait { return APIError.rateLimited(retryAfterSeconds: wait).response() }
        switch endpoint {
        case .sendMessage: return sendMessage(request)
        case .phoneNumbers: return phoneNumbers()
        }
    }
}
