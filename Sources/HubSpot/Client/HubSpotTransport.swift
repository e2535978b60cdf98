import HTTPClient

/// How ``HubSpotClient`` gets a request to HubSpot and the answer back: the HTTP client in
/// production, an in-process fake in tests (no socket, no server).
///
/// ```swift
/// let client = HubSpotClient(configuration: configuration, transport: HTTPClient())
/// ```
public protocol HubSpotTransport: Sendable {
    /// Sends `request` and returns HubSpot's answer, whatever its status; throws when no answer
    /// came within `timeout` (nil: the transport's own limit) or the exchange failed.
    func send(_ request: HTTPClientRequest, timeout: Duration?) throws(HTTPClientError) -> HTTPClientResponse
}

extension HTTPClient: HubSpotTransport {}
