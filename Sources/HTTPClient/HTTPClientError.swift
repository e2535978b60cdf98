/// Why a request got no HTTP response. A response with any status code is not an error.
///
/// ```swift
/// do { response = try client.send(request) }
/// catch where error.kind == .timeout { … }
/// ```
/// `message` comes from curl's error code and error buffer, which describe the transport (host,
/// port, elapsed time), never the request: it holds no header value and no body, so it is safe to
/// log and to show. Header values that curl might ever echo are redacted all the same.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely enough to decide between retrying, reporting and giving up.
    public enum Kind: Sendable, Equatable {
        /// The total or connect timeout expired (`CURLE_OPERATION_TIMEDOUT`).
        case timeout
        /// No connection: refused, unreachable, or the name did not resolve.
        case connectFailed
        /// The TLS handshake or certificate verification failed, or the CA file is unusable.
        case tls
        /// The body grew past `maxResponseBytes`; the transfer was aborted.
        case responseTooLarge
        /// The URL is malformed, or its scheme is not http or https.
        case invalidURL
        /// Anything else: the server broke the protocol, a header was refused, out of memory.
        case other
    }

    public let kind: Kind
    /// For people; see the type's documentation for what it never contains.
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}
