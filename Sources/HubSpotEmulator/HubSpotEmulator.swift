import HTTPServer
import JSON
import PhoneNumbers
import Synchronization

/// A stand-in HubSpot CRM v3 account: contacts search/list/get/create and company get, with
/// HubSpot's auth, scope, rate-limit and error behaviour, plus `/__emulator/` control endpoints
/// for tests (reset, stats, faults, seed). Plug ``handle(_:)`` into an ``HTTPServer`` or call it
/// directly in tests.
///
/// ```swift
/// let emulator = HubSpotEmulator(seed: try SeedData(contacts: bytes, region: .us, now: 0))
/// let server = try HTTPServer.start(.init(port: 0), handler: emulator.handle)
/// ```
///
/// Order of checks on an API call: count it; injected `mode` (down/timeout); injected latency;
/// injected status; token (401); scope (403); search rate limit (429); the request itself (400,
/// 404, 409).
public final class HubSpotEmulator: Sendable {
    public let configuration: EmulatorConfiguration
    let seed: Mutex<SeedData>
    let state: Mutex<State>

    struct State {
        var store: Store
        var faults = Faults()
        var stats = Stats()
        var limiter = SlidingWindowLimiter()

        init(seed: SeedData, region: PhoneRegion) { store = Store(seed: seed, region: region) }
    }

    public init(configuration: EmulatorConfiguration = EmulatorConfiguration(), seed: SeedData = SeedData()) {
        self.configuration = configuration
        self.seed = Mutex(seed)
        self.state = Mutex(State(seed: seed, region: configuration.defaultRegion))
    }

    /// Answers one request. Blocks for injected latency.
    @Sendable
    public func handle(_ request: ServerRequest) -> ServerResponse {
        let clock = configuration.clock
        let started = clock.monotonicNanoseconds()
        var record = RequestRecord(method: request.method, path: request.path, endpoint: nil, status: nil,
                                   outcome: "answered", milliseconds: 0, tokenLabel: nil)
        let response: ServerResponse
        if request.path == "/__emulator" || request.path.hasPrefix("/__emulator/") {
            response = control(request)
        } else {
            response = api(request, record: &record)
        }
        switch response.action {
        case .answer: record.status = response.status
        case .close: record.outcome = "dropped"
        case .stall: record.outcome = "stalled"
        }
        record.milliseconds = Double(clock.monotonicNanoseconds() &- started) / 1e6
        configuration.onRequest?(record)
        return response
    }

    /// Number of contacts and companies currently held.
    public var counts: (contacts: Int, companies: Int) {
        state.withLock { ($0.store.contacts.count, $0.store.companies.count) }
    }

    // MARK: - API calls

    private func api(_ request: ServerRequest, record: inout RequestRecord) -> ServerResponse {
        let endpoint: Endpoint, id: String?
        switch Endpoint.route(method: request.method, path: request.path, segments: request.pathSegments) {
        case .failure(let error):
            return error.response()
        case .success(let route):
            (endpoint, id) = route
        }
        record.endpoint = endpoint
        let (mode, latency, timeoutMs) = state.withLock { state in
            state.stats.calls[endpoint, default: 0] += 1
            if endpoint == .search { state.stats.recordSearch(request.body) }
            let mode = state.faults.mode(for: endpoint)
            if mode != .normal { state.stats.faulted += 1 }
            return (mode, state.faults.latency(for: endpoint), state.faults.timeoutMs)
        }
        switch mode {
        case .down: return .closeWithoutAnswer
        case .timeout: return .stall(seconds: Double(timeoutMs) / 1000)
        case .normal: break
        }
        if latency > 0 { configuration.clock.sleep(latency) }
        let token = configuration.tokens.authenticate(request.headers["authorization"])
        record.tokenLabel = token?.label
        let response = answer(endpoint, id: id, request: request, token: token)
        state.withLock { $0.stats.statuses[response.status, default: 0] += 1 }
        return response
    }

    private func answer(_ endpoint: Endpoint, id: String?, request: ServerRequest, token: AccessToken?) -> ServerResponse {
        let fault = state.withLock { state in
            let fault = state.faults.takeStatusFault(for: endpoint)
            if fault != nil { state.stats.faulted += 1 }
            return fault
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
        if endpoint == .search {
            let now = configuration.clock.monotonicNanoseconds()
            let admitted = state.withLock { state in
                let admitted = state.limiter.admit(token.label, limit: configuration.searchRatePerSecond, now: now)
                if !admitted { state.stats.rateLimited += 1 }
                return admitted
            }
            guard admitted else { return APIError.rateLimited().response() }
        }
        do {
            switch endpoint {
            case .search: return try search(request)
            case .list: return try list(request)
            case .get: return try getContact(id ?? "", request)
            case .create: return try create(request)
            case .company: return try getCompany(id ?? "", request)
            }
        } catch {
            return error.response()
        }
    }
}
