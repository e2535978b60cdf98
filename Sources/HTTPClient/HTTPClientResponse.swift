/// The final HTTP response to a request: any status, 4xx and 5xx included (they are answers,
/// not errors).
///
/// ```swift
/// let response = try client.send(HTTPClientRequest(url: "http://127.0.0.1:8080/health"))
/// if response.status == 429, let wait = response.header("Retry-After") { … }
/// ```
public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// Names lowercased, in the order received. Only the final response's headers: those of an
    /// interim `100 Continue` or a proxy's `CONNECT` answer are dropped, and so are trailers.
    public var headers: [(name: String, value: String)]
    /// At most `maxResponseBytes` long; decoded (gzip, deflate, br, zstd) when the client's
    /// `acceptCompressedResponses` is on.
    public var body: [UInt8]
    /// True when the request went over a kept-alive connection instead of a new one
    /// (curl's `CURLINFO_NUM_CONNECTS` was 0).
    public var reusedConnection: Bool

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                reusedConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.reusedConnection = reusedConnection
    }

    /// The first header named `name`, compared case-insensitively (ASCII); nil when absent.
    public func header(_ name: String) -> String? {
        let wanted = ASCII.lowercased(name)
        return headers.first { ASCII.lowercased($0.name) == wanted }?.value
    }
}
