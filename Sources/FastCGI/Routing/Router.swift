import Base

/// Maps a method and path to a handler; answers 404 and 405 (with `Allow`) itself.
///
/// ```swift
/// var router = Router()
/// router.get("/api/contacts/health") { _ in Response(json: ["status": "ok"]) }
/// ```
public struct Router: Sendable {
    /// A request handler. Handlers run on a worker thread and may block (e.g. on HubSpot).
    public typealias Handler = @Sendable (RoutedRequest) throws -> Response

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: PathPattern
        let maxBodyBytes: Int
        let crossSite: CrossSitePolicy
        let handler: Handler
    }

    /// The body limit of a route that does not say otherwise. Most endpoints take no body;
    /// nginx enforces its own limits in front of this.
    public static let defaultMaxBodyBytes = 64 * 1024

    private(set) var routes: [Route] = []

    public init() {}

    /// Adds a route. State-changing methods are refused cross-site unless `crossSite` says the
    /// request authenticates itself (``CrossSitePolicy``).
    public mutating func add(_ method: HTTPMethod, _ pattern: String,
                             maxBodyBytes: Int = Router.defaultMaxBodyBytes,
                             crossSite: CrossSitePolicy = .refuseCrossSite, handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: PathPattern(pattern), maxBodyBytes: maxBodyBytes,
                            crossSite: crossSite, handler: handler))
    }

    public mutating func get(_ pattern: String, handler: @escaping Handler) {
        add(.get, pattern, maxBodyBytes: 0, handler: handler)
    }

    public mutating func post(_ pattern: String, maxBodyBytes: Int = Router.defaultMaxBodyBytes,
                              crossSite: CrossSitePolicy = .refuseCrossSite, handler: @escaping Handler) {
        add(.post, pattern, maxBodyBytes: maxBodyBytes, crossSite: crossSite, handler: handler)
    }

    /// What the router decided for a request.
    enum Resolution {
        case handler(Route, captures: Captures)
        case failure(HTTPError)
    }

    /// HEAD is served by the GET route, as HTTP requires.
    func resolve(method: HTTPMethod, pathSegments: [String], displayPath: String) -> Resolution {
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let captures = route.pattern.match(pathSegments) else { continue }
            if route.method == method || (method == .head && route.method == .get) {
                return .handler(route, captures: captures)
            }
            allowed.append(route.method)
            if route.method == .get { allowed.append(.head) }
        }
        if allowed.isEmpty { return .failure(.notFound(path: displayPath)) }
        return .failure(.methodNotAllowed(method, allowed: allowed))
    }
}

/// A request together with the values captured from its route pattern.
public struct RoutedRequest: Sendable {
    public let request: Request
    public let captures: Captures

    /// The value captured by `{name}` in the route pattern.
    public func capture(_ name: String) -> String {
        captures[name] ?? ""
    }
}
