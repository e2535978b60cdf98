/// Settings shared by every request of one ``HTTPClient``.
///
/// ```swift
/// var configuration = HTTPClientConfiguration()
/// configuration.totalTimeout = .seconds(3)
/// configuration.caFile = "/etc/hubspot-fcgi/extra-ca.pem"
/// let client = HTTPClient(configuration: configuration)
/// ```
public struct HTTPClientConfiguration: Sendable {
    /// Time allowed for DNS, TCP and TLS setup of a new connection (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration = .seconds(2)
    /// Time allowed for a whole request, connecting included, unless `send` is given its own
    /// timeout (`CURLOPT_TIMEOUT_MS`).
    public var totalTimeout: Duration = .seconds(5)
    /// The largest decoded response body accepted; a larger one ends in
    /// ``HTTPClientError/Kind/responseTooLarge``.
    public var maxResponseBytes: Int = 8 << 20
    /// A PEM CA bundle to trust (`CURLOPT_CAINFO`), used in place of the system bundle file; the
    /// system certificate directory (`/etc/ssl/certs` on Debian) stays trusted. nil: system default.
    public var caFile: String? = nil
    /// The `User-Agent` header; a request header of that name overrides it.
    public var userAgent: String = "hubspot-fcgi"
    /// Connect through this Unix-domain socket instead of TCP (`CURLOPT_UNIX_SOCKET_PATH`); the
    /// URL still supplies the `Host` header and path. nil: TCP.
    public var unixSocketPath: String? = nil
    /// Sends `Accept-Encoding` for every encoding curl can decode and decodes the body
    /// (`CURLOPT_ACCEPT_ENCODING ""`). `maxResponseBytes` limits the decoded size.
    public var acceptCompressedResponses: Bool = true

    public init() {}
}
