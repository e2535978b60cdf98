import Base
import EmulatorSupport
import HTTPServer
import JSON
import PhoneNumbers
import Synchronization

/// A stand-in HubSpot CRM account: contacts search/list/get/create/update/delete/merge, company
/// get, communications (create, batch create, get, search) and association labels, with
/// HubSpot's auth, scope, rate-limit and error behaviour; every contact or company change is
/// delivered as a signed HubSpot webhook to the configured target. `/__emulator/` control
/// endpoints serve tests (reset, stats, faults, seed, behaviour, webhooks, changes without a
/// token). Plug ``handle(_:)`` into an ``HTTPServer`` or call it directly in tests.
///
/// ```swift
/// let emulator = HubSpotEmulator(seed: try SeedData(contacts: bytes, region: .us, now: 0))
/// let server = try HTTPServer.start(.init(port: 0), handler: emulator.handle)
/// defer { server.stop(); emulator.stop() }
/// ```
///
/// Order of checks on an API call: count it; injected `mode` (down/timeout); injected latency;
/// injected status; token (401); scope (403); search or non-search rate limit (429); the request
/// itself (400, 404, 409); then, for a write that succeeded, an injected lost answer. The
/// account's own latency (``AccountBehaviour/latency``) is spent after the answer is decided, so
/// a call is counted against the limits when it arrives, like HubSpot counts a search whose
/// caller gave up waiting; a rate-limit refusal answers at once.
public final class HubSpotEmulator: Sendable {
    public let configuration: HubSpotEmulatorConfiguration
    let seed: Mutex<SeedData>
    let state: Mutex<State>
    let webhooks: WebhookSender

    struct State {
        var store: Store
        var faults = Faults()
        var stats = Stats()
        var limiter = SlidingWindowLimiter()
        /// Non-search calls: HubSpot's TEN_SECONDLY_ROLLING policy.
        var tenSecondlyLimiter = SlidingWindowLimiter(window: .seconds(10))
        var behaviour: AccountBehaviour
        var random: SeededRandom

        init(seed: SeedData, configuration: HubSpotEmulatorConfiguration) {
            store = Store(seed: seed, phones: configuration.calculatedPhones)
            behaviour = configuration.behaviour
            random = SeededRandom(seed: configuration.behaviour.randomSeed)
        }
    }

    public init(configuration: HubSpotEmulatorConfiguration = HubSpotEmulatorConfiguration(), seed: SeedData = SeedData()) {
        self.configuration = configuration
        self.seed = Mutex(seed)
        self.state = Mutex(State(seed: seed, configuration: configuration))
        webhooks = WebhookSender(target: configuration.webhook, randomSeed: configuration.behaviour.randomSeed,
                                 firstEventID: configuration.clock.now().milliseconds * 1000,
                                 onAttempt: configuration.onWebhookAttempt)
    }

    /// Drops webhooks not yet sent and waits for attempts in flight (at most one attempt timeout).
    public func stop() { webhooks.stop() }

    /// Answers one request. Blocks for injected latency.
    @Sendable
    public func handle(_ request: ServerRequest) -> ServerResponse {
        EmulatorHandler(clock: configuration.clock, onRequest: configuration.onRequest)
            .handle(request, control: control, api: api)
    }

    /// Number of contacts and companies currently held.
    public var counts: (contacts: Int, companies: Int) {
        state.withLock { ($0.store.contacts.count, $0.store.companies.count) }
    }

    // MARK: - API calls

    private func api(_ request: ServerRequest, record: inout RequestRecord<HubSpotEndpoint>) -> ServerResponse {
        let route: HubSpotEndpoint.Route
        switch HubSpotEndpoint.route(method: request.method, path: request.path, segments: request.pathSegments) {
        case .failure(let error):
            return error.response()
        case .success(let routed):
            route = routed
        }
        let endpoint = route.endpoint
        record.endpoint = endpoint
        let arrival = configuration.clock.monotonic()
        let (mode, latency, timeoutMs, accountLatency) = state.withLock { state in
            state.stats.calls[endpoint, default: 0] += 1
            if endpoint == .search {
                state.stats.recordSearch(request.body)
                state.stats.recordSearchArrival(at: arrival)
            }
            let mode = state.faults.mode(for: endpoint)
            if mode != .normal { state.stats.faulted += 1 }
            return (mode, state.faults.latency(for: endpoint), state.faults.timeoutMs,
                    state.behaviour.latency.sample(&state.random))
        }
        switch mode {
        case .down: return .closeWithoutAnswer
        case .timeout: return .stall(seconds: Double(timeoutMs) / 1000)
        case .normal: break
        }
        if latency > 0 { configuration.clock.sleep(.milliseconds(latency)) }
        let token = configuration.tokens.authenticate(request.headers["authorization"])
        record.credentialLabel = token?.label
        var rateLimited = false
        let response = answer(route, request: request, token: token, rateLimited: &rateLimited)
        let lost = state.withLock { state -> Faults.LostAnswer? in
            state.stats.recordAnswer(endpoint, status: response.status)
            guard endpoint.writes, (200...299).contains(response.status),
                  let lost = state.faults.lostAnswer.take(for: endpoint) else { return nil }
            state.stats.lostAnswers += 1
            return lost
        }
        if accountLatency > 0, !rateLimited { configuration.clock.sleep(.milliseconds(accountLatency)) }
        switch lost?.mode {
        case .close?: return .closeWithoutAnswer
        case .stall?: return .stall(seconds: Double(timeoutMs) / 1000)
        case nil: return response
        }
    }

