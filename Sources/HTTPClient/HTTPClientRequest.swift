/// One HTTP request for ``HTTPClient/send(_:timeout:)``.
///
/// ```swift
/// let request = HTTPClientRequest(method: "POST", url: "https://api.hubapi.com/crm/v3/objects/contacts/search",
///                                 headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json")],
///                                 body: Array(json.utf8))
/// ```
/// Header names must be HTTP tokens and values must not contain CR, LF or NUL; the client refuses
/// such a request rather than let a value smuggle in extra header lines. An empty value is sent
/// as an empty header. Headers the caller does not set are not invented: no `Expect`, and no
/// `Content-Type` (curl would otherwise label every body as a form).
public struct HTTPClientRequest: Sendable {
    /// The method, sent as given: "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ….
    public var method: String
    /// An absolute `http://` or `https://` URL; other schemes are refused as ``HTTPClientError/Kind/invalidURL``.
    public var url: String
    /// Sent in order, after curl's own `Host`, `User-Agent` and `Accept-Encoding`; a header with
    /// the same name as one of those replaces it.
    public var headers: [(name: String, value: String)]
    /// Sent byte for byte (NUL included) with a `Content-Length`; `nil` sends no body. A `HEAD`
    /// request never sends one.
    public var body: [UInt8]?
    /// Sent at most once: over a connection of its own, closed afterwards. A kept-alive
    /// connection can turn out dead only after the request was written to it, and curl then
    /// sends the request again on a new one; for a request that must not be repeated (a text
    /// message) that second copy is a second effect. Costs a new connection per request.
    public var atMostOnce: Bool

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: [UInt8]? = nil, atMostOnce: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.atMostOnce = atMostOnce
    }
}
