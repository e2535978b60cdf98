import Base

/// Turns FastCGI parameters plus a body source into a response: parsing, routing, the body
/// limit, the cross-site check and error rendering. Free of libfcgi so every branch is unit-testable.
public struct Dispatcher: Sendable {
    public let router: Router

    public init(router: Router) { self.router = router }

    /// Produces the response for one request. `readBody` is called at most once, and only when
    /// the declared length fits the route's limit: an oversized body is refused with 413
    /// without reading it.
    public func respond<Parameters: Sequence>(
        to parameters: Parameters, readBody: (_ length: Int) -> [UInt8]
    ) -> (response: Response, request: Request?)
    where Parameters.Element == (key: String, value: String) {
        var request: Request
        do {
            request = try Request(parameters: parameters)
        } catch {
            return (error.response, nil)
        }
        switch router.resolve(method: request.method, pathSegments: request.pathSegments,
                              displayPath: request.rawPath) {
        case .failure(let error):
            return (error.response, request)
        case .handler(let route, let captures):
            guard request.contentLength <= route.maxBodyBytes else {
                return (HTTPError.bodyTooLarge(limit: route.maxBodyBytes).response, request)
            }
            // Before the body is read: a refused request's body is never looked at.
            if let violation = route.crossSite.violation(by: request) {
                return (violation.response, request)
            }
            if request.contentLength > 0 { request.body = readBody(request.contentLength) }
            return (invoke(route, RoutedRequest(request: request, captures: captures)), request)
        }
    }

    private func invoke(_ route: Router.Route, _ routed: RoutedRequest) -> Response {
        do {
            return try route.handler(routed)
        } catch let error as HTTPError {
            return error.response
        } catch {
            // The error's type is logged, not its text: texts of lower layers may quote data.
            Log.error("handler_failed", ["path": routed.request.rawPath, "error_type": "\(type(of: error))"])
            return HTTPError.internalError.response
        }
    }
}
