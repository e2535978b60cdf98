/// A blocking HTTP/1.1 and HTTPS client over libcurl, shared by all threads of a process.
///
/// ```swift
/// let client = HTTPClient()
/// let response = try client.send(HTTPClientRequest(url: "https://api.hubapi.com/crm/v3/objects/contacts?limit=1",
///                                                  headers: [("Authorization", "Bearer " + token)]))
/// print(response.status, response.header("content-type") ?? "")
/// ```
/// Each `send` borrows an idle curl easy handle, so concurrent calls never share one and
/// sequential calls reuse the connection the previous one left open. Redirects are not followed;
/// statuses of every kind are returned, not thrown.
///
/// `send` blocks its thread for up to the timeout: call it from worker threads, not from Swift
/// concurrency's cooperative pool. Create the client after `fork()`, in the process that uses it:
/// open connections must not be shared between processes. Like curl, it honours the
/// `https_proxy`/`http_proxy`/`no_proxy` environment variables.
public final class HTTPClient: Sendable {
    /// Idle handles kept beyond that are closed; more than a worker's thread count buys nothing.
    static let idleHandleLimit = 32

    public let configuration: HTTPClientConfiguration
    let pool = HandlePool(capacity: HTTPClient.idleHandleLimit)

    public init(configuration: HTTPClientConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Sends one request; reuses connections (keep-alive) across calls and threads.
    ///
    /// - Parameter timeout: time for this request, connecting included; nil uses
    ///   `configuration.totalTimeout`.
    /// - Returns: the final response, whatever its status.
    /// - Throws: ``HTTPClientError`` when there is no response: timeout, connection or TLS failure,
    ///   a body over `maxResponseBytes`, an unusable URL, an invalid header or method.
    public func send(_ request: HTTPClientRequest, timeout: Duration? = nil) throws(HTTPClientError) -> HTTPClientResponse {
        let headers = try RequestHeaderList(request.headers)
        guard let handle = pool.checkOut() else {
            throw HTTPClientError(kind: .other, message: "libcurl could not create a handle")
        }
        defer { pool.checkIn(handle) }
        return try handle.transfer(request, headers: headers, configuration: configuration,
                                   timeout: timeout ?? configuration.totalTimeout)
    }
}
