import HTTPClient

/// How ``OpenPhoneClient`` gets a request to OpenPhone and the answer back: the HTTP client in
/// production, an in-process fake in tests (no socket, no server).
///
/// ```swift
/// let client = OpenPhoneClient(configuration: configuration, transport: HTTPClient())
/// ```
public protocol OpenPhoneTransport: Sendable {
    /// Sends `request` and returns OpenPhone's answer, whatever its status; throws when no answer
    /// came within `timeout` (nil: the transport's own limit) or the exchange failed.
    func send(_ request: HTTPClientRequest, timeout: Duration?) throws(HTTPClientError) -> HTTPClientResponse
}

extension HTTPClient: OpenPhoneTransport {}
