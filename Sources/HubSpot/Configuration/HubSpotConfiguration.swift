import Base
import PhoneNumbers

/// How to reach HubSpot, read from the environment.
///
/// ```sh
/// HUBSPOT_ACCESS_TOKEN=pat-na1-…            # or HUBSPOT_API_KEY
/// HUBSPOT_BASE_URL=https://api.hubapi.com   # the bundled emulator in tests and the demo
/// ```
public struct HubSpotConfiguration: Sendable {
    public var accessToken: Secret?
    public var baseURL: String
    /// Time to establish a connection.
    public var connectTimeout: Duration
    /// Time for one HubSpot request, connection included: the default budget of every call.
    public var requestTimeout: Duration
    /// The HubSpot account (portal) id, for links to contact records.
    public var portalID: String?
    /// How to read numbers typed without a country code.
    public var defaultRegion: PhoneRegion
    /// An extra CA bundle for HTTPS to HubSpot (tests, corporate proxies).
    public var caFile: String?
    /// Seconds between checks of the HubSpot connection (``ConnectionMonitor``) while it works;
    /// at most 30 while it fails.
    public var checkInterval: Double

    public static let defaultBaseURL = "https://api.hubapi.com"

    public init(accessToken: Secret?, baseURL: String = Self.defaultBaseURL, connectTimeout: Duration = .seconds(1),
                requestTimeout: Duration = .seconds(3), portalID: String? = nil, defaultRegion: PhoneRegion = .us,
                caFile: String? = nil, checkInterval: Double = 300) {
        self.accessToken = accessToken
        self.baseURL = baseURL
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.portalID = portalID
        self.defaultRegion = defaultRegion
        self.caFile = caFile
        self.checkInterval = checkInterval
    }

    public init(environment: Environment) throws(ConfigurationError) {
        let token = environment["HUBSPOT_ACCESS_TOKEN"] ?? environment["HUBSPOT_API_KEY"]
        var baseURL = environment["HUBSPOT_BASE_URL"] ?? Self.defaultBaseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw ConfigurationError("HUBSPOT_BASE_URL must start with https:// or http://, not '\(baseURL)'")
        }
        let regionCode = environment["DEFAULT_REGION"] ?? "US"
        guard let region = PhoneRegion(regionCode) else {
            throw ConfigurationError("DEFAULT_REGION must be a two-letter region such as US, CA or GB, not '\(regionCode)'")
        }
        if let portal = environment["HUBSPOT_PORTAL_ID"], !portal.allSatisfy(\.isNumber) {
            throw ConfigurationError("HUBSPOT_PORTAL_ID must be digits, not '\(portal)'")
        }
        self.init(accessToken: token.map(Secret.init), baseURL: baseURL,
                  connectTimeout: .milliseconds(try environment.number("HUBSPOT_CONNECT_TIMEOUT_MS", default: 1000,
                                                                       in: 10...60_000)),
                  requestTimeout: .milliseconds(try environment.number("HUBSPOT_TIMEOUT_MS", default: 3000,
                                                                       in: 50...120_000)),
                  portalID: environment["HUBSPOT_PORTAL_ID"], defaultRegion: region,
                  caFile: environment["HUBSPOT_CA_FILE"],
                  checkInterval: try environment.number("HUBSPOT_CHECK_INTERVAL_SECONDS", default: 300, in: 1...86_400))
    }
}