    private func answer(_ route: HubSpotEndpoint.Route, request: ServerRequest, token: AccessToken?,
                        rateLimited: inout Bool) -> ServerResponse {
        let endpoint = route.endpoint, id = route.id ?? ""
        let (fault, behaviour) = state.withLock { state in
            let fault = state.faults.takeStatus(for: endpoint)
            if fault != nil { state.stats.faulted += 1 }
            return (fault, state.behaviour)
        }
        if let fault {
            if let raw = fault.rawBody {
                var headers = [HTTPField(name: "Content-Type", value: "text/html; charset=utf-8")]
                if let retry = fault.retryAfter { headers.append(HTTPField(name: "Retry-After", value: String(retry))) }
                return ServerResponse(status: fault.status, headers: headers, body: Array(raw.utf8))
            }
            return fault.error(requiredScope: endpoint.requiredScope).response()
        }
        guard let token else { return APIError.invalidAuthentication.response() }
        guard token.scopes.contains(endpoint.requiredScope) else {
            return APIError.missingScopes([endpoint.requiredScope]).response()
        }
        let limits = admit(endpoint, token: token, behaviour: behaviour)
        if let refusal = limits.refusal {
            rateLimited = true
            return refusal.response()
        }
        var response: ServerResponse
        do {
            switch endpoint {
            case .search: response = try search(request, behaviour: behaviour)
            case .list: response = try list(request)
            case .get: response = try getContact(id, request)
            case .create: response = try create(request, behaviour: behaviour)
            case .update: response = try updateContact(id, request, behaviour: behaviour)
            case .archive: response = try archiveContact(id)
            case .merge: response = try mergeContacts(request, behaviour: behaviour)
            case .company: response = try getCompany(id, request)
            case .communicationCreate: response = try createCommunication(request, behaviour: behaviour)
            case .communicationsBatchCreate: response = try batchCreateCommunications(request, behaviour: behaviour)
            case .communicationGet: response = try getCommunication(id, request)
            case .communicationsSearch: response = try searchCommunications(request)
            case .associationLabels:
                response = try associationLabels(from: route.pair?.from ?? "", to: route.pair?.to ?? "",
                                                 behaviour: behaviour)
            }
        } catch {
            response = error.response()
        }
        response.headers += limits.headers
        return response
    }

    /// Counts the call against its rate limit: the search limit (SECONDLY) for searches, the
    /// rolling ten-second one for everything else. Non-search answers carry HubSpot's
    /// `X-HubSpot-RateLimit-*` headers while that limit is on.
    private func admit(_ endpoint: HubSpotEndpoint, token: AccessToken, behaviour: AccountBehaviour)
        -> (refusal: APIError?, headers: [HTTPField])
    {
        let now = configuration.clock.monotonic()
        return state.withLock { state in
            if endpoint.isSearch {
                guard !state.limiter.admit(token.label, limit: configuration.searchRatePerSecond, now: now) else {
                    return (nil, [])
                }
                state.stats.rateLimited += 1
                let wait = behaviour.retryAfter ? state.limiter.secondsUntilFree(token.label, now: now) : nil
                return (APIError.rateLimited(policy: "SECONDLY", retryAfterSeconds: wait), [])
            }
            let limit = behaviour.tenSecondlyLimit
            guard limit > 0 else { return (nil, []) }
            let admitted = state.tenSecondlyLimiter.admit(token.label, limit: limit, now: now)
            let used = state.tenSecondlyLimiter.count(token.label, now: now)
            let headers = [HTTPField(name: "X-HubSpot-RateLimit-Max", value: String(limit)),
                           HTTPField(name: "X-HubSpot-RateLimit-Remaining", value: String(max(0, limit - used))),
                           HTTPField(name: "X-HubSpot-RateLimit-Interval-Milliseconds", value: "10000")]
            guard !admitted else { return (nil, headers) }
            state.stats.rateLimited += 1
            let wait = behaviour.retryAfter ? state.tenSecondlyLimiter.secondsUntilFree(token.label, now: now) : nil
            var refusal = APIError.rateLimited(policy: "TEN_SECONDLY_ROLLING", retryAfterSeconds: wait)
            refusal.headers += headers
            return (refusal, [])
        }
    }
}
