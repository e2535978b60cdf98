import Base

/// How to reach OpenPhone's REST API, read from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `OPENPHONE_API_KEY` | none | the workspace's API key; without it every call throws ``OpenPhoneError/Kind/notConfigured`` |
/// | `OPENPHONE_BASE_URL` | `https://api.openphone.com` | the emulator's URL in tests and the demo |
/// | `OPENPHONE_FROM` | none | the line to send from, `PN…` or E.164; unset: see ``OpenPhoneClient/sender(timeout:)`` |
/// | `OPENPHONE_TIMEOUT_MS` | 5000 | one call's whole budget: rate-token wait, connecting and the answer |
/// | `OPENPHONE_CA_FILE` | none | an extra CA bundle for HTTPS to OpenPhone (tests, corporate proxies) |
/// | `OPENPHONE_RATE` | 10 /s | OpenPhone calls per second for the whole stack (OpenPhone allows 10 per key) |
///
/// ```swift
/// let configuration = try OpenPhoneConfiguration(environment: .current())
/// let client = OpenPhoneClient(configuration: configuration)
/// ```
public struct OpenPhoneConfiguration: Sendable, CustomStringConvertible {
    public var apiKey: Secret?
    /// Without a trailing slash.
    public var baseURL: String
    /// Overrides the choice of line when set.
    public var sender: MessageSender?
    public var timeout: Duration
    public var caFile: String?
    /// Requests per second for the whole stack.
    public var rate: Double

    public static let defaultBaseURL = "https://api.openphone.com"

    public init(apiKey: Secret?, baseURL: String = Self.defaultBaseURL, sender: MessageSender? = nil,
                timeout: Duration = .seconds(5), caFile: String? = nil, rate: Double = 10) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.sender = sender
        self.timeout = timeout
        self.caFile = caFile
        self.rate = rate
    }

    public init(environment: Environment) throws(ConfigurationError) {
        let key = environment["OPENPHONE_API_KEY"]
        // A key with blanks or control characters would be refused as a header (or split one):
        // say so without showing the value.
        if let key, !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw ConfigurationError("OPENPHONE_API_KEY must be printable ASCII without blanks (its value is not shown)")
        }
        var baseURL = environment["OPENPHONE_BASE_URL"] ?? Self.defaultBaseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw ConfigurationError("OPENPHONE_BASE_URL must start with https:// or http://, not '\(baseURL)'")
        }
        var sender: MessageSender?
        if let from = environment["OPENPHONE_FROM"] {
            guard let parsed = MessageSender(from) else {
                throw ConfigurationError("OPENPHONE_FROM must be a phone number id (PN…) or an E.164 number (+15555550100), not '\(from)'")
            }
            sender = parsed
        }
        let milliseconds = try environment.number("OPENPHONE_TIMEOUT_MS", default: 5000, in: 50...120_000)
        self.init(apiKey: key.map(Secret.init), baseURL: baseURL, sender: sender,
                  timeout: .milliseconds(Int64(milliseconds)), caFile: environment["OPENPHONE_CA_FILE"],
                  rate: try environment.number("OPENPHONE_RATE", default: 10, in: 0.1...1000))
    }

    /// Every setting but the key, for a startup log line.
    public var description: String {
        "OpenPhoneConfiguration(apiKey: \(apiKey == nil ? "none" : "[redacted]"), baseURL: \(baseURL), "
            + "sender: \(sender?.wireValue ?? "automatic"), timeout: \(timeout), caFile: \(caFile ?? "none"), rate: \(rate)/s)"
    }
}
