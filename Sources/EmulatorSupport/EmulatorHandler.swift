import Base
import HTTPServer

/// The front of an emulator's request handling: `/__emulator` and `/__emulator/…` go to its
/// control paths, everything else to its API; each request is timed and reported once as a
/// ``RequestRecord`` whose outcome comes from the response's action.
///
/// ```swift
/// @Sendable public func handle(_ request: ServerRequest) -> ServerResponse {
///     EmulatorHandler(clock: configuration.clock, onRequest: configuration.onRequest)
///         .handle(request, control: control, api: api)
/// }
/// ```
public struct EmulatorHandler<Endpoint: RawRepresentable<String> & Sendable>: Sendable {
    public var clock: EmulatorClock
    /// Called after every request (access logging).
    public var onRequest: (@Sendable (RequestRecord<Endpoint>) -> Void)?

    public init(clock: EmulatorClock, onRequest: (@Sendable (RequestRecord<Endpoint>) -> Void)?) {
        self.clock = clock
        self.onRequest = onRequest
    }

    /// Whether `path` is one of the emulator's own control paths rather than the API's.
    public static func isControlPath(_ path: String) -> Bool {
        path == "/__emulator" || path.hasPrefix("/__emulator/")
    }

    /// Answers `request` with `control` or `api`; `api` fills in what it learns (the endpoint,
    /// the credential's label) on the record.
    public func handle(_ request: ServerRequest, control: (ServerRequest) -> ServerResponse,
                       api: (ServerRequest, inout RequestRecord<Endpoint>) -> ServerResponse) -> ServerResponse {
        let started = clock.monotonic()
        var record = RequestRecord<Endpoint>(method: request.method, path: request.path)
        let response = Self.isControlPath(request.path) ? control(request) : api(request, &record)
        switch response.action {
        case .answer: record.status = response.status
        case .close: record.outcome = .closed
        case .stall: record.outcome = .stalled
        }
        record.milliseconds = clock.monotonic().seconds(since: started) * 1000
        onRequest?(record)
        return response
    }
}
